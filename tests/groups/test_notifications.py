"""The groups' notification kinds: what each message says, in whose language, with which calendar file,
and when a row has gone stale and is skipped."""

from __future__ import annotations

import datetime
import email

import pytest
from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar

from groups import calendar as groups_calendar
from groups import notifications as groups_notifications
from groups.models import ActionItem, ActionStatus, AgendaItem, MeetingState, MinutesState
from groups.notifications import (
    ACTION_ITEM_DUE,
    ACTION_ITEM_OVERDUE,
    MEETING_CANCELLED,
    MEETING_INVITATION,
    MEETING_REMINDER,
    MINUTES_APPROVED,
    action_due_slot,
    action_overdue_slot,
    reminder_slot,
    sequence_slot,
)
from notifications import services
from notifications.kinds import configurable_kinds, kinds
from notifications.models import Notification, Outcome
from notifications.sender import send_due

from .meeting_helpers import meeting_of, pupil_member, school_group

pytestmark = pytest.mark.django_db

PAGE = f"{settings.SITE_URL}/ryhmat/kokoukset/1/"


@pytest.fixture
def pages(monkeypatch):
    """The meeting and action-item pages, as if their views were there (they are another piece)."""
    monkeypatch.setattr(groups_notifications, "_url", lambda name, *args: PAGE)
    monkeypatch.setattr(groups_calendar, "meeting_url", lambda meeting: PAGE)


def row(kind, subject, recipient, slot, *, language="fi"):
    services.schedule(
        kind=kind,
        subject=subject,
        recipients=[recipient],
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        municipality=subject.group.municipality if hasattr(subject, "group") else subject.municipality,
        slot=slot,
        language=language,
    )
    rows = Notification.objects.filter(kind=kind, slot=slot, subject_id=subject.pk)
    if isinstance(recipient, str):
        return rows.get(email=recipient)
    return rows.get(recipient=recipient)


def compose(kind, notification):
    with translation.override(notification.recipient_language):
        return kinds.get(kind).compose(notification)


def calendar_of(message) -> Calendar:
    [attachment] = message.attachments
    assert attachment.mimetype.startswith("text/calendar")
    return Calendar.from_ical(attachment.content)


def test_invitations_arrive_by_email_with_a_calendar_file_for_users_and_email_only_members(
    city, mailoutbox, pages
):
    group = school_group(city)
    meeting = meeting_of(group, place="Opettajainhuone")
    pupil_member(group, email="oppilaskunta@example.fi", language="sv")
    services.schedule(
        kind=MEETING_INVITATION,
        subject=meeting,
        recipients=[city.teacher],
        due_at=timezone.now(),
        municipality=city.municipality,
        slot=sequence_slot(0),
    )
    services.schedule(
        kind=MEETING_INVITATION,
        subject=meeting,
        recipients=["oppilaskunta@example.fi"],
        due_at=timezone.now(),
        municipality=city.municipality,
        slot=sequence_slot(0),
        language="sv",
    )

    assert send_due() == 2

    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {city.teacher.email, "oppilaskunta@example.fi"}
    for sent in mailoutbox:
        # What the recipient's mail program gets: parse the raw message and find the calendar part.
        parsed = email.message_from_bytes(sent.message().as_bytes())
        parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1
        assert parts[0].get_param("method") == "REQUEST"
        cal = Calendar.from_ical(parts[0].get_payload(decode=True))
        assert str(cal["METHOD"]) == "REQUEST"
        [event] = cal.walk("VEVENT")
        assert str(event["UID"]) == f"{meeting.uid}@yhdessa" and int(event["SEQUENCE"]) == 0

    teacher_mail = by_address[city.teacher.email]
    assert teacher_mail.subject.startswith("Kutsu: Koulun opiskeluhuoltoryhmä")
    assert "Kouluruokailun rauhoittaminen" in teacher_mail.body and "Opettajainhuone" in teacher_mail.body
    assert "Yksittäisen oppilaan asioita ei käsitellä" in teacher_mail.body
    assert PAGE in teacher_mail.body
    assert teacher_mail.attachments[0][0] == "kokous.ics"

    pupil_mail = by_address["oppilaskunta@example.fi"]
    assert pupil_mail.subject.startswith("Kallelse: Skolans elevhälsogrupp")
    assert "Enskilda elevers ärenden" in pupil_mail.body
    assert pupil_mail.body.startswith("Hej Olivia Oppilas,")  # greeted by the name the group keeps
    assert settings.SITE_URL not in pupil_mail.body  # no page that needs signing in
    assert all(settings.SITE_URL not in str(alt[0]) for alt in pupil_mail.alternatives)
    [(_name, ics, _mimetype)] = pupil_mail.attachments
    assert "URL" not in Calendar.from_ical(ics).walk("VEVENT")[0]

    assert set(Notification.objects.filter(kind=MEETING_INVITATION).values_list("outcome", flat=True)) == {
        Outcome.SENT
    }


