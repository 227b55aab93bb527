from celery import shared_task

from . import services


@shared_task
def queue_deadline_reminders() -> int:
    return services.deadline_reminders_queue()
