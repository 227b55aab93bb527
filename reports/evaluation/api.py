"""API of the yearly evaluation: themes and criteria (the coordinator writes), the schools' evaluations
(answers, submit, reopen), indicators, their values (read) and the CSV import. Same policies as the
pages; refusals are JSON (400 for bad input and a second evaluation of a year, 409 for a stale save)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api import IdRelatedField, MultilineCharField, OneLineCharField, TenantViewSetMixin
from core.policies import policy_permission
from schools import selectors as school_selectors
from schools.tenancy import Actor

from ..models import (
    COMMENT_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    EvaluationAnswer,
    EvaluationCriterion,
    EvaluationTheme,
    Indicator,
    IndicatorValue,
    SchoolEvaluation,
)
from . import importing, policies, selectors, services


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationTheme
        fields = ["id", "name", "name_sv", "order", "is_active"]


class ThemeWriteSerializer(serializers.Serializer):
    name = OneLineCharField(max_length=200)
    name_sv = OneLineCharField(max_length=200, required=False, allow_blank=True)
    order = serializers.IntegerField(min_value=0, max_value=999, required=False)
    is_active = serializers.BooleanField(required=False)


class ThemeViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The city's evaluation themes: every member reads, the coordinator writes."""

    queryset = EvaluationTheme.objects.none()
    serializer_class = ThemeSerializer
    permission_classes = [
        *TenantViewSetMixin.permission_classes,
        policy_permission(policies.criteria, read="view", write="edit"),
    ]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return selectors.themes_for(actor, include_inactive=True)

    def get_object(self) -> EvaluationTheme:
        theme = selectors.access_theme(self.actor, self.kwargs["pk"])
        self.check_object_permissions(self.request, theme)
        return theme

    @extend_schema(request=ThemeWriteSerializer, responses={201: ThemeSerializer})
    def create(self, request: Request) -> Response:
        theme = services.theme_create(actor=self.actor, **self.validated_input(ThemeWriteSerializer))
        return self.output(theme, status=status.HTTP_201_CREATED)

    @extend_schema(request=ThemeWriteSerializer, responses=ThemeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        theme = self.get_object()
        data = self.validated_input(ThemeWriteSerializer, partial=True)
        return self.output(services.theme_update(actor=self.actor, theme=theme, **data))


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["id", "theme", "statement", "statement_sv", "order", "version", "previous", "is_current"]


class CriterionWriteSerializer(serializers.Serializer):
    theme = IdRelatedField(queryset=EvaluationTheme.objects.none())
    statement = OneLineCharField(max_length=STATEMENT_MAX_LENGTH)
    statement_sv = OneLineCharField(max_length=STATEMENT_MAX_LENGTH, required=False, allow_blank=True)
    order = serializers.IntegerField(min_value=0, max_value=999, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["theme"].queryset = selectors.themes_for(actor, include_inactive=True)


class CriterionViewSet(ThemeViewSet):
    """The criteria (every version; `is_current` marks the ones asked). Editing the wording of a
    criterion that has answers makes a new version (the response is the new row); `retire` stops asking."""

    queryset = EvaluationCriterion.objects.none()
    serializer_class = CriterionSerializer

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return selectors.criteria_for(actor, include_retired=True)

    def get_object(self) -> EvaluationCriterion:
        criterion = selectors.access_criterion(self.actor, self.kwargs["pk"])
        self.check_object_permissions(self.request, criterion)
        return criterion

    @extend_schema(request=CriterionWriteSerializer, responses={201: CriterionSerializer})
    def create(self, request: Request) -> Response:
        criterion = services.criterion_create(
            actor=self.actor, **self.validated_input(CriterionWriteSerializer)
        )
        return self.output(criterion, status=status.HTTP_201_CREATED)

    @extend_schema(request=CriterionWriteSerializer, responses=CriterionSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        criterion = self.get_object()
        data = self.validated_input(CriterionWriteSerializer, partial=True)
        return self.output(services.criterion_update(actor=self.actor, criterion=criterion, **data))

    @extend_schema(request=None, responses=CriterionSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        return self.output(services.criterion_retire(actor=self.actor, criterion=self.get_object()))


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationAnswer
        fields = ["criterion", "score", "comment"]


class EvaluationSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SchoolEvaluation
        fields = [
            "id",
            "school",
            "school_year",
            "status",
            "summary",
            "version",
            "yearclock_entry",
            "submitted_at",
            "submitted_by",
            "answers",
        ]


class EvaluationCreateSerializer(serializers.Serializer):
    school = serializers.IntegerField(min_value=1)
    school_year = serializers.IntegerField(min_value=1)


class AnswerInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1)
    score = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, required=False)
    comment = MultilineCharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)


class AnswersInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    answers = AnswerInputSerializer(many=True, required=False)
    summary = MultilineCharField(max_length=COMMENT_MAX_LENGTH * 2, required=False, allow_blank=True)


class EvaluationViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The schools' evaluations the actor may read. POST starts one (the principal; a second for the same
    school and year is a 400 with code `duplicate`); `answers` saves scores (a stale `version` is a 409);
    `submit` (the principal; again is harmless) and `reopen`."""

    queryset = SchoolEvaluation.objects.none()
    serializer_class = EvaluationSerializer
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return selectors.visible_evaluations(actor).prefetch_related("answers").order_by("id")

    def get_object(self) -> SchoolEvaluation:
        return selectors.access_evaluation(self.actor, self.kwargs["pk"])

    def _reloaded(self, evaluation: SchoolEvaluation, *, status: int = 200) -> Response:
        evaluation = self.scoped_queryset(self.actor).get(pk=evaluation.pk)
        return self.output(evaluation, status=status)

    @extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated_input(EvaluationCreateSerializer)
        school = school_selectors.access_school(self.actor, data["school"])
        year = school_selectors.access_school_year(self.actor, data["school_year"])
        evaluation = services.evaluation_create(actor=self.actor, school=school, school_year=year)
        return self._reloaded(evaluation, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswersInputSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        data = self.validated_input(AnswersInputSerializer)
        answers = {
            a["criterion"]: {"score": a.get("score"), "comment": a.get("comment", "")}
            for a in data.get("answers", [])
        }
        try:
            services.evaluation_save(
                actor=self.actor,
                evaluation=evaluation,
                version=data["version"],
                answers=answers,
                summary=data.get("summary"),
            )
        except ValidationError as error:
            if (
                any(e.code == "stale" for e in error.error_dict.get("version", []))
                if hasattr(error, "error_dict")
                else False
            ):
                return Response({"version": error.message_dict["version"]}, status=status.HTTP_409_CONFLICT)
            raise
        return self._reloaded(evaluation)

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._reloaded(services.evaluation_submit(actor=self.actor, evaluation=self.get_object()))

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._reloaded(services.evaluation_reopen(actor=self.actor, evaluation=self.get_object()))


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_sv", "source", "unit", "higher_is_better", "order"]


class IndicatorWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name = OneLineCharField(max_length=200)
    name_sv = OneLineCharField(max_length=200, required=False, allow_blank=True)
    source = OneLineCharField(max_length=200, required=False, allow_blank=True)
    unit = OneLineCharField(max_length=20, required=False, allow_blank=True)
    higher_is_better = serializers.BooleanField(required=False)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class IndicatorViewSet(ThemeViewSet):
    """Indicators: every member reads, the coordinator defines them and imports values (`import`,
    multipart `file`; every row is checked first and nothing is written on any error)."""

    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    permission_classes = [
        *TenantViewSetMixin.permission_classes,
        policy_permission(policies.indicators, read="view", write="edit"),
    ]

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return selectors.indicators_for(actor)

    def get_object(self) -> Indicator:
        indicator = selectors.access_indicator(self.actor, self.kwargs["pk"])
        self.check_object_permissions(self.request, indicator)
        return indicator

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request) -> Response:
        indicator = services.indicator_create(
            actor=self.actor, **self.validated_input(IndicatorWriteSerializer)
        )
        return self.output(indicator, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorWriteSerializer, responses=IndicatorSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        indicator = self.get_object()
        data = self.validated_input(IndicatorWriteSerializer, partial=True)
        return self.output(services.indicator_update(actor=self.actor, indicator=indicator, **data))

    @extend_schema(request={"multipart/form-data": ImportSerializer}, responses=None)
    @action(
        detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser]
    )
    def import_values(self, request: Request) -> Response:
        data = self.validated_input(ImportSerializer)
        upload = data["file"]
        if upload.size > importing.MAX_BYTES:
            return Response({"file": [str(importing.too_large())]}, status=status.HTTP_400_BAD_REQUEST)
        result = importing.indicator_import(actor=self.actor, data=upload.read())
        if not result.ok:
            return Response({"errors": result.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": result.created, "updated": result.updated})


class IndicatorValueSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "code", "school", "school_year", "value"]


class IndicatorValueViewSet(TenantViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Indicator values the actor may read: every school's for the coordinator, their schools' for staff."""

    queryset = IndicatorValue.objects.none()
    serializer_class = IndicatorValueSerializer

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return selectors.visible_indicator_values(actor).order_by("id")


def register(router: DefaultRouter) -> None:
    """Adds this part's endpoints to the API router."""
    router.register("evaluation-themes", ThemeViewSet, basename="evaluation-theme")
    router.register("evaluation-criteria", CriterionViewSet, basename="evaluation-criterion")
    router.register("school-evaluations", EvaluationViewSet, basename="school-evaluation")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
