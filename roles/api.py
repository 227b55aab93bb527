"""API of the role catalog and the schools' roles tools: thin views over selectors, policies and services.

The same rules as the pages: every queryset comes from a selector scoped to the actor (another
municipality's object is a 404 like a missing one), permission questions go to roles.policies, and
every write goes through roles.services, which validates before it writes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from audit import selectors as audit_selectors
from audit.serializers import AuditEventSerializer
from core.access import parse_id
from core.api import IdRelatedField, MultilineCharField, OneLineCharField, TenantViewSetMixin
from core.filters import IdFilter
from core.page_cache import cached_data
from schools import selectors as school_selectors
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from . import policies, selectors, services
from .models import (
    ACT_TEXT_MAX_LENGTH,
    MAX_RESPONSIBILITIES,
    RESPONSIBILITY_MAX_LENGTH,
    ROLE_DESCRIPTION_MAX_LENGTH,
    ActSection,
    PracticalAct,
    Role,
    RolesTool,
    RolesToolRevision,
    ToolState,
)


def _detail_pk(view: Any) -> int:
    """The id in the URL; the routes only match digits, so only an out-of-range number can fail."""
    try:
        return int(view.kwargs["pk"])
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None


# --- The catalog ------------------------------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="role-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")
    responsibilities = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="text", help_text="Key responsibilities, in order."
    )
    responsibilities_sv = serializers.SlugRelatedField(
        source="responsibilities",
        many=True,
        read_only=True,
        slug_field="text_sv",
        help_text="The same responsibilities in Swedish, line by line (empty where not written).",
    )

    class Meta:
        model = Role
        fields = [
            "id", "url", "key", "name", "name_fi", "name_sv", "description", "description_sv",
            "order", "is_active", "is_staff_role", "responsibilities", "responsibilities_sv",
        ]  # fmt: skip
        read_only_fields = fields


class RoleWriteSerializer(serializers.Serializer):
    name_fi = OneLineCharField(max_length=120, allow_blank=True)
    name_sv = OneLineCharField(max_length=120, allow_blank=True, default="")
    description = MultilineCharField(
        max_length=ROLE_DESCRIPTION_MAX_LENGTH, allow_blank=True, default="", trim_whitespace=False
    )
    responsibilities = serializers.ListField(
        child=OneLineCharField(max_length=RESPONSIBILITY_MAX_LENGTH, allow_blank=True),
        default=list,
        max_length=MAX_RESPONSIBILITIES,
        help_text="The whole ordered list: it replaces the role's responsibilities. Blank lines are dropped.",
    )
    description_sv = MultilineCharField(
        max_length=ROLE_DESCRIPTION_MAX_LENGTH,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The description in Swedish; empty: Swedish readers see the Finnish one.",
    )
    responsibilities_sv = serializers.ListField(
        child=OneLineCharField(max_length=RESPONSIBILITY_MAX_LENGTH, allow_blank=True),
        default=list,
        max_length=MAX_RESPONSIBILITIES,
        help_text="The responsibilities in Swedish, in the order of `responsibilities`: as many lines, "
        "or none. Blank lines are dropped. Left out of a PATCH: each Finnish line keeps its Swedish text.",
    )


class CanEditCatalog(permissions.BasePermission):
    """Catalog writes and the change history: policies.can_edit_catalog (the city coordinator).

    Checked on the object for detail routes, so another municipality's id is a 404 before any 403.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or view.is_detail_route():
            return True
        return policies.catalog.can_edit(view.actor)

    def has_object_permission(self, request: Request, view: Any, obj: object) -> bool:
        if request.method in permissions.SAFE_METHODS and view.action != "history":
            return True
        return policies.catalog.can_edit(view.actor)


class RoleViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The municipality's role catalog. Every member reads it; the coordinator adds a city's own roles,
    edits texts, retires and restores roles and reads the history. Retired roles are listed to the
    coordinator only, as on the pages."""

    queryset = Role.objects.none()
    serializer_class = RoleSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, CanEditCatalog]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["is_active", "is_staff_role"]
    ordering_fields = ["order", "name_fi"]
    ordering = ["order", "name_fi"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[Role]:
        include_inactive = policies.catalog.can_see_retired(actor) or self.is_detail_route()
        return selectors.roles_for(actor, include_inactive=include_inactive).prefetch_related(
            "responsibilities"
        )

    def get_object(self) -> Role:
        role = selectors.access_role(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, role)
        return role

    def _reloaded(self, role: Role) -> Role:
        return selectors.access_role(self.actor, role.pk)

    @extend_schema(request=RoleWriteSerializer, responses={201: RoleSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(RoleWriteSerializer)
        role = services.role_create(actor=self.actor, **data)
        return self.output(self._reloaded(role), status=status.HTTP_201_CREATED)

    @extend_schema(request=RoleWriteSerializer, responses=RoleSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        role = self.get_object()
        data = self.validated_input(RoleWriteSerializer, partial=partial)
        current = {
            "name_fi": role.name_fi,
            "name_sv": role.name_sv,
            "description": role.description,
            "description_sv": role.description_sv,
            "responsibilities": [r.text for r in role.responsibilities.all()],
        }
        role = services.role_update(actor=self.actor, role=role, **{**current, **data})
        return self.output(self._reloaded(role))

    @extend_schema(request=RoleWriteSerializer, responses=RoleSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=RoleSerializer, description="Retire a city's own role.")
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        role = services.role_set_active(actor=self.actor, role=self.get_object(), active=False)
        return self.output(self._reloaded(role))

    @extend_schema(request=None, responses=RoleSerializer, description="Take a retired role into use again.")
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str) -> Response:
        role = services.role_set_active(actor=self.actor, role=self.get_object(), active=True)
        return self.output(self._reloaded(role))

    @extend_schema(
        responses=AuditEventSerializer(many=True),
        description="Every change of the role, newest first (the coordinator only).",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        role = self.get_object()
        return Response(AuditEventSerializer(audit_selectors.history_for(self.actor, role), many=True).data)


class ActSectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="act-section-detail")
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = ActSection
        fields = ["id", "url", "name", "name_fi", "name_sv", "order"]
        read_only_fields = fields


class ActSectionViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The headings under which the practical acts are grouped: the municipality's active sections."""

    queryset = ActSection.objects.none()
    serializer_class = ActSectionSerializer
    lookup_value_regex = r"\d+"
    filter_backends = [OrderingFilter]
    ordering_fields = ["order", "id"]
    ordering = ["order", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[ActSection]:
        return selectors.sections_for(actor)


# --- Practical acts: serializers (the tools' reorder answers with acts too) -------------------


class PracticalActSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="practical-act-detail")
    months = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Calendar months (1–12) in school-year order, August first.",
    )
    month_names = serializers.SerializerMethodField()
    responsible_name = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back with an edit (optimistic lock)."
    )

    class Meta:
        model = PracticalAct
        fields = [
            "id", "url", "tool", "role", "section", "text", "months", "month_names", "with_whom",
            "responsible", "responsible_name", "order", "carried_over", "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_month_names(self, act: PracticalAct) -> list[str]:
        return selectors.month_names(act.months)

    def get_responsible_name(self, act: PracticalAct) -> str:
        return act.responsible.get_full_name() if act.responsible else ""


class _ActFieldsSerializer(serializers.Serializer):
    """Ids are looked up among the actor's municipality's rows only: another's is an invalid choice."""

    section = IdRelatedField(queryset=ActSection.objects.none())
    # Blank is let through so that the service answers with its own message.
    text = MultilineCharField(allow_blank=True, max_length=ACT_TEXT_MAX_LENGTH)
    months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12),
        default=list,
        help_text="Calendar months (1–12); stored in school-year order.",
    )
    with_whom = OneLineCharField(max_length=300, allow_blank=True, default="")
    responsible = IdRelatedField(queryset=User.objects.none(), allow_null=True, default=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["section"].queryset = selectors.sections_for(actor)
            self.fields["responsible"].queryset = school_selectors.users_for(actor)


class ActCreateSerializer(_ActFieldsSerializer):
    tool = IdRelatedField(queryset=RolesTool.objects.none())
    role = IdRelatedField(queryset=Role.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            # Tools of the whole municipality: the service answers 403 for one the actor may not edit.
            self.fields["tool"].queryset = selectors.tools_for(actor)
            self.fields["role"].queryset = selectors.roles_for(actor, include_inactive=True)


class ActUpdateSerializer(_ActFieldsSerializer):
    section = IdRelatedField(
        queryset=ActSection.objects.none(), required=False, help_text="Without it the act keeps its section."
    )
    version = serializers.IntegerField(
        min_value=1, help_text="The version the edit was made on; a stale one is refused (409)."
    )
    tool = serializers.IntegerField(
        required=False, help_text="Read-only: may be sent back unchanged; an act cannot move to another tool."
    )
    role = serializers.IntegerField(
        required=False, help_text="Read-only: may be sent back unchanged; an act cannot move to another role."
    )


class StaleEditSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = PracticalActSerializer(help_text="The act as it is saved now.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version seen; a stale one is refused (409)."
    )


# --- Roles tools ------------------------------------------------------------------------------


class RevisionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = RolesToolRevision
        fields = ["number", "published_at", "published_by"]
        read_only_fields = fields


class RolesToolSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="roles-tool-detail")
    school_name = serializers.CharField(source="school.name", read_only=True)
    school_year_name = serializers.CharField(source="school_year.name", read_only=True)
    roles = IdRelatedField(many=True, read_only=True, help_text="The catalog roles the school uses.")
    revision = serializers.IntegerField(
        read_only=True, help_text="The working revision; published revisions are listed below."
    )
    published_revisions = RevisionSummarySerializer(source="revisions", many=True, read_only=True)

    class Meta:
        model = RolesTool
        fields = [
            "id", "url", "school", "school_name", "school_year", "school_year_name", "state",
            "deadline", "revision", "roles", "carried_over_from", "published_revisions", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class HolderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RoleProgressSerializer(serializers.Serializer):
    role = serializers.IntegerField()
    role_name = serializers.CharField()
    is_staff_role = serializers.BooleanField()
    acts_count = serializers.IntegerField()
    carried_over_count = serializers.IntegerField(help_text="Acts carried over and not yet confirmed.")
    holders = HolderSerializer(many=True, help_text="Who holds the role at the school this school year.")


class PublishingSerializer(serializers.Serializer):
    refusals = serializers.ListField(child=serializers.CharField())
    next_step = serializers.CharField(allow_null=True)


class RolesToolDetailSerializer(RolesToolSerializer):
    progress = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField(
        help_text="The actor may set the deadline, review, publish and reopen."
    )
    editable_roles = serializers.SerializerMethodField(
        help_text="Ids of the roles whose acts the actor may edit now."
    )
    publishing = serializers.SerializerMethodField(
        help_text="Why publishing would be refused now (`refusals`, empty: it would succeed) and the "
        "next step that can succeed for the actor (`next_step`: confirm_all, publish or null)."
    )

    class Meta(RolesToolSerializer.Meta):
        fields = [*RolesToolSerializer.Meta.fields, "progress", "can_manage", "editable_roles", "publishing"]
        read_only_fields = fields

    @extend_schema_field(PublishingSerializer)
    def get_publishing(self, tool: RolesTool) -> dict:
        acts, unconfirmed = selectors.act_counts(tool)
        today = timezone.localdate()
        return {
            "refusals": policies.roles_tool.publish_refusals(
                tool, act_count=acts, unconfirmed=unconfirmed, today=today
            ),
            "next_step": policies.roles_tool.next_step(
                self.context["actor"], tool, act_count=acts, unconfirmed=unconfirmed, today=today
            ),
        }

    @extend_schema_field(RoleProgressSerializer(many=True))
    def get_progress(self, tool: RolesTool) -> list[dict]:
        return [
            {
                "role": role.pk,
                "role_name": role.name,
                "is_staff_role": role.is_staff_role,
                "acts_count": len(role.tool_acts),
                "carried_over_count": sum(1 for act in role.tool_acts if act.carried_over),
                "holders": [{"id": a.user_id, "name": a.user.get_full_name()} for a in role.holders],
            }
            for role in selectors.tool_roles(tool)
        ]

    def get_can_manage(self, tool: RolesTool) -> bool:
        return policies.roles_tool.can_manage(self.context["actor"], tool)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_editable_roles(self, tool: RolesTool) -> list[int]:
        return sorted(policies.roles_tool.editable_role_ids(self.context["actor"], tool))


class RolesToolCreateSerializer(serializers.Serializer):
    """Ids are looked up among the actor's municipality's rows only: another's is an invalid choice."""

    school = IdRelatedField(queryset=School.objects.none())
    school_year = IdRelatedField(queryset=SchoolYear.objects.none())
    carry_over = serializers.BooleanField(
        default=False, help_text="Carry the acts over from the school's tool of the previous school year."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["school"].queryset = school_selectors.schools_for(actor)
            self.fields["school_year"].queryset = school_selectors.school_years_for(actor)


class DeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateField(
        allow_null=True, help_text="Within the school year; null removes it. The only writable field."
    )


class ReorderSerializer(serializers.Serializer):
    role = IdRelatedField(queryset=Role.objects.none())
    section = IdRelatedField(queryset=ActSection.objects.none())
    acts = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Exactly the ids of the tool's acts of this role and section, in the new order.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["role"].queryset = selectors.roles_for(actor, include_inactive=True)
            self.fields["section"].queryset = selectors.sections_for(actor)


class ToolRolesSerializer(serializers.Serializer):
    roles = IdRelatedField(
        queryset=Role.objects.none(), many=True, help_text="The catalog roles the school uses in this tool."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["roles"].child_relation.queryset = selectors.roles_for(actor)


class WriterSerializer(serializers.Serializer):
    user = IdRelatedField(queryset=User.objects.none())
    name = serializers.CharField(read_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor: Actor | None = self.context.get("actor")
        if actor is not None:
            self.fields["user"].queryset = school_selectors.users_for(actor)


# The frozen document's shape, for the schema only (the view returns selectors.tool_document as is).
class DocumentActSerializer(serializers.Serializer):
    text = serializers.CharField()
    months = serializers.ListField(child=serializers.IntegerField())
    with_whom = serializers.CharField()
    responsible = serializers.CharField()


class DocumentSectionSerializer(serializers.Serializer):
    name_fi = serializers.CharField()
    name_sv = serializers.CharField()
    acts = DocumentActSerializer(many=True)


class DocumentRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name_fi = serializers.CharField()
    name_sv = serializers.CharField()
    is_staff_role = serializers.BooleanField()
    description = serializers.CharField()
    description_sv = serializers.CharField(required=False)
    responsibilities = serializers.ListField(child=serializers.CharField())
    responsibilities_sv = serializers.ListField(child=serializers.CharField(), required=False)
    holders = serializers.ListField(child=serializers.CharField())
    sections = DocumentSectionSerializer(many=True)


class RolesToolDocumentSerializer(serializers.Serializer):
    school = serializers.CharField()
    school_language = serializers.CharField()
    school_year = serializers.CharField()
    revision = serializers.IntegerField()
    roles = DocumentRoleSerializer(many=True)


class ConfirmAllResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField(
        allow_null=True, help_text="The confirmation, to undo until publication (null: nothing to confirm)."
    )
    confirmed = serializers.IntegerField(help_text="How many carried-over acts were confirmed.")
    detail = serializers.CharField(help_text="Why nothing was confirmed, when nothing was.")


class UndoConfirmSerializer(serializers.Serializer):
    batch = serializers.IntegerField(required=False, min_value=1, help_text="Without it: the latest.")


class UndoConfirmResultSerializer(serializers.Serializer):
    restored = serializers.IntegerField(help_text="How many acts are carried over (to confirm) again.")


class RolesToolFilter(filters.FilterSet):
    school = IdFilter(field_name="school_id")
    school_year = IdFilter(field_name="school_year_id")
    state = filters.ChoiceFilter(choices=ToolState.choices)

    class Meta:
        model = RolesTool
        fields = ["school", "school_year", "state"]


revision_parameter = OpenApiParameter(
    name="revision",
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description="A published revision's number: its document frozen at publication. Without it: "
    "the working copy as it is now.",
)


class RolesToolViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Each school's roles tool per school year. The coordinator reads every school's, the school's
    staff read theirs; the principal starts one (empty or carried over), sets the deadline, sends it
    for review, publishes and reopens it."""

    queryset = RolesTool.objects.none()
    serializer_class = RolesToolSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = RolesToolFilter
    ordering_fields = ["id", "school__name", "school_year__starts_on"]
    ordering = ["school__name", "-school_year__starts_on", "id"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[RolesTool]:
        return selectors.visible_tools_with_revisions(actor)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RolesToolSerializer if self.action == "list" else RolesToolDetailSerializer

    def get_object(self) -> RolesTool:
        """Another municipality's tool is a 404; one of this municipality the actor may not read, a 403."""
        tool = selectors.access_tool(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, tool)
        return tool

    def _managed_object(self) -> RolesTool:
        tool = self.get_object()
        if not policies.roles_tool.can_manage(self.actor, tool):
            raise PermissionDenied(_("Only the school's principal can do this."))
        return tool

    def _detail(self, tool: RolesTool, *, status: int = 200) -> Response:
        return self.output(selectors.access_tool(self.actor, tool.pk), status=status)

    @extend_schema(request=RolesToolCreateSerializer, responses={201: RolesToolDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(RolesToolCreateSerializer)
        tool = services.tool_create(actor=self.actor, **data)
        return self._detail(tool, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeadlineSerializer, responses=RolesToolDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        others = sorted(set(request.data) - {"deadline"})
        if others:
            raise exceptions.ValidationError(
                {
                    field: [_("Only the deadline can be changed here; the state changes with the actions.")]
                    for field in others
                }
            )
        data = self.validated_input(DeadlineSerializer)
        return self._detail(services.tool_set_deadline(actor=self.actor, tool=tool, **data))

    @extend_schema(request=None, responses=RolesToolDetailSerializer, description="Draft → in review.")
    @action(detail=True, methods=["post"], url_path="submit-review", url_name="submit-review")
    def submit_review(self, request: Request, pk: str) -> Response:
        tool = services.tool_submit_for_review(actor=self.actor, tool=self._managed_object())
        return self._detail(tool)

    @extend_schema(
        request=None,
        responses=RolesToolDetailSerializer,
        description="Freeze the texts into a published revision and tell the school's staff, once.",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        services.tool_publish(actor=self.actor, tool=tool)
        return self._detail(tool)

    @extend_schema(
        request=None,
        responses=ConfirmAllResultSerializer,
        description="Confirm every carried-over act of the tool (the principal). The answer names the "
        "confirmation, which can be undone until publication. With nothing left to confirm (a second "
        "call) nothing is written: `confirmed` is 0, `batch` null and `detail` says why.",
    )
    @action(detail=True, methods=["post"], url_path="confirm-all", url_name="confirm-all")
    def confirm_all(self, request: Request, pk: str) -> Response:
        try:
            batch = services.acts_confirm_all(actor=self.actor, tool=self._managed_object())
        except services.NothingToConfirm as nothing:
            return Response({"batch": None, "confirmed": 0, "detail": " ".join(nothing.messages)})
        return Response({"batch": batch.pk, "confirmed": len(batch.acts), "detail": ""})

    @extend_schema(
        request=UndoConfirmSerializer,
        responses=UndoConfirmResultSerializer,
        description="Set the acts of a confirmation (the latest, or the one named) back to carried over. "
        "Refused once the tool has been published since, or when it was undone already.",
    )
    @action(detail=True, methods=["post"], url_path="confirm-all/undo", url_name="confirm-all-undo")
    def undo_confirm_all(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        batch_id = self.validated_input(UndoConfirmSerializer).get("batch")
        batch = selectors.undoable_confirm_batch(tool, batch_id)
        if batch is None:
            raise exceptions.ValidationError(
                {
                    "batch": [
                        _(
                            "There is no confirmation to undo: the roles tool has been published since, "
                            "or the confirmation was undone already."
                        )
                    ]
                }
            )
        return Response({"restored": services.acts_confirm_all_undo(actor=self.actor, batch=batch)})

    @extend_schema(
        request=None,
        responses=RolesToolDetailSerializer,
        description="Reopen a published tool as a new working revision; the published one stays readable.",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        tool = services.tool_reopen(actor=self.actor, tool=self._managed_object())
        return self._detail(tool)

    @extend_schema(
        request=ToolRolesSerializer,
        responses=RolesToolDetailSerializer,
        description="Choose the catalog roles the school uses; a role with acts cannot be left out.",
    )
    @action(detail=True, methods=["post"], url_path="roles", url_name="roles")
    def set_roles(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        data = self.validated_input(ToolRolesSerializer)
        return self._detail(services.tool_set_roles(actor=self.actor, tool=tool, roles=data["roles"]))

    def _writers(self, tool: RolesTool) -> Response:
        users = selectors.tool_writers(tool)
        return Response([{"user": u.pk, "name": u.get_full_name()} for u in users])

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=WriterSerializer(many=True),
        description="The people the principal has let write the pupil and guardian roles' acts.",
    )
    @extend_schema(methods=["POST"], request=WriterSerializer, responses=WriterSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def writers(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        if request.method == "POST":
            user = self.validated_input(WriterSerializer)["user"]
            services.nonstaff_writer_grant(actor=self.actor, tool=tool, user=user)
        return self._writers(tool)

    @extend_schema(request=WriterSerializer, responses=WriterSerializer(many=True))
    @action(
        detail=True,
        methods=["post"],
        url_path="writers/remove",
        url_name="writers-remove",
        pagination_class=None,
        filter_backends=[],
    )
    def remove_writer(self, request: Request, pk: str) -> Response:
        tool = self._managed_object()
        user = self.validated_input(WriterSerializer)["user"]
        services.nonstaff_writer_revoke(actor=self.actor, tool=tool, user=user)
        return self._writers(tool)

    @extend_schema(parameters=[revision_parameter], responses=RolesToolDocumentSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def document(self, request: Request, pk: str) -> Response:
        tool = self.get_object()
        number = request.query_params.get("revision")
        if number is None:
            return Response(selectors.tool_document(tool))
        number_value = parse_id(number)
        if number_value is None:
            raise exceptions.ValidationError({"revision": [_("Give a revision number.")]})
        revision = tool.revisions.filter(number=number_value).first()
        if revision is None:
            raise Http404
        return Response(revision.document)

    @extend_schema(
        responses=AuditEventSerializer(many=True),
        description="Every change of the tool and its practical acts, newest first (paginated).",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        tool = self.get_object()
        events = audit_selectors.history_with_context(self.actor, "tool", tool.pk)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    @extend_schema(
        request=ReorderSerializer,
        responses=PracticalActSerializer(many=True),
        description="Put the acts of one role and section in a new order.",
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def reorder(self, request: Request, pk: str) -> Response:
        tool = self.get_object()
        data = self.validated_input(ReorderSerializer)
        services.acts_reorder(
            actor=self.actor, tool=tool, role=data["role"], section=data["section"], act_ids=data["acts"]
        )
        acts = (
            tool.acts.filter(role=data["role"], section=data["section"])
            .select_related("responsible")
            .order_by("order", "id")
        )
        return Response(PracticalActSerializer(acts, many=True, context=self.get_serializer_context()).data)


# --- Practical acts ---------------------------------------------------------------------------


class PracticalActFilter(filters.FilterSet):
    tool = IdFilter(field_name="tool_id")
    role = IdFilter(field_name="role_id")
    section = IdFilter(field_name="section_id")
    carried_over = filters.BooleanFilter()

    class Meta:
        model = PracticalAct
        fields = ["tool", "role", "section", "carried_over"]


version_parameter = OpenApiParameter(
    name="version",
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description="The version seen: a stale one is refused (409) and nothing is deleted.",
)


class PracticalActViewSet(TenantViewSetMixin, viewsets.ModelViewSet):
    """The practical acts of the tools the actor may read. A staff member edits the acts of the roles
    they hold at the school that year, the principal every role's; a published tool is not edited.
    Edits name the `version` they were made on: a stale one is a 409 with the act as saved now."""

    queryset = PracticalAct.objects.none()
    serializer_class = PracticalActSerializer
    lookup_value_regex = r"\d+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = PracticalActFilter
    ordering_fields = ["id", "order", "updated_at"]
    ordering = ["tool_id", "role__order", "role_id", "section__order", "section_id", "order", "id"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The same person asking the same about unchanged data gets the answer built last time.
        return Response(
            cached_data(
                request,
                self.actor,
                lambda: super(PracticalActViewSet, self).list(request, *args, **kwargs).data,
            )
        )

    def scoped_queryset(self, actor: Actor) -> QuerySet[PracticalAct]:
        return selectors.acts_for(actor)

    def get_object(self) -> PracticalAct:
        """Another municipality's act is a 404; one of a tool the actor may not read, a 403."""
        act = selectors.access_act(self.actor, _detail_pk(self))
        self.check_object_permissions(self.request, act)
        return act

    def _editable_object(self) -> PracticalAct:
        """The act, refused (403) before the body is read when the actor may not edit its role.

        A published tool is left to the service, which says why (400) whoever asks.
        """
        act = self.get_object()
        if not act.tool.is_published and not policies.roles_tool.can_edit_acts(
            self.actor, act.tool, act.role
        ):
            raise PermissionDenied(_("You do not have permission to do this."))
        return act

    def _stale(self, stale: services.StaleEdit) -> Response:
        return Response(
            {"detail": stale.messages[0], "current": self.get_serializer(stale.current).data},
            status=status.HTTP_409_CONFLICT,
        )

    def _reloaded(self, act: PracticalAct, *, status: int = 200) -> Response:
        return self.output(selectors.access_act(self.actor, act.pk), status=status)

    @extend_schema(request=ActCreateSerializer, responses={201: PracticalActSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(ActCreateSerializer)
        act = services.act_create(actor=self.actor, **data)
        return self._reloaded(act, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ActUpdateSerializer, responses={200: PracticalActSerializer, 409: StaleEditSerializer}
    )
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        act = self._editable_object()
        data = self.validated_input(ActUpdateSerializer, partial=partial)
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("Send the version the edit was made on.")]})
        if data.get("tool", act.tool_id) != act.tool_id:
            raise exceptions.ValidationError({"tool": [_("An act cannot move to another tool.")]})
        if data.get("role", act.role_id) != act.role_id:
            raise exceptions.ValidationError({"role": [_("An act cannot move to another role.")]})
        try:
            act = services.act_update(
                actor=self.actor,
                act=act,
                version=data["version"],
                text=data.get("text", act.text),
                months=data.get("months", act.months),
                with_whom=data.get("with_whom", act.with_whom),
                responsible=data.get("responsible", act.responsible),
                section=data.get("section", act.section),
            )
        except services.StaleEdit as stale:
            return self._stale(stale)
        return self._reloaded(act)

    @extend_schema(
        request=ActUpdateSerializer, responses={200: PracticalActSerializer, 409: StaleEditSerializer}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(parameters=[version_parameter], responses={204: None, 409: StaleEditSerializer})
    def destroy(self, request: Request, pk: str) -> Response:
        act = self._editable_object()
        version = request.query_params.get("version")
        try:
            version_value = int(version) if version is not None else None
        except ValueError:
            raise exceptions.ValidationError({"version": [_("Give a version number.")]}) from None
        try:
            services.act_delete(actor=self.actor, act=act, version=version_value)
        except services.StaleEdit as stale:
            return self._stale(stale)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses=AuditEventSerializer(many=True),
        description="Every change of the act, newest first, with the fields that changed.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        act = self.get_object()
        return Response(AuditEventSerializer(audit_selectors.history_for(self.actor, act), many=True).data)

    @extend_schema(
        request=VersionSerializer,
        responses={200: PracticalActSerializer, 409: StaleEditSerializer},
        description="Keep a carried-over act as it is for this year.",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        act = self._editable_object()
        data = self.validated_input(VersionSerializer)
        try:
            act = services.act_confirm(actor=self.actor, act=act, version=data.get("version"))
        except services.StaleEdit as stale:
            return self._stale(stale)
        return self._reloaded(act)


def register(router: DefaultRouter) -> None:
    from .staff_api import AssignmentViewSet

    router.register("roles", RoleViewSet, basename="role")
    router.register("act-sections", ActSectionViewSet, basename="act-section")
    router.register("roles-tools", RolesToolViewSet, basename="roles-tool")
    router.register("practical-acts", PracticalActViewSet, basename="practical-act")
    router.register("assignments", AssignmentViewSet, basename="assignment")
