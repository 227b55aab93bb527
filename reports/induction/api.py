from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Adds this part's endpoints to the API router."""
