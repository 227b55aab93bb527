"""The pupil-name guard (issue 11, item 7): agendas, minutes, yearclock entries and practical acts never
name a pupil of the schools they are about; a staff member's name can be confirmed."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from absences.models import Pupil
from core.registries import TextContext, TextGuard, register_text_guard, text_guards
from core.text import PUPIL_NAMES_GUARD, check_text
from groups.models import AgendaItem, Attachment, Meeting
from groups.services import meetings, minutes, structure
from roles import selectors as roles_selectors
from roles import services as roles_services
from roles.models import PracticalAct, RoleKey
from yearclock.models import TemplateEntry, YearclockEntry
from yearclock.services import clocks, template

from ..groups.fixtures import in_days

MESSAGE = (
    "The text contains the name of a pupil of the school. Communal groups never handle an individual "
    "pupil's matters: write about it in general terms."
)
_ids = itertools.count(1)


def pupil(school, first: str, last: str, **fields) -> Pupil:
    return Pupil.objects.create(
        municipality=school.municipality,
        school=school,
        source_id=f"p{next(_ids)}",
        first_name=first,
        last_name=last,
        **fields,
    )


def messages(error: ValidationError) -> list[str]:
    return error.messages


@pytest.fixture
def matti(city):
    return pupil(city.school, "Matti", "Virtanen", group_name="5B", grade=5)


def test_a_pupils_name_in_the_minutes_is_refused_and_nothing_saved(city, meeting, matti, actor_for):
    principal = actor_for(city.principal)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title="Välituntitoiminta")
    before = Meeting.objects.filter(pk=meeting.pk).values().get()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        minutes.minutes_save(
            actor=principal,
            meeting=meeting,
            version=meeting.version,
            general="Käytiin läpi välituntivalvonta.",
            items={item.pk: ("Keskusteltiin Matti Virtasen tilanteesta.", "")},
        )
    assert refused.value.message_dict == {f"minutes_{item.pk}": [MESSAGE]}
    assert "Matti" not in " ".join(messages(refused.value))
    assert "Virta" not in " ".join(messages(refused.value))
    assert Meeting.objects.filter(pk=meeting.pk).values().get() == before
    assert AgendaItem.objects.get(pk=item.pk).minutes == ""


@pytest.mark.parametrize(
    "text",
    [
        "Matti Virtanen",
        "matti virtasen poissaolot",
        "Soitetaan Matti Virtaselle",
        "Tavattiin Matti Virtasta",
        "Matti Virtasesta huolestuttu",
        "Luettelo: Virtanen, Matti",
    ],
)
def test_inflected_forms_of_the_name_are_refused(city, meeting, matti, actor_for, text):
    with pytest.raises(ValidationError):
        meetings.agenda_item_add(
            actor=actor_for(city.principal), meeting=meeting, title="Asia", description=text
        )
    assert not AgendaItem.objects.exists()


def test_other_names_and_words_pass(city, meeting, matti, actor_for):
    principal = actor_for(city.principal)
    for text in ("Matti Virtamo", "Virtasen koulu", "Matti-päivä", "Liisa Virtanen", "Matti.\nVirtanen"):
        meetings.agenda_item_add(actor=principal, meeting=meeting, title="Asia", description=text)
    assert AgendaItem.objects.count() == 5


def test_finnish_gradation_and_multi_part_names(city, meeting, actor_for):
    pupil(city.school, "Anna Maria", "Lahti")
    pupil(city.school, "Eero", "af Forselles")
    principal = actor_for(city.principal)
    for text in ("Anna Lahden kanssa", "Anna Maria Lahdelle", "Eero af Forsellesin"):
        with pytest.raises(ValidationError):
            meetings.agenda_item_add(actor=principal, meeting=meeting, title=text)
    assert not AgendaItem.objects.exists()


def test_another_schools_pupil_is_not_covered_by_a_school_group(city, meeting, actor_for):
    pupil(city.other_school, "Matti", "Virtanen")
    item = meetings.agenda_item_add(
        actor=actor_for(city.principal), meeting=meeting, title="Matti Virtasen luento"
    )
    assert item.pk


def test_an_inactive_pupil_and_another_towns_pupil_pass(city, other_city, meeting, actor_for):
    pupil(city.school, "Matti", "Virtanen", is_active=False)
    pupil(other_city.school, "Liisa", "Lehto")
    principal = actor_for(city.principal)
    meetings.agenda_item_add(actor=principal, meeting=meeting, title="Matti Virtanen ja Liisa Lehto")


def test_a_city_group_checks_every_school(city, levels, actor_for):
    pupil(city.other_school, "Liisa", "Lehto")
    coordinator = actor_for(city.coordinator)
    group = structure.group_create(
        actor=coordinator, level=levels[Attachment.MUNICIPALITY], name_fi="Kunnan ohjausryhmä"
    )
    city_meeting = meetings.meeting_create(
        actor=coordinator, group=group, starts_at=in_days(5), ends_at=in_days(5, 15)
    )
    with pytest.raises(ValidationError):
        meetings.agenda_item_add(actor=coordinator, meeting=city_meeting, title="Liisa Lehdon asia")
    with pytest.raises(ValidationError):
        structure.group_create(
            actor=coordinator,
            level=levels[Attachment.MUNICIPALITY],
            name_fi="Toinen",
            purpose="Liisa Lehto",
        )
    assert not AgendaItem.objects.exists()


def test_a_staff_members_name_is_refused_unless_confirmed(city, meeting, actor_for):
    teacher = city.teacher  # also the name of a pupil
    pupil(city.school, teacher.first_name, teacher.last_name)
    principal = actor_for(city.principal)
    title = f"{teacher.first_name} {teacher.last_name} esittelee kyselyn"
    with pytest.raises(ValidationError):
        meetings.agenda_item_add(actor=principal, meeting=meeting, title=title)
    item = meetings.agenda_item_add(actor=principal, meeting=meeting, title=title, allow_staff_names=True)
    assert item.title == title
    # The confirmation lifts the refusal for staff members' names only.
    pupil(city.school, "Matti", "Virtanen")
    with pytest.raises(ValidationError):
        meetings.agenda_item_update(
            actor=principal, item=item, title=f"{title} ja Matti Virtanen", allow_staff_names=True
        )
    with pytest.raises(ValidationError):
        minutes.minutes_save(
            actor=principal,
            meeting=meeting,
            version=meeting.version,
            general="Matti Virtanen",
            items={},
            allow_staff_names=True,
        )
    minutes.minutes_save(
        actor=principal,
        meeting=meeting,
        version=meeting.version,
        general=title,
        items={},
        allow_staff_names=True,
    )


def test_the_minutes_page_offers_the_staff_name_confirmation_after_a_refusal(city, meeting, as_user):
    teacher = city.teacher
    pupil(city.school, teacher.first_name, teacher.last_name)
    client = as_user(city.principal)
    url = reverse("group_agenda_item_add", args=[meeting.pk])
    title = f"{teacher.first_name} {teacher.last_name} esittelee"
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="allow_staff_names"' not in page
    with translation.override("en"):
        response = client.post(url, {"title": title}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and not AgendaItem.objects.exists()
    assert 'type="checkbox" name="allow_staff_names"' in page
    response = client.post(url, {"title": title, "allow_staff_names": "on"})
    assert response.status_code == 302
    assert AgendaItem.objects.get().title == title

    minutes_url = reverse("group_minutes", args=[meeting.pk])
    data = {"version": Meeting.objects.get(pk=meeting.pk).version, "general": title}
    response = client.post(minutes_url, data)
    assert response.status_code == 200
    assert 'type="checkbox" name="allow_staff_names"' in response.content.decode()
    response = client.post(minutes_url, {**data, "allow_staff_names": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).minutes_general == title


def test_no_pupils_nothing_refused(city, meeting, actor_for):
    meetings.agenda_item_add(actor=actor_for(city.principal), meeting=meeting, title="Matti Virtasen asia")
    assert AgendaItem.objects.count() == 1


def test_a_yearclock_entry_is_guarded(city, levels, matti, actor_for):
    principal = actor_for(city.principal)
    clock = clocks.yearclock_create(actor=principal, school=city.school, school_year=city.year)
    with pytest.raises(ValidationError) as refused:
        clocks.entry_add(
            actor=principal,
            yearclock=clock,
            theme="Tukitoimet",
            description="Matti Virtaselle",
            start_month=9,
        )
    assert "description" in refused.value.message_dict
    assert not YearclockEntry.objects.filter(theme="Tukitoimet").exists()
    # The city template is about every school of the municipality.
    with pytest.raises(ValidationError):
        template.template_entry_create(
            actor=actor_for(city.coordinator), theme="Matti Virtasen vuosi", start_month=9
        )
    assert not TemplateEntry.objects.filter(theme__contains="Matti").exists()


def test_a_practical_act_is_guarded(city, matti, actor_for):
    principal = actor_for(city.principal)
    tool = roles_services.tool_create(actor=principal, school=city.school, school_year=city.year)
    fields = {
        "actor": principal,
        "tool": tool,
        "role": tool.roles.get(key=RoleKey.TEACHER),
        "section": roles_selectors.sections_for(principal).first(),
    }
    with pytest.raises(ValidationError) as refused:
        roles_services.act_create(**fields, text="Opettaja soittaa Matti Virtasen kotiin.")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError):
        roles_services.act_create(**fields, text="Opettaja soittaa kotiin.", with_whom="Matti Virtanen")
    assert not PracticalAct.objects.exists()
    roles_services.act_create(**fields, text="Opettaja soittaa kotiin.")


def test_one_check_loads_the_names_in_one_query_whatever_their_number(city):
    context = TextContext(municipality_id=city.municipality.pk, school_ids=frozenset({city.school.pk}))
    with CaptureQueriesContext(connection) as few:
        check_text("Tavallinen teksti", scope="group", context=context)
    for n in range(40):
        letters = chr(97 + n // 26) + chr(97 + n % 26)
        pupil(city.school, f"Etu{letters}", f"Suku{letters}nen")
    context = TextContext(municipality_id=city.municipality.pk, school_ids=frozenset({city.school.pk}))
    with CaptureQueriesContext(connection) as many:
        check_text("Tavallinen teksti", scope="group", context=context)
        # The same context (one service call) does not load them again.
        check_text("Toinen teksti", scope="group", context=context)
    assert len(few) == len(many) == 1
    with pytest.raises(ValidationError):
        check_text("Etuah Sukuahsen asia", scope="group", context=context)


def test_texts_without_a_context_pass_and_one_argument_guards_still_work(city, matti):
    check_text("Matti Virtanen", scope="shared")
    assert text_guards.get(PUPIL_NAMES_GUARD).wants_context
    guard = register_text_guard(TextGuard(name="test-old", check=lambda t: "No." if "x" in t else None))
    try:
        assert guard.wants_context is False
        context = TextContext(municipality_id=city.municipality.pk)
        with pytest.raises(ValidationError):
            check_text("x", scope="shared", context=context)
    finally:
        text_guards.unregister(guard.name)
