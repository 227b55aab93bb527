"""The second factor (TOTP with django-otp, and one-time recovery codes): set-up, proving it, new codes.

When it is asked is decided in `absences.otp` (before the first page with pupil data); this module only
knows how. Each person has at most one confirmed authenticator (`TOTPDevice` named "authenticator") and
one set of recovery codes (`StaticDevice` named "recovery"), each code usable once.

Wrong codes: django-otp's own exponential delay is off (settings: `OTP_*_THROTTLE_FACTOR = 0`) because
it would refuse a right code typed a second after a wrong one; instead, after `MAX_FAILURES` wrong codes
in a row within `LOCK_WINDOW` the person is refused until the window has passed. The count is kept on
the device by django-otp's throttling fields (`throttle_increment` / `throttle_reset`).
"""

from __future__ import annotations

import datetime
import logging
import re
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policies
from .models import Membership, User
from .tenancy import Actor

logger = logging.getLogger(__name__)

ISSUER = "Yhdessä"
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODES = 10
MAX_FAILURES = 5
LOCK_WINDOW = datetime.timedelta(minutes=15)

_SPACES = re.compile(r"[\s-]+")


def totp_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_pending(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same secret on every reload of the set-up page,
    a new one only once it has been confirmed."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return pending or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    return b32encode(unhexlify(device.key)).decode("ascii").rstrip("=")


def otpauth_url(device: TOTPDevice) -> str:
    """The Key URI an authenticator app reads from the QR code (issuer "Yhdessä", label issuer:email)."""
    label = quote(f"{ISSUER}:{device.user.email}")
    params = urlencode(
        {"secret": base32_secret(device), "algorithm": "SHA1", "digits": device.digits, "period": device.step}
    )
    return f"otpauth://totp/{label}?{params}&issuer={quote(ISSUER)}"


def qr_svg(url: str) -> str:
    """The QR code as an inline SVG element (no image file, nothing from outside: the CSP allows it)."""
    return segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=ISSUER)


def _normalise(code: object) -> str:
    return _SPACES.sub("", str(code or "")).lower()


def locked_until(device: Device) -> datetime.datetime | None:
    """When the person may try again, if they are refused now."""
    ts = device.throttling_failure_timestamp
    if device.throttling_failure_count >= MAX_FAILURES and ts and timezone.now() - ts < LOCK_WINDOW:
        return ts + LOCK_WINDOW
    return None


def _forget_old_failures(device: Device) -> None:
    ts = device.throttling_failure_timestamp
    if device.throttling_failure_count and ts and timezone.now() - ts >= LOCK_WINDOW:
        device.throttle_reset()


def _locked_error(until: datetime.datetime) -> ValidationError:
    return ValidationError(
        _("Too many wrong codes. Try again after %(time)s.")
        % {"time": timezone.localtime(until).strftime("%H:%M")},
        code="locked",
    )


def _wrong_code_error(device: Device) -> ValidationError:
    until = locked_until(device)
    if until:
        return _locked_error(until)
    return ValidationError(_("The code is not right. Check the time on your phone and try again."))


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_confirm(request: HttpRequest, device: TOTPDevice, code: object) -> list[str]:
    """Confirm the authenticator being set up with a code from the app; the session is then verified.

    Returns the new recovery codes (shown once). A wrong code changes nothing but the failure count."""
    # The failure count is written even when the code is refused: the error is raised after the commit.
    error: ValidationError | None = None
    codes: list[str] = []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
        _forget_old_failures(device)
        until = locked_until(device)
        token = _normalise(code)
        if until:
            error = _locked_error(until)
        elif not (token.isdigit() and len(token) == device.digits and device.verify_token(token)):
            error = _wrong_code_error(device)
        else:
            # One authenticator a person: the new one replaces the old.
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(request.user)
    if error is not None:
        raise error
    otp_login(request, device)
    return codes


def verify(request: HttpRequest, code: object) -> Device:
    """Prove the second factor in this session with a current code or an unused recovery code.

    Raises ValidationError for a wrong code, and for any code while the person is locked out."""
    user = request.user
    matched: Device | None = None
    error: ValidationError | None = None
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
        )
        if totp is None:
            raise ValidationError(_("Set up the second factor first."), code="no_device")
        _forget_old_failures(totp)
        until = locked_until(totp)
        token = _normalise(code)
        if until:
            error = _locked_error(until)
        elif token.isdigit() and len(token) == totp.digits:
            matched = totp if totp.verify_token(token) else None
        else:
            recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
            if token and recovery is not None and recovery.verify_token(token):
                matched = recovery
                totp.throttle_reset()
            else:
                totp.throttle_increment()
        if matched is None and error is None:
            error = _wrong_code_error(totp)
    # Raised after the commit, so that the failure count is kept.
    if error is not None:
        raise error
    otp_login(request, matched)
    return matched


def recovery_codes_regenerate(user: User) -> list[str]:
    """New recovery codes (the old ones stop working); shown once."""
    if not has_second_factor(user):
        raise ValidationError(_("Set up the second factor first."), code="no_device")
    with transaction.atomic():
        return _new_recovery_codes(user)


def two_factor_reset(*, actor: Actor, membership: Membership) -> None:
    """The coordinator removes a person's second factor (a lost phone and lost codes): they set it up
    again before their next pupil page. Not for oneself, and not for a person who also works in another
    municipality (that one's pupils are protected by it too): the platform admin does that."""
    policies.organisation.require(actor, "manage")
    if membership.municipality_id != actor.municipality.pk:
        raise PermissionDenied
    user = membership.user
    if user.pk == actor.user.pk:
        raise ValidationError(_("You cannot reset your own second factor."))
    if Membership.objects.filter(user=user, is_active=True).exclude(municipality=actor.municipality).exists():
        raise ValidationError(
            _("The person also works in another municipality: ask the service's administrator to reset it.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    logger.info("second factor reset", extra={"user_id": user.pk, "by_user_id": actor.user.pk})
