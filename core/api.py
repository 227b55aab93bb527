"""What every API endpoint shares: the acting person per request, base viewsets, permissions made from
policies, and error handling.

The tenancy middleware runs before DRF authenticates a token, so a token request reaches the view
with no `request.actor`; the API asks the tenancy layer's resolver (`core.actors`) for it, from the
authenticated user and the optional `X-Municipality` header.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions, routers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer, as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .access import is_whole_number, parse_id
from .actors import api_actor
from .text import normalize_newlines, validate_multiline, validate_one_line

MUNICIPALITY_HEADER = "X-Municipality"

municipality_parameter = OpenApiParameter(
    name=MUNICIPALITY_HEADER,
    type=OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Id of the municipality to act in, for people who serve several. Without it: the session's "
        "active municipality, or the user's default one (their own choice on their account page, "
        "else the municipality they joined first). Naming one where the user has no active "
        "membership is refused (403)."
    ),
)


class IsMunicipalityMember(permissions.BasePermission):
    """Signed in, with an active membership in the municipality the request acts in."""

    message = _lazy("You have no active membership in any municipality.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.user.is_authenticated and view.actor is not None


class TenantAutoSchema(AutoSchema):
    """Documents the X-Municipality header once, on every operation of the tenant viewsets."""

    def get_override_parameters(self) -> list:
        return [*super().get_override_parameters(), municipality_parameter]


class TenantViewSetMixin:
    """Base of every API viewset: resolves `self.actor`, requires a membership, scopes through selectors.

    Subclasses implement `scoped_queryset(actor)` by calling a selector; `get_queryset` is never
    built from `Model.objects.all()`.
    """

    permission_classes = [permissions.IsAuthenticated, IsMunicipalityMember]
    schema = TenantAutoSchema()
    request: Request
    kwargs: dict[str, Any]
    # Subclasses set `queryset = Model.objects.none()`: it names the model for the router and the
    # schema, and is what schema generation (which has no actor) gets; real requests never see it.

    @cached_property
    def actor(self) -> Any:
        return api_actor(self.request)

    def scoped_queryset(self, actor: Any) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()  # type: ignore[misc]
        return self.scoped_queryset(self.actor)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["actor"] = None if getattr(self, "swagger_fake_view", False) else self.actor
        return context

    def is_detail_route(self) -> bool:
        return (getattr(self, "lookup_url_kwarg", None) or self.lookup_field) in self.kwargs  # type: ignore[attr-defined]

    def validated_input(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict[str, Any]:
        """Shape-check the body with an input serializer; the service decides the rest."""
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def output(self, instance: object, *, status: int = 200) -> Response:
        return Response(self.get_serializer(instance).data, status=status)  # type: ignore[attr-defined]


class MemberAPIRootView(routers.APIRootView):
    """The router's root page, for members only like every endpoint it lists."""

    permission_classes = [permissions.IsAuthenticated, IsMunicipalityMember]

    @cached_property
    def actor(self) -> Any:
        return api_actor(self.request)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's ValidationError from the services as a 400 in DRF's error shape.

    (Django's PermissionDenied and Http404 are already turned into 403 and 404 by DRF, message kept.)
    """
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(detail.pop(NON_FIELD_ERRORS))
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


class OneLineCharField(serializers.CharField):
    """A name or a title: one line, no control characters (the model fields' validator)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), validate_one_line]
        super().__init__(**kwargs)


class MultilineCharField(serializers.CharField):
    """A longer text: line endings made "\\n", other control characters refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), validate_multiline]
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return normalize_newlines(super().to_internal_value(data))


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object named by its id, looked up in the (actor-scoped) queryset. Only a JSON integer
    or a string of ASCII digits is an id: DRF's own field would take 1.5 as 1, true as 1 and "٣" as 3.
    Another municipality's id, a missing one and one out of range get the same "does not exist"."""

    def to_internal_value(self, data: Any) -> Any:
        if not is_whole_number(data):
            self.fail("incorrect_type", data_type=type(data).__name__)
        number = parse_id(str(data).strip())
        if number is None:  # zero, negative or past 64 bits: no such object
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)
