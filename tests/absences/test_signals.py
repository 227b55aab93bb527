"""Signals: once per crossing, to the right person, one notification without the pupil's name; the
signal and pupil pages behind the second factor, scoped to who may see the pupils."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from absences.models import AccessLogEntry, Signal, ThresholdKind
from absences.notifications import ABSENCE_SIGNAL, signal_message
from absences.standings import recompute_for_municipality, recompute_for_school
from notifications.models import Notification
from roles.models import RoleKey

from ..factories import member
from .helpers import verify
from .setup import class_setting, model_with, month, pupil

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)
SEP = datetime.date(2026, 9, 1)


def test_a_crossing_signals_once_with_one_notification(city, django_capture_on_commit_callbacks):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    p = pupil(city, teacher=city.teacher)
    month(p, city.year, SEP, excused=40)
    with django_capture_on_commit_callbacks(execute=False):
        assert recompute_for_school(city.school, city.year, today=TODAY) == 1
        assert recompute_for_school(city.school, city.year, today=TODAY) == 0
    assert Signal.objects.filter(pupil=p).count() == 1
    assert Notification.objects.filter(kind=ABSENCE_SIGNAL).count() == 1


def test_below_the_threshold_no_signal(city):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    month(pupil(city, teacher=city.teacher), city.year, SEP, excused=29)
    assert recompute_for_municipality(city.municipality, city.year) == 0
    assert not Signal.objects.exists()


def test_a_teacher_step_goes_to_the_homeroom_teacher_a_nurse_step_to_the_schools_nurse(city):
    targeted, intensive = model_with(
        city,
        {"kind": ThresholdKind.HOURS, "threshold": 30},
        {"kind": ThresholdKind.HOURS, "threshold": 50, "step_role": RoleKey.SCHOOL_NURSE},
    )
    homeroom = member(city.municipality)
    class_setting(city, "8A", teacher=homeroom)
    p = pupil(city, group="8A")  # the homeroom teacher from the class setting
    month(p, city.year, SEP, excused=60)
    assert recompute_for_school(city.school, city.year, today=TODAY) == 2
    assert Signal.objects.get(tier=targeted).recipient == homeroom
    assert Signal.objects.get(tier=intensive).recipient == city.nurse
    recipients = set(Notification.objects.filter(kind=ABSENCE_SIGNAL).values_list("recipient_id", flat=True))
    assert recipients == {homeroom.pk, city.nurse.pk}


def test_the_email_names_the_class_never_the_pupil(city, settings):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    p = pupil(city, teacher=city.teacher, group="7B")
    month(p, city.year, SEP, excused=40)
    recompute_for_school(city.school, city.year, today=TODAY)
    row = Notification.objects.get(kind=ABSENCE_SIGNAL)
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            message = signal_message(row)
        for text in (message.subject, message.text):
            assert p.last_name not in text and p.first_name not in text
        assert "7B" in message.text
    from notifications.sender import send_due

    send_due()
    assert mail.outbox and all(
        p.last_name not in m.body and p.last_name not in m.subject for m in mail.outbox
    )


def test_home_card_counts_without_names_and_the_signals_page_lists_them(city, as_user):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    p = pupil(city, teacher=city.teacher)
    month(p, city.year, SEP, excused=40)
    recompute_for_school(city.school, city.year, today=TODAY)
    client = as_user(city.teacher)
    home = client.get(reverse("home")).content.decode()
    assert "Absence signals" in home or "Poissaolo" in home
    assert p.last_name not in home
    verify(client, city.teacher)
    page = client.get(reverse("absence_signals"))
    assert page.status_code == 200 and p.last_name in page.content.decode()
    assert AccessLogEntry.objects.filter(user=city.teacher, what="signals").count() == 1


def test_a_teacher_sees_only_their_class(city, as_user):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    mine = pupil(city, teacher=city.teacher, group="7B")
    other = pupil(city, teacher=city.principal, group="7C")
    client = as_user(city.teacher)
    verify(client, city.teacher)
    page = client.get(reverse("absence_pupil_list", args=[city.school.pk])).content.decode()
    assert mine.last_name in page and other.last_name not in page
    assert client.get(reverse("absence_pupil_detail", args=[other.pk])).status_code == 404
    detail = client.get(reverse("absence_pupil_detail", args=[mine.pk]))
    assert detail.status_code == 200
    assert AccessLogEntry.objects.filter(user=city.teacher, pupil=mine).count() == 1
    assert AccessLogEntry.objects.filter(user=city.teacher, what__startswith="pupil list of 7B").count() == 1


def test_the_principal_sees_every_pupil(city, as_user):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    a, b = pupil(city, group="7B"), pupil(city, group="9A")
    client = as_user(city.principal)
    verify(client, city.principal)
    page = client.get(reverse("absence_pupil_list", args=[city.school.pk])).content.decode()
    assert a.last_name in page and b.last_name in page


def test_the_coordinator_never_sees_pupils(city, as_user):
    p = pupil(city, teacher=city.teacher)
    client = as_user(city.coordinator)
    verify(client, city.coordinator)
    assert client.get(reverse("absence_pupil_list", args=[city.school.pk])).status_code in (403, 404)
    assert client.get(reverse("absence_pupil_detail", args=[p.pk])).status_code == 404
    assert client.get(reverse("absence_city_aggregates")).status_code == 200


def test_another_towns_pupils_and_schools_are_404(city, other_city, as_user):
    theirs = pupil(other_city, teacher=other_city.teacher)
    client = as_user(city.principal)
    verify(client, city.principal)
    assert client.get(reverse("absence_pupil_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("absence_pupil_list", args=[other_city.school.pk])).status_code == 404
    assert client.get(reverse("absence_school_aggregates", args=[other_city.school.pk])).status_code == 404


def test_the_signals_api_lists_mine_with_a_second_factor(city, as_user):
    model_with(city, {"kind": ThresholdKind.HOURS, "threshold": 30})
    p = pupil(city, teacher=city.teacher)
    month(p, city.year, SEP, excused=40)
    recompute_for_school(city.school, city.year, today=TODAY)
    client = as_user(city.teacher)
    assert client.get("/api/v1/absence-signals/").status_code == 403
    verify(client, city.teacher)
    data = client.get("/api/v1/absence-signals/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["pupil"] for r in rows] == [p.pk]
    assert AccessLogEntry.objects.filter(user=city.teacher, via="api").count() == 1
