"""The real URL conf plus two views that fail unexpectedly: what a bug would look like to a client."""

from django.urls import path
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


class FailingAPIView(APIView):
    permission_classes: list = []

    def get(self, request, *args, **kwargs):
        raise RuntimeError("an unexpected failure")


def failing_page(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [
    path("api/v1/failing/", FailingAPIView.as_view()),
    path("failing/", failing_page),
    *urlpatterns,
]
