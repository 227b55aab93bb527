from celery import shared_task

from . import services


@shared_task
def queue_deadline_reminders() -> int:
    return services.deadline_reminders_queue()


@shared_task(acks_late=True)
def render_published_pdf(revision_id: int) -> bool:
    """Print a published revision once, right after publication (the download then serves it)."""
    from .documents import published_pdf_render
    from .models import RolesToolRevision

    revision = RolesToolRevision.objects.filter(pk=revision_id).first()
    if revision is None:
        return False
    published_pdf_render(revision)
    return True
