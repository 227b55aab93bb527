"""People's own transactional mail: the invitation and the password reset, sent through the queue.

`schools` sits below this app and cannot import it, so it announces what happened through the domain
events of `core.registries` and this module listens (registered in `NotificationsConfig.ready()`):

- "member_invited" (membership_id), emitted inside `member_invite` / `member_resend_invitation`:
  an invitation row is scheduled in that transaction and sent once it commits.
- "membership_invitation_created" (invitation_id), emitted when an existing account of another
  municipality is invited: the person is asked to sign in and accept or decline.
- "password_reset_requested" (email), emitted by the password reset form for every address typed:
  the request only queues a task; the task looks the address up and schedules a row for each person
  found. The request does the same work for a known and an unknown address, and no SMTP work.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registries import listen
from schools.models import Membership, MembershipInvitation
from schools.selectors import users_for_password_reset

from .kinds import Message, NotificationKind, register_kind
from .models import Notification
from .services import schedule

INVITATION = "account_invitation"
MEMBERSHIP_INVITATION = "membership_invitation"
PASSWORD_RESET = "password_reset"


def _slot() -> str:
    """Each request is a new message (a resent invitation, a second reset), but a double click within
    the same second is one."""
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S")


# --- Invitation -------------------------------------------------------------------------------


def _schedule_now(kind: str, subject: Membership | MembershipInvitation) -> int:
    """One transactional message about `subject` to its person, due at once."""
    return schedule(
        kind=kind,
        subject=subject,
        recipients=[subject.user],
        due_at=timezone.now(),
        slot=_slot(),
        municipality=subject.municipality_id,
    )


def invitation_schedule(*, membership_id: int) -> int:
    membership = Membership.objects.select_related("user").filter(pk=membership_id).first()
    return _schedule_now(INVITATION, membership) if membership is not None else 0


def compose_invitation(notification: Notification) -> Message | None:
    """A new person (no password yet) gets a set-password link; a person who already has an account
    (county staff joining another municipality) is told where they now have access."""
    membership = (
        Membership.objects.select_related("user", "municipality").filter(pk=notification.subject_id).first()
    )
    if membership is None or not membership.is_active or not membership.user.is_active:
        return None
    user = membership.user
    context = {"user": user, "municipality": membership.municipality, "site_url": settings.SITE_URL}
    if not user.has_usable_password():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        context["set_password_url"] = settings.SITE_URL + reverse(
            "invitation_accept", kwargs={"uidb64": uid, "token": token}
        )
    return Message(
        subject=_("Invitation to Yhdessä: %(municipality)s") % {"municipality": membership.municipality.name},
        text=render_to_string("notifications/email/invitation.txt", context),
        html=render_to_string("notifications/email/invitation.html", context),
        link=settings.SITE_URL + reverse("home"),
    )


def membership_invitation_schedule(*, invitation_id: int) -> int:
    invitation = MembershipInvitation.objects.select_related("user").filter(pk=invitation_id).first()
    return _schedule_now(MEMBERSHIP_INVITATION, invitation) if invitation is not None else 0


def compose_membership_invitation(notification: Notification) -> Message | None:
    """An existing account invited to another municipality: sign in and answer. Nothing is sent once
    the invitation was answered or withdrawn."""
    invitation = (
        MembershipInvitation.objects.select_related("user", "municipality")
        .filter(pk=notification.subject_id)
        .first()
    )
    if (
        invitation is None
        or invitation.status != MembershipInvitation.Status.PENDING
        or not invitation.user.is_active
    ):
        return None
    answer_url = settings.SITE_URL + reverse("account")
    context = {
        "user": invitation.user,
        "municipality": invitation.municipality,
        "site_url": settings.SITE_URL,
        "answer_url": answer_url,
    }
    return Message(
        subject=_("Invitation to Yhdessä: %(municipality)s") % {"municipality": invitation.municipality.name},
        text=render_to_string("notifications/email/invitation.txt", context),
        html=render_to_string("notifications/email/invitation.html", context),
        link=answer_url,
    )


# --- Password reset ---------------------------------------------------------------------------


def password_reset_schedule(*, email: str) -> int:
    """Schedule a reset message for each person who may reset the password of `email`."""
    scheduled = 0
    for user in users_for_password_reset(email):
        membership = user.memberships.filter(is_active=True).order_by("pk").first()
        if membership is None:
            continue
        scheduled += schedule(
            kind=PASSWORD_RESET,
            subject=user,
            recipients=[user],
            due_at=timezone.now(),
            slot=_slot(),
            municipality=membership.municipality_id,
        )
    return scheduled


def compose_password_reset(notification: Notification) -> Message | None:
    user = notification.recipient
    if user is None or not users_for_password_reset(user.email).filter(pk=user.pk).exists():
        return None
    site = urlsplit(settings.SITE_URL)
    # The context Django's PasswordResetForm gives these templates.
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Yhdessä",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme or "https",
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    return Message(
        subject="".join(subject.splitlines()),
        text=render_to_string("registration/password_reset_email.txt", context),
        html=render_to_string("registration/password_reset_email.html", context),
        # No link for the inbox: the only one is the secret reset link.
    )


# --- Registration -----------------------------------------------------------------------------


def _member_invited(*, membership_id: int, **_payload: object) -> None:
    invitation_schedule(membership_id=membership_id)


def _membership_invitation_created(*, invitation_id: int, **_payload: object) -> None:
    membership_invitation_schedule(invitation_id=invitation_id)


def _password_reset_requested(*, email: str, **_payload: object) -> None:
    from .tasks import queue_password_reset

    transaction.on_commit(lambda: queue_password_reset.delay(email))


def register() -> None:
    register_kind(
        NotificationKind(
            key=INVITATION,
            label=gettext_lazy("Invitation"),
            compose=compose_invitation,
            user_may_turn_off=False,
            transactional=True,
        )
    )
    register_kind(
        NotificationKind(
            key=MEMBERSHIP_INVITATION,
            label=gettext_lazy("Invitation to another municipality"),
            compose=compose_membership_invitation,
            user_may_turn_off=False,
            transactional=True,
        )
    )
    register_kind(
        NotificationKind(
            key=PASSWORD_RESET,
            label=gettext_lazy("Password reset"),
            compose=compose_password_reset,
            user_may_turn_off=False,
            transactional=True,
        )
    )
    listen("member_invited", "notifications.invitation", _member_invited)
    listen(
        "membership_invitation_created", "notifications.membership_invitation", _membership_invitation_created
    )
    listen("password_reset_requested", "notifications.password_reset", _password_reset_requested)
