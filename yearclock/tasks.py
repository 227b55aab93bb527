from celery import shared_task

from .services import digest


@shared_task
def schedule_month_digests() -> int:
    """Daily: schedule the current month's digests (a second run of the month schedules nobody)."""
    return digest.month_digests_schedule_all()
