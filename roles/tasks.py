from celery import shared_task

from . import services


@shared_task
def queue_deadline_reminders() -> int:
    return services.deadline_reminders_queue()


@shared_task(acks_late=True)
def render_published_pdf(revision_id: int, kind: str | None = None) -> bool:
    """Print a published revision once, right after publication (the download then serves it):
    the handbook and the slide deck, or only `kind` when a download found that one missing."""
    from .documents import published_pdf_render
    from .models import PdfKind, RolesToolRevision

    revision = RolesToolRevision.objects.filter(pk=revision_id).first()
    if revision is None:
        return False
    for each in [kind] if kind else PdfKind.values:
        published_pdf_render(revision, each)
    return True


@shared_task(acks_late=True)
def render_working_copy_pdf(tool_id: int, kind: str = "handbook") -> bool:
    """Print a tool's working copy (`kind`: handbook or slides) when a download finds no print of its
    current state."""
    from .documents import working_copy_pdf_render
    from .models import RolesTool

    tool = RolesTool.objects.select_related("school", "school_year").filter(pk=tool_id).first()
    if tool is None:
        return False
    working_copy_pdf_render(tool, kind)
    return True
