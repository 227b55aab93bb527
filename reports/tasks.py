"""Celery finds tasks in each app's `tasks` module: the reports layer's live in its parts."""

from .induction.tasks import render_pack

__all__ = ["render_pack"]
