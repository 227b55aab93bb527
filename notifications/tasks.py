"""Celery tasks of notifications: thin, idempotent, each calling the sender or a service."""

from celery import shared_task

from . import account_mail, sender


@shared_task
def send_due_notifications() -> int:
    return sender.send_due()


@shared_task
def send_daily_digests() -> int:
    return sender.send_daily_digests()


@shared_task
def queue_password_reset(email: str) -> int:
    """Schedule a password reset for the people of `email` (none for an unknown address), off the request
    so that answering takes the same time whether the address is known or not."""
    return account_mail.password_reset_schedule(email=email)
