"""Sign-in lockout with django-axes: who is counted, from which address, and when they may try again.

Two counts over the cool-off window (AXES_COOLOFF_TIME), both keyed on the normalised e-mail address
(stripped, lower case: what sign-in itself compares):

* the (address, client IP) pair: AXES_FAILURE_LIMIT failures lock that pair. Guessing from one
  network stops there, and a stranger who knows someone's e-mail address locks out only themselves:
  the person signing in from their own network is not affected.
* the address alone, over every IP: AXES_USERNAME_FAILURE_LIMIT (higher) locks the account
  everywhere. This is the brake on guessing spread over many networks. Failures made while locked
  are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so one network adds at
  most AXES_FAILURE_LIMIT to it: locking a person out takes several networks, and lasts one cool-off.

The client IP is REMOTE_ADDR unless TRUSTED_PROXY_COUNT says how many reverse proxies of ours stand
in front; then it is the address the outermost of them saw (see `client_ip`).
"""

from __future__ import annotations

import datetime
import ipaddress
import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .inputs import normalise_email


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the address as sign-in compares it, from the credentials or the form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    elif request is not None:
        raw = getattr(request, "data", request.POST).get(field)
    else:
        raw = None
    return normalise_email(raw)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address.

    Without trusted proxies (TRUSTED_PROXY_COUNT = 0, the default) it is REMOTE_ADDR and
    X-Forwarded-For is ignored: anyone can write that header. With N trusted proxies, each appends
    the address it received the request from, so the N-th entry from the right was written by our
    outermost proxy; anything left of it came from the client and is not believed. A request with
    fewer entries than that did not pass through all our proxies, and REMOTE_ADDR is used."""
    remote = request.META.get("REMOTE_ADDR")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    return _valid_ip(hops[-count]) or remote


def _unlocked_at(
    rows: list[tuple[datetime.datetime, int]], limit: int, cool_off: datetime.timedelta
) -> datetime.datetime | None:
    """When a count over `rows` (attempt time, failures) falls below `limit` again, or None if it is
    below already. A row leaves the window as a whole `cool_off` after its last failure."""
    total = 0
    for attempt_time, failures in sorted(rows, reverse=True):
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


class TieredLockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler, with the two counts of this module's docstring."""

    def _recent(self, request: HttpRequest, credentials: dict[str, Any] | None) -> QuerySet[AccessAttempt]:
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(username=username)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The pair's failures; the account limit, when the address alone has reached its own."""
        totals = self._recent(request, credentials).aggregate(
            account=Sum("failures_since_start"),
            pair=Sum("failures_since_start", filter=Q(ip_address=request.axes_ip_address)),
        )
        pair, account = totals["pair"] or 0, totals["account"] or 0
        if account >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def locked_until(
        self, request: HttpRequest, credentials: dict[str, Any] | None
    ) -> datetime.datetime | None:
        """When the lock on this request's address and IP ends (None: not locked, or no cool-off)."""
        cool_off = get_cool_off(request)
        if cool_off is None:
            return None
        rows = list(
            self._recent(request, credentials).values_list(
                "ip_address", "attempt_time", "failures_since_start"
            )
        )
        ends = [
            _unlocked_at(
                [(time, n) for ip, time, n in rows if ip == request.axes_ip_address],
                get_failure_limit(request, credentials),
                cool_off,
            ),
            _unlocked_at(
                [(time, n) for _ip, time, n in rows], settings.AXES_USERNAME_FAILURE_LIMIT, cool_off
            ),
        ]
        return max((end for end in ends if end is not None), default=None)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying when signing in is possible again."""
    until = TieredLockoutHandler().locked_until(request, credentials)
    if until is None:
        cool_off = get_cool_off(request)
        until = timezone.now() + cool_off if cool_off else None
    context: dict[str, Any] = {"retry_at": until}
    seconds = 0
    if until is not None:
        seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
        context["retry_minutes"] = math.ceil(seconds / 60)
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