def test_invitation_is_in_the_recipients_language(city):
    meeting = meeting_of(school_group(city))
    city.teacher.preferred_language = "sv"
    city.teacher.save()
    swedish = compose(MEETING_INVITATION, row(MEETING_INVITATION, meeting, city.teacher, "seq:0"))
    finnish = compose(MEETING_INVITATION, row(MEETING_INVITATION, meeting, city.nurse, "seq:0"))

    assert swedish.subject.startswith("Kallelse: Skolans elevhälsogrupp")
    assert "Dagordning:" in swedish.text and "Tid:" in swedish.text
    assert "Du är kallad" in swedish.text and "Du är kallad" in swedish.html
    assert swedish.attachments[0].filename == "mote.ics"
    assert finnish.subject.startswith("Kutsu: Koulun opiskeluhuoltoryhmä")
    assert "Esityslista:" in finnish.text and "Sinut on kutsuttu" in finnish.text
    assert str(Calendar.from_ical(swedish.attachments[0].content).walk("VEVENT")[0]["SUMMARY"]) == (
        "Skolans elevhälsogrupp"
    )


def test_update_supersedes_the_earlier_invitation_and_says_it_is_an_update(city):
    meeting = meeting_of(school_group(city))
    first = row(MEETING_INVITATION, meeting, city.teacher, sequence_slot(0))
    meeting.starts_at += datetime.timedelta(hours=2)
    meeting.ends_at += datetime.timedelta(hours=2)
    meeting.sequence = 1
    meeting.save()
    update = row(MEETING_INVITATION, meeting, city.teacher, sequence_slot(1))

    assert compose(MEETING_INVITATION, first) is None
    message = compose(MEETING_INVITATION, update)
    assert message.subject.startswith("Päivitetty kutsu:")
    assert "Kokous on muuttunut" in message.text
    [event] = calendar_of(message).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == f"{meeting.uid}@yhdessa"


def test_cancellation_goes_with_method_cancel_and_no_invitation_of_a_cancelled_meeting(city):
    meeting = meeting_of(school_group(city))
    invitation = row(MEETING_INVITATION, meeting, city.teacher, sequence_slot(0))
    cancellation = row(MEETING_CANCELLED, meeting, city.teacher, sequence_slot(1))
    assert compose(MEETING_CANCELLED, cancellation) is None  # not cancelled (yet)

    meeting.state = MeetingState.CANCELLED
    meeting.sequence = 1
    meeting.save()

    assert compose(MEETING_INVITATION, invitation) is None
    message = compose(MEETING_CANCELLED, cancellation)
    assert message.subject.startswith("Peruttu:")
    assert "method=CANCEL" in message.attachments[0].mimetype
    cal = calendar_of(message)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_reminder_of_an_old_sequence_composes_nothing(city):
    meeting = meeting_of(school_group(city))
    old = row(MEETING_REMINDER, meeting, city.teacher, reminder_slot(7, 0))
    assert compose(MEETING_REMINDER, old).subject.startswith("Muistutus: Koulun opiskeluhuoltoryhmä")

    meeting.sequence = 1  # moved
    meeting.save()
    new = row(MEETING_REMINDER, meeting, city.teacher, reminder_slot(7, 1))

    assert compose(MEETING_REMINDER, old) is None
    assert compose(MEETING_REMINDER, new) is not None
    meeting.state = MeetingState.CANCELLED
    meeting.save()
    assert compose(MEETING_REMINDER, new) is None


