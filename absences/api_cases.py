"""API of pupils and follow-up cases: the same selectors, policies and services as the pages, behind
the second factor (`absences.otp.SecondFactor`). Every response with a pupil's data or a case writes an
access-log row with via="api"; a case or pupil the actor may not see is a 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.access import access_in
from core.api import IdRelatedField, MultilineCharField, OneLineCharField, TenantViewSetMixin
from core.errors import ObjectNotFound
from schools import selectors as school_selectors
from schools.tenancy import Actor

from . import access_log, policies, selectors
from .models import TEXT_MAX_LENGTH, CaseNote, CaseStep, FollowUpCase, Pupil, SupportPlan
from .otp import SecondFactor
from .services import cases as services

API = "api"


class VerifiedSecondFactor(SecondFactor):
    """`SecondFactor`, also for token requests: DRF's token authentication sets a user that django-otp's
    middleware never saw (no `is_verified`), which `SecondFactor` would call (a 500). Such a request has
    proven nothing yet: its second factor is the X-OTP header."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user.is_authenticated and not hasattr(user, "is_verified"):
            user.otp_device = None
            user.is_verified = lambda: False
        return super().has_permission(request, view)


# --- Pupils --------------------------------------------------------------------------------------


class PupilSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Pupil
        fields = [
            "id", "source_id", "first_name", "last_name", "group_name", "grade", "stage", "school",
            "school_name", "homeroom_teacher", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class PupilViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The pupils the actor sees: the principal's school, the homeroom teacher's class, a case team's
    pupil. Every read is logged."""

    queryset = Pupil.objects.none()
    serializer_class = PupilSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, VerifiedSecondFactor]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, actor: Actor) -> QuerySet[Pupil]:
        return selectors.visible_pupils(actor).order_by("last_name", "first_name", "pk")

    def get_object(self) -> Pupil:
        return selectors.access_pupil(self.actor, self.kwargs["pk"])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        access_log.record(self.actor, "pupil list", via=API)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pupil = self.get_object()
        access_log.record(self.actor, "pupil", pupil=pupil, via=API)
        return self.output(pupil)


# --- Cases ---------------------------------------------------------------------------------------


class CaseStepSerializer(serializers.ModelSerializer):
    done = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = [
            "id", "order", "title", "responsible", "due_on", "involves_guardian", "is_expert_group",
            "done", "done_at", "note",
        ]  # fmt: skip
        read_only_fields = fields

    def get_done(self, step: CaseStep) -> bool:
        return step.done_at is not None


class CaseNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseNote
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = fields


class SupportPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportPlan
        fields = [
            "goals", "measures", "responsibilities", "review_on", "agreed_with_pupil",
            "agreed_with_guardian", "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    pupil_name = serializers.CharField(source="pupil.full_name", read_only=True)
    group_name = serializers.CharField(source="pupil.group_name", read_only=True)
    tier_name = serializers.CharField(source="tier.name", read_only=True)

    class Meta:
        model = FollowUpCase
        fields = [
            "id", "pupil", "pupil_name", "group_name", "school", "school_year", "tier", "tier_name",
            "signal", "state", "closing_reason", "opened_by", "created_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    steps = CaseStepSerializer(many=True, read_only=True)
    notes = CaseNoteSerializer(many=True, read_only=True)
    plan = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "steps", "notes", "plan", "team"]
        read_only_fields = fields

    @extend_schema_field(SupportPlanSerializer(allow_null=True))
    def get_plan(self, case: FollowUpCase) -> dict | None:
        plan = getattr(case, "plan", None)
        return SupportPlanSerializer(plan).data if plan is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_team(self, case: FollowUpCase) -> list[int]:
        return [user.pk for user in selectors.case_team(case)]


class CaseCreateSerializer(serializers.Serializer):
    pupil = IdRelatedField(queryset=Pupil.objects.none(), required=False, allow_null=True)
    signal = serializers.IntegerField(required=False, allow_null=True, help_text="Open from this signal.")
    tier = serializers.IntegerField(help_text="A tier of the municipality's model of the current year.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["pupil"].queryset = selectors.visible_pupils(actor)


class CloseSerializer(serializers.Serializer):
    reason = OneLineCharField(max_length=services.CLOSING_REASON_MAX_LENGTH, allow_blank=True)


class TeamSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["add", "remove"])
    user = serializers.IntegerField()


class NoteSerializer(serializers.Serializer):
    text = MultilineCharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)


class PlanSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="The version you loaded; 0 for a new plan.")
    goals = MultilineCharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)
    measures = MultilineCharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)
    responsibilities = MultilineCharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, default="")
    review_on = serializers.DateField()
    agreed_with_pupil = serializers.BooleanField(default=False)
    agreed_with_guardian = serializers.BooleanField(default=False)


class StepUpdateSerializer(serializers.Serializer):
    responsible = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    note = OneLineCharField(max_length=services.STEP_NOTE_MAX_LENGTH, allow_blank=True, required=False)
    done = serializers.BooleanField(required=False)


class CasePermission(permissions.BasePermission):
    """policies.cases: reads of what the actor sees (the selector scopes), opening needs can_open on
    the pupil (checked by the service), the actions their own rules (also checked by the services)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return policies.cases.can_view(view.actor)


def _person(actor: Actor, pk: object) -> Any:
    """A person of the actor's municipality; anyone else (another town's) is refused like a missing id."""
    try:
        return access_in(school_selectors.users_for(actor), pk=pk)
    except ObjectNotFound:  # said on the field: the case itself was found
        raise serializers.ValidationError(
            {"user": ["Choose an active person of your municipality."]}
        ) from None


class CaseViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Attendance-support cases the actor sees (team, homeroom teacher, principal)."""

    queryset = FollowUpCase.objects.none()
    serializer_class = CaseSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, VerifiedSecondFactor, CasePermission]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "put", "head", "options"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[FollowUpCase]:
        return selectors.visible_cases(actor).order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return CaseDetailSerializer if self.action != "list" else CaseSerializer

    def get_object(self) -> FollowUpCase:
        return selectors.case_detail(self.actor, self.kwargs["pk"])

    def _detail(self, case: FollowUpCase, *, code: int = 200) -> Response:
        case = selectors.case_detail(self.actor, case.pk)
        access_log.record(self.actor, "case", case=case, via=API)
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        access_log.record(self.actor, "case list", via=API)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        access_log.record(self.actor, "case", case=case, via=API)
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input(CaseCreateSerializer)
        signal = None
        if data.get("signal"):
            signal = selectors.access_signal(self.actor, data["signal"])
            pupil = signal.pupil
        elif data.get("pupil") is not None:
            pupil = data["pupil"]
        else:
            raise serializers.ValidationError({"pupil": ["Name the pupil or the signal."]})
        current = school_selectors.current_school_year(self.actor.municipality.pk)
        tiers = selectors.tiers_for_year(self.actor, current.pk if current else 0)
        tier = tiers.filter(pk=data["tier"]).first()
        if tier is None:
            raise serializers.ValidationError({"tier": ["Choose a tier of this school year's model."]})
        case = services.case_open(self.actor, pupil, tier, signal)
        return self._detail(case, code=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self.validated_input(CloseSerializer)
        services.case_close(self.actor, case, data["reason"])
        return self._detail(case)

    @extend_schema(request=TeamSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def team(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self.validated_input(TeamSerializer)
        user = _person(self.actor, data["user"])
        if data["action"] == "add":
            services.team_add(self.actor, case, user)
        else:
            services.team_remove(self.actor, case, user)
        return self._detail(case)

    @extend_schema(request=NoteSerializer, responses={201: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self.validated_input(NoteSerializer)
        services.note_add(self.actor, case, data["text"])
        return self._detail(case, code=status.HTTP_201_CREATED)

    @extend_schema(request=PlanSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["put"])
    def plan(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self.validated_input(PlanSerializer)
        try:
            services.plan_save(self.actor, case, **data)
        except services.StalePlan as stale:
            return Response({"detail": stale.messages[0], "code": "stale"}, status=status.HTTP_409_CONFLICT)
        return self._detail(case)


class CaseStepViewSet(TenantViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One step of a visible case: PATCH its responsible person, due date, note, or done."""

    queryset = CaseStep.objects.none()
    serializer_class = CaseStepSerializer
    permission_classes = [*TenantViewSetMixin.permission_classes, VerifiedSecondFactor, CasePermission]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "patch", "head", "options"]

    def scoped_queryset(self, actor: Actor) -> QuerySet[CaseStep]:
        return CaseStep.objects.none()  # no list: steps are read with their case

    def get_object(self) -> CaseStep:
        return selectors.access_case_step(self.actor, self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        access_log.record(self.actor, "case step", case=step.case, via=API)
        return self.output(step)

    @extend_schema(request=StepUpdateSerializer, responses=CaseStepSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        step = self.get_object()
        data = self.validated_input(StepUpdateSerializer, partial=True)
        changes: dict[str, Any] = {}
        if "responsible" in data:
            changes["responsible"] = (
                _person(self.actor, data["responsible"]) if data["responsible"] is not None else None
            )
        if "due_on" in data:
            changes["due_on"] = data["due_on"]
        if "note" in data:
            changes["note"] = data["note"]
        if changes:
            step = services.step_update(self.actor, step, **changes)
        if data.get("done") is True:
            step = services.step_done(self.actor, step)
        elif data.get("done") is False:
            step = services.step_reopen(self.actor, step)
        step = selectors.access_case_step(self.actor, step.pk)
        return self.output(step)


def register(router: DefaultRouter) -> None:
    router.register("pupils", PupilViewSet, basename="pupil")
    router.register("absence-cases", CaseViewSet, basename="absence-case")
    router.register("absence-case-steps", CaseStepViewSet, basename="absence-case-step")
