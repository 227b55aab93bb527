from functools import cache

from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The header's unread count. A callable, so it is counted (once, one query) only on a page that
    shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "actor", None) is None:
        return {"unread_notifications": 0}
    return {"unread_notifications": cache(lambda: unread_count(user))}
