from celery import shared_task


@shared_task(acks_late=True)
def render_pack(pack_id: int) -> str | None:
    """Print a queued induction pack and store it. Idempotent: a redelivered message finds it ready."""
    from .services import pack_render

    pack = pack_render(pack_id)
    return pack.status if pack is not None else None
