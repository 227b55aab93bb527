from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(membership_id: int | None = None, invitation_id: int | None = None) -> bool:
    """A new member's invitation (`membership_id`) or an existing account's pending one (`invitation_id`)."""
    return services.invitation_email_send(membership_id=membership_id, invitation_id=invitation_id)


@shared_task
def send_due_notifications() -> int:
    from .notifications import send_due

    return send_due()
