"""API of absence imports: /api/v1/absence-imports/ — the principal's schools' imports, upload (multipart:
school, school_year, file), an import with its preview, row errors and progress, the column mapping and
confirmation. Pupils' data: the second factor is required (`SecondFactor`), and reads are logged.

Thin views as in roles/api.py: selectors scope (another municipality's import or school is a 404),
`absences.services.imports` decides and writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import TenantViewSetMixin
from schools import selectors as school_selectors
from schools.tenancy import Actor

from . import access_log, policies, selectors
from .importing.mapping import FIELD_KEYS
from .models import AbsenceClass, AbsenceImport
from .otp import SecondFactor
from .services import imports as services


def _detail_pk(view: Any) -> int:
    try:
        return int(view.kwargs["pk"])
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line in the file (the header is 1; 0: the whole file).")
    message = serializers.CharField()


class PreviewDaySerializer(serializers.Serializer):
    pupil_id = serializers.CharField(source="source_id")
    date = serializers.DateField()
    lessons_held = serializers.IntegerField(allow_null=True)
    excused = serializers.IntegerField()
    unexcused = serializers.IntegerField()
    other = serializers.IntegerField()
    lines = serializers.ListField(child=serializers.IntegerField())


class PreviewSerializer(serializers.Serializer):
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.IntegerField()
    day_count = serializers.IntegerField()
    days = PreviewDaySerializer(many=True, help_text="The first 20 pupil days.")
    pupils_new = serializers.ListField(child=serializers.CharField(), help_text="Ids created on import.")
    pupils_existing = serializers.IntegerField()
    date_first = serializers.DateField(allow_null=True)
    date_last = serializers.DateField(allow_null=True)
    errors = ImportErrorSerializer(many=True, help_text="The first 100 row errors.")
    error_count = serializers.IntegerField()
    mapping_problems = serializers.ListField(child=serializers.CharField())
    class_values = serializers.ListField(child=serializers.CharField())


class MappingSerializer(serializers.Serializer):
    columns = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=f"Field → the file's column header. Fields: {', '.join(FIELD_KEYS)}.",
    )
    values = serializers.DictField(
        child=serializers.ChoiceField(choices=AbsenceClass.choices),
        required=False,
        help_text="The file's absence-class value → excused, unexcused or other.",
    )


class AbsenceImportSerializer(serializers.ModelSerializer):
    mapping = MappingSerializer(read_only=True)
    errors = ImportErrorSerializer(many=True, read_only=True)

    class Meta:
        model = AbsenceImport
        fields = [
            "id", "school", "school_year", "filename", "sha256", "encoding", "delimiter", "mapping", "state",
            "rows_total", "rows_done", "rows_new", "errors", "created_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class AbsenceImportDetailSerializer(AbsenceImportSerializer):
    preview = serializers.SerializerMethodField(help_text="While waiting for confirmation; else null.")

    class Meta(AbsenceImportSerializer.Meta):
        fields = [*AbsenceImportSerializer.Meta.fields, "preview"]
        read_only_fields = fields

    @extend_schema_field(PreviewSerializer(allow_null=True))
    def get_preview(self, imp: AbsenceImport) -> dict | None:
        preview = self.context.get("preview")
        return PreviewSerializer(preview).data if preview is not None else None


class UploadSerializer(serializers.Serializer):
    school = serializers.IntegerField(min_value=1)
    school_year = serializers.IntegerField(min_value=1)
    file = serializers.FileField(help_text="CSV (UTF-8 or Windows-1252) or .xlsx.")


class ImportSecondFactor(SecondFactor):
    """`SecondFactor`, safe for token clients: django-otp's middleware only wraps a session's user, so a
    token-authenticated user has no `is_verified` and can prove the factor only with X-OTP."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not hasattr(request.user, "is_verified"):
            code = request.headers.get("X-OTP", "")
            return bool(code and code.isascii() and code.isdigit() and match_token(request.user, code))
        return super().has_permission(request, view)


class AbsenceImportViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The principal's schools' absence imports. Upload a file (multipart), check the preview and the
    row errors, set the column mapping if the guess is wrong, then confirm: a background task imports
    it all or nothing, `rows_done` shows its progress. A second factor is required."""

    queryset = AbsenceImport.objects.none()
    serializer_class = AbsenceImportSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, ImportSecondFactor]
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return AbsenceImportDetailSerializer if self.action != "list" else AbsenceImportSerializer

    def scoped_queryset(self, actor: Actor) -> QuerySet[AbsenceImport]:
        return selectors.imports_in(actor).filter(school_id__in=policies.principal_schools_now(actor))

    def get_object(self) -> AbsenceImport:
        return selectors.access_import(self.actor, _detail_pk(self))

    def _detail(self, imp: AbsenceImport, *, status_code: int = 200) -> Response:
        context = self.get_serializer_context()
        if imp.state == "preview":
            context["preview"] = services.import_preview(imp)
            if context["preview"].days:
                access_log.record(
                    self.actor, f"absence import preview {imp.pk}", school_id=imp.school_id, via="api"
                )
        return Response(AbsenceImportDetailSerializer(imp, context=context).data, status=status_code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object())

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses={201: AbsenceImportDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        data = self.validated_input(UploadSerializer)
        school = school_selectors.access_school(self.actor, data["school"])
        year = school_selectors.access_school_year(self.actor, data["school_year"])
        upload = data["file"]
        if not policies.pupils.can_import(self.actor, school):
            raise PermissionDenied
        if upload.size > services.max_bytes():
            # Refused before the file is read into memory (the service checks the bytes again).
            raise ValidationError(
                {"file": _("The file is too large (%(size)s): at most %(max)s.")
                 % {"size": filesizeformat(upload.size), "max": filesizeformat(services.max_bytes())}}
            )  # fmt: skip
        imp = services.import_upload(self.actor, school, year, upload.name, upload.read())
        return self._detail(selectors.access_import(self.actor, imp.pk), status_code=status.HTTP_201_CREATED)

    @extend_schema(request=MappingSerializer, responses=AbsenceImportDetailSerializer)
    @action(detail=True, methods=["post"])
    def mapping(self, request: Request, pk: str) -> Response:
        imp = self.get_object()
        data = self.validated_input(MappingSerializer)
        services.import_set_mapping(self.actor, imp, data)
        return self._detail(self.get_object())

    @extend_schema(request=None, responses={202: AbsenceImportDetailSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        imp = self.get_object()
        services.import_confirm(self.actor, imp)
        return self._detail(self.get_object(), status_code=status.HTTP_202_ACCEPTED)


def register(router: DefaultRouter) -> None:
    router.register("absence-imports", AbsenceImportViewSet, basename="absence-import")
