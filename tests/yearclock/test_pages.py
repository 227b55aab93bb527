"""The yearclock pages: what the principal, the teacher and the coordinator see and may do; refused
writes leave everything unchanged; other towns' objects are 404; constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import AgendaItem, Attachment
from groups.services import meetings, structure
from roles.models import Role, RoleKey
from tests.factories import assign, member
from tests.helpers import assert_queries_constant
from yearclock.models import EntrySource, EntryStatus, Yearclock, YearclockEntry
from yearclock.services import clocks

pytestmark = pytest.mark.django_db


def _entry(clock, theme):
    return clock.entries.get(theme=theme)


def _snapshot(clock):
    return list(
        YearclockEntry.objects.filter(yearclock=clock)
        .order_by("pk")
        .values_list(
            "pk", "theme", "start_month", "end_month", "status", "skip_reason", "dropped", "owner_id"
        )
    )


def test_principal_creates_the_yearclock_from_the_template(city, city_template, as_user):
    client = as_user(city.principal)
    page = client.get(reverse("yearclock_list"), {"year": city.year.pk})
    assert page.status_code == 200
    assert reverse("yearclock_create") in page.content.decode()
    response = client.post(reverse("yearclock_create"), {"school": city.school.pk, "year": city.year.pk})
    clock = Yearclock.objects.get(school=city.school, school_year=city.year)
    assert response.status_code == 302
    assert response.url == reverse("yearclock_detail", args=[clock.pk])
    assert clock.entries.filter(source=EntrySource.CITY).count() == 3
    detail = client.get(response.url)
    html = detail.content.decode()
    assert "Ryhmäytyminen" in html and "Kiusaamiskysely" in html
    assert f'id="entry-{_entry(clock, "Kiusaamiskysely").pk}"' in html
    # The list shows it with its counts.
    listing = client.get(reverse("yearclock_list"), {"year": city.year.pk}).content.decode()
    assert reverse("yearclock_detail", args=[clock.pk]) in listing


def test_duplicate_yearclock_is_refused_clearly(city, clock, as_user):
    client = as_user(city.principal)
    response = client.post(
        reverse("yearclock_create"), {"school": city.school.pk, "year": city.year.pk}, follow=True
    )
    assert Yearclock.objects.filter(school=city.school, school_year=city.year).count() == 1
    messages = list(response.context["messages"])
    assert [m.level_tag for m in messages] == ["error"]
    assert response.redirect_chain[-1][0].startswith(reverse("yearclock_list"))


def test_move_an_entry_and_months_out_of_order_are_refused(city, clock, as_user):
    client = as_user(city.principal)
    entry = _entry(clock, "Kiusaamiskysely")
    url = reverse("yearclock_entry_move", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"start_month": 11, "end_month": 12})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.start_month, entry.end_month, entry.weeks) == (11, 12, [])
    before = _snapshot(clock)
    refused = client.post(url, {"start_month": 3, "end_month": 9})  # ends before it starts
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert _snapshot(clock) == before


def _entry_post(**overrides):
    data = {
        "theme": "Välituntitoiminta",
        "theme_sv": "",
        "description": "",
        "description_sv": "",
        "start_month": 11,
        "end_month": 2,
        "weeks": "",
        "level": "",
        "participants": "oppilaskunta",
        "owner": "",
    }
    data.update(overrides)
    return data


def test_principal_adds_a_school_entry_with_an_owner(city, clock, as_user):
    client = as_user(city.principal)
    url = reverse("yearclock_entry_add", args=[clock.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _entry_post(owner=city.teacher.pk))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    entry = clock.entries.get(theme="Välituntitoiminta")
    assert entry.source == EntrySource.SCHOOL
    assert entry.owner == city.teacher
    assert entry.months == [11, 12, 1, 2]


def test_entry_form_refusals_write_nothing(city, clock, as_user):
    client = as_user(city.principal)
    outsider = member(city.municipality, email="toinen@alfala.fi")
    assign(outsider, city.other_school, RoleKey.TEACHER, city.year)
    before = _snapshot(clock)
    url = reverse("yearclock_entry_add", args=[clock.pk])
    wrong_order = client.post(url, _entry_post(start_month=5, end_month=8))
    assert wrong_order.status_code == 200 and "end_month" in wrong_order.context["form"].errors
    other_owner = client.post(url, _entry_post(owner=outsider.pk))
    assert other_owner.status_code == 200 and "owner" in other_owner.context["form"].errors
    edit = client.post(
        reverse("yearclock_entry_edit", args=[_entry(clock, "Ryhmäytyminen").pk]),
        _entry_post(theme="Ryhmäytyminen", start_month=8, end_month=9, owner=outsider.pk),
    )
    assert edit.status_code == 200 and "owner" in edit.context["form"].errors
    assert _snapshot(clock) == before


def test_drop_a_city_entry_and_the_coordinator_sees_it(city, clock, as_user, client):
    entry = _entry(clock, "Kiusaamiskysely")
    principal = as_user(city.principal)
    assert principal.get(reverse("yearclock_entry_drop", args=[entry.pk])).status_code == 200
    principal.post(reverse("yearclock_entry_drop", args=[entry.pk]), {"confirm": "1"})
    entry.refresh_from_db()
    assert entry.dropped
    detail = principal.get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "<del>Kiusaamiskysely</del>" in detail
    coordinator = as_user(city.coordinator)
    page = coordinator.get(reverse("yearclock_dropped"), {"year": city.year.pk}).content.decode()
    assert "Kiusaamiskysely" in page and city.school.name in page
    # Restore brings it back.
    as_user(city.principal).post(reverse("yearclock_entry_restore", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.dropped


def test_dropped_page_is_the_coordinators(city, clock, as_user):
    assert as_user(city.principal).get(reverse("yearclock_dropped")).status_code == 403


def test_status_with_a_skip_reason(city, clock, as_user):
    client = as_user(city.principal)
    entry = _entry(clock, "Ryhmäytyminen")
    url = reverse("yearclock_entry_status", args=[entry.pk])
    refused = client.post(url, {"status": EntryStatus.SKIPPED, "skip_reason": " "})
    assert refused.status_code == 200 and "skip_reason" in refused.context["form"].errors
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PLANNED and entry.skip_reason == ""
    client.post(url, {"status": EntryStatus.SKIPPED, "skip_reason": "Ryhmäytys tehtiin leirikoulussa"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SKIPPED and entry.skip_reason == "Ryhmäytys tehtiin leirikoulussa"


def test_owner_sets_the_status(city, clock, as_user, actor_for):
    entry = _entry(clock, "Ryhmäytyminen")
    clocks.entry_update(actor=actor_for(city.principal), entry=entry, owner=city.teacher)
    client = as_user(city.teacher)
    client.post(reverse("yearclock_entry_status", args=[entry.pk]), {"status": EntryStatus.IN_PROGRESS})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.IN_PROGRESS


def test_evaluation_entry_is_marked(city, clock, as_user):
    entry = _entry(clock, "Lukuvuoden arviointi")
    client = as_user(city.principal)
    client.post(reverse("yearclock_entry_evaluation", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.is_evaluation
    html = client.get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert 'class="tag evaluation"' in html


def test_teacher_reads_but_cannot_write(city, clock, as_user):
    client = as_user(city.teacher)
    entry = _entry(clock, "Kiusaamiskysely")
    assert client.get(reverse("yearclock_detail", args=[clock.pk])).status_code == 200
    before = _snapshot(clock)
    writes = [
        (reverse("yearclock_entry_add", args=[clock.pk]), _entry_post()),
        (reverse("yearclock_entry_edit", args=[entry.pk]), _entry_post()),
        (reverse("yearclock_entry_move", args=[entry.pk]), {"start_month": 11, "end_month": 11}),
        (reverse("yearclock_entry_drop", args=[entry.pk]), {"confirm": "1"}),
        (reverse("yearclock_entry_restore", args=[entry.pk]), {}),
        (reverse("yearclock_entry_status", args=[entry.pk]), {"status": EntryStatus.DONE}),
        (reverse("yearclock_entry_evaluation", args=[entry.pk]), {}),
        (reverse("yearclock_feed", args=[clock.pk]), {"action": "create"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("yearclock_entry_add", args=[clock.pk])).status_code == 403
    assert _snapshot(clock) == before
    clock.refresh_from_db()
    assert clock.feed_token_hash == ""
    detail = client.get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert reverse("yearclock_entry_move", args=[entry.pk]) not in detail


def test_another_towns_yearclock_and_entry_are_404(city, other_city, clock, as_user):
    client = as_user(other_city.principal)
    entry = _entry(clock, "Kiusaamiskysely")
    before = _snapshot(clock)
    assert client.get(reverse("yearclock_detail", args=[clock.pk])).status_code == 404
    assert client.get(reverse("yearclock_entry_edit", args=[entry.pk])).status_code == 404
    assert (
        client.post(
            reverse("yearclock_entry_move", args=[entry.pk]), {"start_month": 9, "end_month": 9}
        ).status_code
        == 404
    )
    assert client.post(reverse("yearclock_entry_drop", args=[entry.pk]), {"confirm": "1"}).status_code == 404
    assert (
        client.post(reverse("yearclock_entry_status", args=[entry.pk]), {"status": "done"}).status_code == 404
    )
    assert client.get(reverse("yearclock_feed", args=[clock.pk])).status_code == 404
    assert (
        client.post(reverse("yearclock_create"), {"school": city.school.pk, "year": city.year.pk}).status_code
        == 404
    )
    assert _snapshot(clock) == before


def test_html_in_a_theme_is_escaped(city, clock, as_user, actor_for):
    clocks.entry_add(
        actor=actor_for(city.principal), yearclock=clock, theme="<b>Lihavoitu</b>", start_month=9, end_month=9
    )
    html = as_user(city.principal).get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "<b>Lihavoitu</b>" not in html
    assert "&lt;b&gt;Lihavoitu&lt;/b&gt;" in html


def test_meetings_where_an_entry_was_handled(city, clock, as_user, actor_for):
    principal = actor_for(city.principal)
    level = structure.levels_install_default(municipality=city.municipality)
    school_level = next(lv for lv in level if lv.attaches_to == Attachment.SCHOOL)
    group = structure.group_create(
        actor=principal, level=school_level, name_fi="Koulun opiskeluhuoltoryhmä", school=city.school
    )
    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=10), datetime.time(14))
    )
    meeting = meetings.meeting_create(
        actor=principal, group=group, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    entry = _entry(clock, "Kiusaamiskysely")
    AgendaItem.objects.create(meeting=meeting, title="Kiusaamiskysely", source=entry.agenda_key)
    html = as_user(city.principal).get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "Koulun opiskeluhuoltoryhmä" in html


def test_template_page_and_coordinator_edits(city, city_template, as_user):
    assert as_user(city.teacher).get(reverse("yearclock_template")).status_code == 200
    assert as_user(city.teacher).get(reverse("yearclock_template_entry_add")).status_code == 403
    client = as_user(city.coordinator)
    response = client.post(reverse("yearclock_template_entry_add"), _entry_post(theme="Hyvinvointikysely"))
    assert response.status_code == 302
    page = client.get(reverse("yearclock_template")).content.decode()
    assert "Hyvinvointikysely" in page
    entry = city_template[0]
    edit = client.post(
        reverse("yearclock_template_entry_edit", args=[entry.pk]),
        _entry_post(theme="Ryhmäytyminen ja luokan henki", start_month=8, end_month=9, is_active="on"),
    )
    assert edit.status_code == 302
    entry.refresh_from_db()
    assert entry.theme == "Ryhmäytyminen ja luokan henki"


def test_feed_address_create_and_revoke(city, clock, as_user, client):
    principal = as_user(city.principal)
    page = principal.post(reverse("yearclock_feed", args=[clock.pk]), {"action": "create"})
    assert page.status_code == 200
    url = page.context["feed_url"]
    assert url and url in page.content.decode()
    path = url.split("testserver", 1)[1]
    principal.logout()
    try:
        import yearclock.calendar  # noqa: F401
    except ImportError:
        calendar_ready = False
    else:
        calendar_ready = True
    if calendar_ready:
        ics = client.get(path)
        assert ics.status_code == 200
        assert ics["Content-Type"].startswith("text/calendar")
        assert "private" in ics["Cache-Control"]
    principal = as_user(city.principal)
    principal.post(reverse("yearclock_feed", args=[clock.pk]), {"action": "revoke"})
    principal.logout()
    assert client.get(path).status_code == 404
    assert client.get(reverse("yearclock_feed_ics", args=["unknown-token"])).status_code == 404


def test_pdf_needs_the_documents_module(city, clock, as_user):
    pytest.importorskip("yearclock.documents")
    response = as_user(city.teacher).get(reverse("yearclock_pdf", args=[clock.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_detail_page_queries_do_not_grow_with_entries(city, clock, as_user, actor_for):
    principal = actor_for(city.principal)
    client = as_user(city.principal)
    url = reverse("yearclock_detail", args=[clock.pk])
    roles = list(Role.objects.filter(municipality=city.municipality)[:2])

    def add(count):
        for index in range(count):
            entry = clocks.entry_add(
                actor=principal,
                yearclock=clock,
                theme=f"Teema {index}",
                start_month=[8, 9, 10, 11, 12, 1, 2, 3, 4, 5][index % 10],
                end_month=[8, 9, 10, 11, 12, 1, 2, 3, 4, 5][index % 10],
                owner=city.teacher,
                roles=roles,
            )
            if index % 3 == 0:
                clocks.entry_set_status(actor=principal, entry=entry, status=EntryStatus.DONE)

    add(2)  # 5 entries with the 3 from the city

    def render():
        assert client.get(url).status_code == 200

    assert_queries_constant(render, lambda: add(35), at_most=16)
    assert clock.entries.count() == 40


def test_list_page_queries_do_not_grow_with_schools(city, clock, as_user, actor_for):
    from tests.factories import SchoolFactory

    client = as_user(city.coordinator)
    url = reverse("yearclock_list")

    def grow():
        for index in range(4):
            school = SchoolFactory(municipality=city.municipality, name=f"Lisäkoulu {index}")
            principal = member(city.municipality)
            assign(principal, school, RoleKey.PRINCIPAL, city.year)
            clocks.yearclock_create(actor=actor_for(principal), school=school, school_year=city.year)

    assert_queries_constant(lambda: client.get(url, {"year": city.year.pk}), grow)


def test_edit_links_practical_acts_of_the_schools_tool(city, clock, as_user, actor_for):
    from roles import services as roles_services

    principal = actor_for(city.principal)
    tool = roles_services.tool_create(actor=principal, school=city.school, school_year=city.year)
    act = roles_services.act_create(
        actor=principal,
        tool=tool,
        role=tool.roles.get(key=RoleKey.TEACHER),
        section=city.municipality.act_sections.order_by("order").first(),
        text="Luokan ryhmäyttäminen ennen syyslomaa",
        months=[8, 9],
    )
    entry = _entry(clock, "Ryhmäytyminen")
    client = as_user(city.principal)
    form = client.get(reverse("yearclock_entry_edit", args=[entry.pk])).content.decode()
    assert "Luokan ryhmäyttäminen ennen syyslomaa" in form
    response = client.post(
        reverse("yearclock_entry_edit", args=[entry.pk]),
        _entry_post(theme="Ryhmäytyminen", start_month=8, end_month=9, acts=[act.pk]),
    )
    assert response.status_code == 302
    assert list(entry.acts.all()) == [act]
    html = client.get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "Luokan ryhmäyttäminen ennen syyslomaa" in html


def test_teacher_does_not_see_dropped_entries(city, clock, as_user, actor_for):
    clocks.entry_drop(actor=actor_for(city.principal), entry=_entry(clock, "Kiusaamiskysely"))
    html = as_user(city.teacher).get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "Kiusaamiskysely" not in html
    coordinator = as_user(city.coordinator).get(reverse("yearclock_detail", args=[clock.pk])).content.decode()
    assert "<del>Kiusaamiskysely</del>" in coordinator
