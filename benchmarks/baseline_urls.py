"""The production URL conf plus one baseline endpoint for benchmarks/pages.py.

The baseline is the floor of a JSON endpoint in this stack: the full middleware chain, one indexed query
and 50 rows through a small DRF ModelSerializer, no authentication. Each page's throughput is reported
as a share of it, so a busy machine slows both alike.
"""

from django.http import Http404
from django.urls import include, path
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.models import PracticalAct

BASELINE_ROWS = 50


class BaselineActSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticalAct
        fields = ["id", "tool", "role", "section", "text", "months", "with_whom", "order"]


class BaselineView(APIView):
    """50 practical acts of one tool: `WHERE tool_id = %s ORDER BY id LIMIT 50` (the tool_id index)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    def get(self, request: Request) -> Response:
        try:
            tool_id = int(request.query_params["tool"])
        except (KeyError, ValueError):
            raise Http404 from None
        acts = PracticalAct.objects.filter(tool_id=tool_id).order_by("id")[:BASELINE_ROWS]
        return Response(BaselineActSerializer(acts, many=True).data)


urlpatterns = [
    path("bench/baseline/", BaselineView.as_view(), name="bench_baseline"),
    path("", include("config.urls")),
]
