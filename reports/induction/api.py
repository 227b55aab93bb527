"""API of the staff induction pack: ask for a pack (POST), follow its progress (GET), download it.

As the page: `services.request_pack` serves a pack whose content has not changed from storage and
queues a print otherwise; another municipality's school, year, role or pack is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import IdRelatedField, TenantViewSetMixin
from reports.models import InductionPack, PackStatus
from roles.models import Role
from schools import selectors as school_selectors
from schools.models import School, SchoolYear
from schools.tenancy import Actor

from . import selectors, services


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the download answers with the bytes as they are
    (its "not ready" answer stays JSON)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


class InductionPackSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="induction-pack-detail")
    download_url = serializers.SerializerMethodField(help_text="Where the PDF is, once `status` is ready.")
    error = serializers.SerializerMethodField(help_text="Why the print failed, in the request's language.")
    school = IdRelatedField(read_only=True)
    school_year = IdRelatedField(read_only=True)
    role = IdRelatedField(read_only=True)

    class Meta:
        model = InductionPack
        fields = [
            "id", "url", "school", "school_year", "role", "status", "progress", "pages", "filename",
            "requested_at", "rendered_at", "error", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, pack: InductionPack) -> str | None:
        if pack.status != PackStatus.READY:
            return None
        request = self.context.get("request")
        url = reverse("induction-pack-download", kwargs={"pk": pack.pk})
        return request.build_absolute_uri(url) if request is not None else url

    def get_error(self, pack: InductionPack) -> str:
        return _(pack.error) if pack.error else ""


class InductionPackRequestSerializer(serializers.Serializer):
    school = IdRelatedField(queryset=School.objects.none())
    school_year = IdRelatedField(queryset=SchoolYear.objects.none())
    role = IdRelatedField(
        queryset=Role.objects.none(), allow_null=True, required=False, help_text="The role put first."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["school"].queryset = school_selectors.schools_for(actor)
            self.fields["school_year"].queryset = school_selectors.school_years_for(actor)
            self.fields["role"].queryset = selectors.roles_for_packs(actor)


class InductionPackViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Induction packs the actor may have: their status and progress (0–100)."""

    queryset = InductionPack.objects.none()
    serializer_class = InductionPackSerializer

    def scoped_queryset(self, actor: Actor):
        return selectors.visible_packs(actor)

    def get_object(self) -> InductionPack:
        pack = selectors.access_pack(self.actor, self.kwargs["pk"])
        self.check_object_permissions(self.request, pack)
        return pack

    @extend_schema(
        request=InductionPackRequestSerializer,
        responses={
            200: OpenApiResponse(InductionPackSerializer, description="Unchanged since printed: ready."),
            202: OpenApiResponse(InductionPackSerializer, description="Queued or being printed."),
        },
    )
    def create(self, request: Request) -> Response:
        """Ask for the pack of a school and school year (optionally with one role first). A pack whose
        content has not changed is answered at once (200); otherwise it is printed in the background
        (202): follow `url` until `status` is ready."""
        data = self.validated_input(InductionPackRequestSerializer)
        pack = services.request_pack(self.actor, data["school"], data["school_year"], data.get("role"))
        code = status.HTTP_200_OK if pack.status == PackStatus.READY else status.HTTP_202_ACCEPTED
        return self.output(pack, status=code)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            409: OpenApiResponse(description="Not ready yet (JSON `detail`)."),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The stored PDF (binary), once the pack is ready."""
        pack = self.get_object()
        if pack.status != PackStatus.READY:
            return Response(
                {"detail": _("The induction pack is not ready yet."), "status": pack.status},
                status=status.HTTP_409_CONFLICT,
            )
        response = HttpResponse(selectors.pack_content(pack), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


def register(router: DefaultRouter) -> None:
    """Adds this part's endpoints to the API router."""
    router.register("induction-packs", InductionPackViewSet, basename="induction-pack")