def test_minutes_notice_lists_decisions_and_action_items_once_approved(city, pages):
    meeting = meeting_of(school_group(city))
    item = meeting.agenda_items.get(order=1)
    AgendaItem.objects.filter(pk=item.pk).update(decision="Ruokailuvuorot porrastetaan.")
    ActionItem.objects.create(
        municipality=city.municipality,
        meeting=meeting,
        agenda_item=item,
        what="Laaditaan uusi ruokailujärjestys",
        owner=city.teacher,
        due_on=datetime.date(2027, 1, 15),
    )
    notification = row(MINUTES_APPROVED, meeting, city.nurse, "minutes")
    assert compose(MINUTES_APPROVED, notification) is None  # still a draft

    meeting.minutes_state = MinutesState.APPROVED
    meeting.save()
    message = compose(MINUTES_APPROVED, notification)

    assert message.subject.startswith("Pöytäkirja hyväksytty:")
    assert "Ruokailuvuorot porrastetaan." in message.text
    assert "Laaditaan uusi ruokailujärjestys" in message.text and "15.1.2027" in message.text
    assert message.link == PAGE


def test_action_item_reminders_only_while_open_and_on_the_same_date(city):
    meeting = meeting_of(school_group(city))
    item = ActionItem.objects.create(
        municipality=city.municipality,
        meeting=meeting,
        what="Päivitetään järjestyssäännöt",
        owner=city.teacher,
        due_on=datetime.date(2027, 2, 1),
    )
    due = row(ACTION_ITEM_DUE, item, city.teacher, action_due_slot(item.due_on))
    overdue = row(ACTION_ITEM_OVERDUE, item, city.teacher, action_overdue_slot(item.due_on))

    message = compose(ACTION_ITEM_DUE, due)
    assert message.subject == "Tehtävän määräpäivä 1.2.2027: Päivitetään järjestyssäännöt"
    assert "Koulun opiskeluhuoltoryhmä" in message.text
    assert compose(ACTION_ITEM_OVERDUE, overdue).subject.startswith("Myöhässä oleva tehtävä")

    item.due_on = datetime.date(2027, 3, 1)  # the date moved: the old rows are stale
    item.save()
    assert compose(ACTION_ITEM_DUE, due) is None
    item.due_on = datetime.date(2027, 2, 1)
    item.status = ActionStatus.DONE
    item.save()
    assert compose(ACTION_ITEM_DUE, due) is None and compose(ACTION_ITEM_OVERDUE, overdue) is None


def test_kinds_are_registered_with_translated_labels():
    keys = {kind.key for kind in configurable_kinds()}
    assert {MEETING_REMINDER, MINUTES_APPROVED, ACTION_ITEM_DUE, ACTION_ITEM_OVERDUE} <= keys
    assert MEETING_INVITATION not in keys and MEETING_CANCELLED not in keys
    assert kinds.get(MEETING_INVITATION).transactional
    with translation.override("fi"):
        assert str(kinds.get(MEETING_REMINDER).label) == "Muistutukset opiskeluhuoltoryhmien kokouksista"
    with translation.override("sv"):
        assert str(kinds.get(MEETING_REMINDER).label) == "Påminnelser om elevhälsogruppernas möten"
