"""URLs of the follow-up case pages (included by config/urls.py)."""

from .views.cases import urlpatterns

__all__ = ["urlpatterns"]
