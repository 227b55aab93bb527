from celery import shared_task


@shared_task(acks_late=True)
def run_import(import_id: int) -> str | None:
    """Import a confirmed absence file. Idempotent: a redelivered message finds it done and stops."""
    from .services.imports import import_run

    imp = import_run(import_id)
    return imp.state if imp is not None else None
