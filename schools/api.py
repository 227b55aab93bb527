"""API of schools, school years, assignments and users (to be filled by the API work)."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    pass
