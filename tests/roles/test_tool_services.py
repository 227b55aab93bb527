"""roles.services for the roles tool: creating and carrying over, acts, ordering, deadline, publishing.

Every refused write is checked to leave the database as it was.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import ObjectNotFound
from notifications.models import Notification
from roles import policies, services
from roles.models import ActSection, PracticalAct, RoleKey, RolesTool, RolesToolRevision, ToolState
from roles.services import StaleEdit
from schools.models import Membership
from schools.services import member_set_active
from tests.factories import assign, member, publishable, role

R = RoleKey


def sections(city) -> list[ActSection]:
    return list(ActSection.objects.filter(municipality=city.municipality).order_by("order"))


def make_tool(city, actor_for, year=None, **kwargs) -> RolesTool:
    return services.tool_create(
        actor=actor_for(city.principal), school=city.school, school_year=year or city.year, **kwargs
    )


def add_act(city, actor, tool, key, text="Kiusaamiskysely luokassa viikolla 40", section=0, **kwargs):
    return services.act_create(
        actor=actor,
        tool=tool,
        role=role(city.municipality, key),
        section=sections(city)[section],
        text=text,
        **kwargs,
    )


def acts_state() -> list[tuple]:
    return list(
        PracticalAct.objects.order_by("pk").values_list(
            "pk",
            "tool_id",
            "role_id",
            "section_id",
            "text",
            "months",
            "with_whom",
            "responsible_id",
            "order",
            "carried_over",
            "version",
        )
    )


def order_of(acts) -> list[str]:
    ids = [a.pk for a in acts]
    return list(
        PracticalAct.objects.filter(pk__in=ids).order_by("order", "id").values_list("text", flat=True)
    )


@pytest.fixture
def principal(city, actor_for):
    return actor_for(city.principal)


@pytest.fixture
def tool(city, actor_for):
    return make_tool(city, actor_for)


# --- Creating a tool --------------------------------------------------------------------------


class TestToolCreate:
    def test_an_empty_tool_uses_every_active_role_and_has_no_acts(self, city, principal):
        tool = services.tool_create(actor=principal, school=city.school, school_year=city.year)
        assert tool.state == ToolState.DRAFT and tool.revision == 1
        assert tool.created_by == city.principal and tool.carried_over_from is None
        assert tool.roles.count() == 12
        assert not tool.acts.exists()

    def test_carry_over_copies_last_years_acts_marked_to_be_confirmed(self, city, principal, actor_for):
        last = make_tool(city, actor_for, year=city.previous_year)
        first = add_act(
            city,
            principal,
            last,
            R.TEACHER,
            "Luokan ryhmäyttäminen ennen syyslomaa",
            months=[10, 8],
            with_whom="tukioppilaat",
            responsible=city.teacher,
        )
        add_act(city, principal, last, R.TEACHER, "Kiusaamiskysely viikolla 40", section=1)
        add_act(city, principal, last, R.PUPIL, "Oppilaskunnan edustaja ryhmän pysyvänä jäsenenä")
        before = acts_state()

        tool = services.tool_create(
            actor=principal, school=city.school, school_year=city.year, carry_over=True
        )

        assert tool.carried_over_from == last
        carried = list(tool.acts.order_by("role__order", "section__order", "order"))
        assert [(a.role.key, a.section_id, a.text, a.order) for a in carried] == [
            (a.role.key, a.section_id, a.text, a.order)
            for a in last.acts.order_by("role__order", "section__order", "order")
        ]
        assert all(a.carried_over and a.version == 1 for a in carried)
        copy = tool.acts.get(text=first.text)
        assert copy.months == [8, 10] and copy.with_whom == "tukioppilaat"
        assert copy.responsible == city.teacher
        assert acts_state()[: len(before)] == before  # last year's acts are untouched

    def test_responsible_people_no_longer_members_are_dropped(self, city, principal, actor_for):
        last = make_tool(city, actor_for, year=city.previous_year)
        leaver = member(city.municipality, first_name="Lähtijä")
        add_act(city, principal, last, R.TEACHER, "Teemapäivä", responsible=leaver)
        add_act(city, principal, last, R.TEACHER, "Ryhmäytys", responsible=city.teacher)
        member_set_active(
            actor=actor_for(city.coordinator),
            membership=Membership.objects.get(user=leaver, municipality=city.municipality),
            active=False,
        )

        tool = make_tool(city, actor_for, carry_over=True)

        assert tool.acts.get(text="Teemapäivä").responsible is None
        assert tool.acts.get(text="Ryhmäytys").responsible == city.teacher
        assert last.acts.get(text="Teemapäivä").responsible == leaver

    def test_retired_roles_are_not_carried_over(self, city, principal, actor_for):
        coordinator = actor_for(city.coordinator)
        coach = services.role_create(actor=coordinator, name_fi="Koulucoach")
        last = make_tool(city, actor_for, year=city.previous_year)
        assert last.roles.filter(pk=coach.pk).exists()
        services.act_create(
            actor=principal, tool=last, role=coach, section=sections(city)[1], text="Välituntitoiminta"
        )
        add_act(city, principal, last, R.TEACHER, "Ryhmäytys")
        services.role_set_active(actor=coordinator, role=coach, active=False)

        tool = make_tool(city, actor_for, carry_over=True)

        assert not tool.roles.filter(pk=coach.pk).exists()
        assert list(tool.acts.values_list("text", flat=True)) == ["Ryhmäytys"]
        assert tool.roles.count() == 12

    def test_carry_over_without_last_years_tool_is_refused(self, city, principal):
        with pytest.raises(ValidationError):
            services.tool_create(actor=principal, school=city.school, school_year=city.year, carry_over=True)
        assert not RolesTool.objects.exists()

    def test_a_second_tool_for_the_same_school_and_year_is_refused(self, city, principal, tool):
        with pytest.raises(ValidationError):
            services.tool_create(actor=principal, school=city.school, school_year=city.year)
        assert list(RolesTool.objects.all()) == [tool]

    @pytest.mark.parametrize("who", ["teacher", "nurse", "coordinator"])
    def test_only_the_principal_creates_a_tool(self, city, actor_for, who):
        with pytest.raises(PermissionDenied):
            services.tool_create(
                actor=actor_for(getattr(city, who)), school=city.school, school_year=city.year
            )
        assert not RolesTool.objects.exists()

    def test_the_principal_of_one_school_cannot_create_anothers_tool(self, city, principal):
        with pytest.raises(PermissionDenied):
            services.tool_create(actor=principal, school=city.other_school, school_year=city.year)
        assert not RolesTool.objects.exists()

    def test_another_municipalitys_school_is_refused(self, city, other_city, principal, actor_for):
        """Not found, like a missing one: a 403 would tell that the school exists elsewhere."""
        with pytest.raises(ObjectNotFound):
            services.tool_create(actor=principal, school=other_city.school, school_year=other_city.year)
        with pytest.raises(ObjectNotFound):
            services.tool_create(actor=principal, school=city.school, school_year=other_city.year)
        assert not RolesTool.objects.exists()


# --- Acts ---------------------------------------------------------------------------------------


class TestActCreate:
    def test_an_act_is_added_at_the_end_with_months_in_school_year_order(self, city, principal, tool):
        first = add_act(city, principal, tool, R.TEACHER, "  Ryhmäytys  ", months=["1", 9, 8])
        second = add_act(city, principal, tool, R.TEACHER, "Kiusaamiskysely", months=[])
        assert first.text == "Ryhmäytys" and first.months == [8, 9, 1]
        assert (first.order, second.order) == (1, 2)
        assert first.version == 1 and not first.carried_over and first.updated_by == city.principal

    @pytest.mark.parametrize("text", ["", "   ", "x" * (services.MAX_ACT_LENGTH + 1)])
    def test_empty_or_overlong_text_is_refused(self, city, principal, tool, text):
        add_act(city, principal, tool, R.TEACHER, "Olemassa oleva teko")
        before = acts_state()
        with pytest.raises(ValidationError) as error:
            add_act(city, principal, tool, R.TEACHER, text)
        assert "text" in error.value.message_dict
        assert acts_state() == before

    @pytest.mark.parametrize("months", [[13], [0], ["maaliskuu"], [None]])
    def test_months_outside_the_calendar_are_refused(self, city, principal, tool, months):
        with pytest.raises(ValidationError):
            add_act(city, principal, tool, R.TEACHER, months=months)
        assert not PracticalAct.objects.exists()

    def test_a_role_the_school_does_not_use_is_refused(self, city, principal, tool):
        used = [r for r in tool.roles.all() if r.key != R.DOCTOR]
        services.tool_set_roles(actor=principal, tool=tool, roles=used)
        with pytest.raises(ValidationError) as error:
            add_act(city, principal, tool, R.DOCTOR)
        assert "role" in error.value.message_dict
        assert not PracticalAct.objects.exists()

    def test_a_role_of_another_municipality_is_refused(self, city, other_city, principal, tool):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.act_create(
                actor=principal,
                tool=tool,
                role=role(other_city.municipality, R.TEACHER),
                section=sections(city)[0],
                text="Ryhmäytys",
            )
        assert not PracticalAct.objects.exists()

    def test_a_section_of_another_municipality_is_refused(self, city, other_city, principal, tool):
        with pytest.raises(ValidationError) as error:
            services.act_create(
                actor=principal,
                tool=tool,
                role=role(city.municipality, R.TEACHER),
                section=sections(other_city)[0],
                text="Ryhmäytys",
            )
        assert "section" in error.value.message_dict
        assert not PracticalAct.objects.exists()

    def test_a_responsible_person_of_another_municipality_is_refused(self, city, other_city, principal, tool):
        with pytest.raises(ValidationError) as error:
            add_act(city, principal, tool, R.TEACHER, responsible=other_city.teacher)
        assert "responsible" in error.value.message_dict
        assert not PracticalAct.objects.exists()

    def test_another_municipalitys_tool_is_not_found(self, city, other_city, principal, actor_for):
        theirs = make_tool(other_city, actor_for)
        with pytest.raises(ObjectNotFound):
            services.act_create(
                actor=principal,
                tool=theirs,
                role=role(city.municipality, R.TEACHER),
                section=sections(city)[0],
                text="Ryhmäytys",
            )
        assert not PracticalAct.objects.exists()

    def test_a_published_tool_cannot_get_acts(self, city, principal, tool):
        add_act(city, principal, tool, R.TEACHER)
        services.tool_publish(actor=principal, tool=tool)
        before = acts_state()
        with pytest.raises(ValidationError):
            add_act(city, principal, tool, R.TEACHER, "Uusi teko")
        assert acts_state() == before

    def test_a_teacher_cannot_write_the_nurses_acts(self, city, tool, actor_for):
        with pytest.raises(PermissionDenied):
            add_act(city, actor_for(city.teacher), tool, R.SCHOOL_NURSE)
        assert not PracticalAct.objects.exists()


class TestActUpdate:
    def edit(self, actor, act, version, text="Ryhmäytys tammikuussa uudelleen", **kwargs):
        fields = {"months": [1], "with_whom": "tutor-opiskelijat", "responsible": None, **kwargs}
        return services.act_update(actor=actor, act=act, version=version, text=text, **fields)

    def test_a_save_bumps_the_version_and_clears_carried_over(self, city, principal, actor_for):
        last = make_tool(city, actor_for, year=city.previous_year)
        add_act(city, principal, last, R.TEACHER, "Ryhmäytys")
        tool = make_tool(city, actor_for, carry_over=True)
        act = tool.acts.get()
        teacher = actor_for(city.teacher)

        saved = self.edit(teacher, act, act.version, responsible=city.teacher)

        saved.refresh_from_db()
        assert saved.version == 2 and not saved.carried_over
        assert saved.text == "Ryhmäytys tammikuussa uudelleen" and saved.months == [1]
        assert saved.with_whom == "tutor-opiskelijat" and saved.responsible == city.teacher
        assert saved.updated_by == city.teacher

    def test_a_stale_version_is_refused_and_nothing_is_written(self, city, principal, tool, actor_for):
        act = add_act(city, principal, tool, R.TEACHER, "Ryhmäytys")
        loaded_version = act.version
        self.edit(actor_for(city.teacher), act, loaded_version, text="Opettajan versio")
        before = acts_state()

        with pytest.raises(StaleEdit) as error:
            self.edit(principal, act, loaded_version, text="Rehtorin versio")

        assert isinstance(error.value, ValidationError)
        assert error.value.current.text == "Opettajan versio" and error.value.current.version == 2
        assert acts_state() == before

    def test_a_move_to_a_section_of_the_same_role_goes_to_its_end(self, city, principal, tool):
        add_act(city, principal, tool, R.TEACHER, "Työssä 1", section=1)
        act = add_act(city, principal, tool, R.TEACHER, "Ryhmässä 1", section=0)
        moved = self.edit(principal, act, act.version, text="Nyt työssä", section=sections(city)[1])
        assert moved.section == sections(city)[1] and moved.order == 2

    def test_an_empty_text_is_refused_and_nothing_is_written(self, city, principal, tool):
        act = add_act(city, principal, tool, R.TEACHER, "Ryhmäytys")
        before = acts_state()
        with pytest.raises(ValidationError):
            self.edit(principal, act, act.version, text="  ")
        assert acts_state() == before

    def test_confirming_keeps_the_text_and_clears_carried_over(self, city, principal, actor_for):
        last = make_tool(city, actor_for, year=city.previous_year)
        add_act(city, principal, last, R.TEACHER, "Ryhmäytys")
        act = make_tool(city, actor_for, carry_over=True).acts.get()
        confirmed = services.act_confirm(actor=actor_for(city.teacher), act=act, version=act.version)
        confirmed.refresh_from_db()
        assert not confirmed.carried_over and confirmed.version == 2 and confirmed.text == "Ryhmäytys"


class TestOrder:
    @pytest.fixture
    def three(self, city, principal, tool):
        return [add_act(city, principal, tool, R.TEACHER, text) for text in ("Eka", "Toka", "Kolmas")]

    def test_move_up_and_down(self, city, principal, three):
        services.act_move(actor=principal, act=three[2], direction="up")
        assert order_of(three) == ["Eka", "Kolmas", "Toka"]
        services.act_move(actor=principal, act=three[0], direction="down")
        assert order_of(three) == ["Kolmas", "Eka", "Toka"]

    def test_moving_the_first_up_changes_nothing(self, principal, three):
        before = acts_state()
        services.act_move(actor=principal, act=three[0], direction="up")
        assert acts_state() == before

    def test_an_unknown_direction_is_refused(self, principal, three):
        before = acts_state()
        with pytest.raises(ValidationError):
            services.act_move(actor=principal, act=three[1], direction="sideways")
        assert acts_state() == before

    def test_reorder_puts_the_acts_in_the_given_order(self, city, principal, tool, three):
        services.acts_reorder(
            actor=principal,
            tool=tool,
            role=role(city.municipality, R.TEACHER),
            section=sections(city)[0],
            act_ids=[three[1].pk, three[2].pk, three[0].pk],
        )
        assert order_of(three) == ["Toka", "Kolmas", "Eka"]

    def test_reorder_refuses_ids_of_another_tool_or_an_incomplete_list(
        self, city, principal, tool, three, actor_for
    ):
        last = make_tool(city, actor_for, year=city.previous_year)
        foreign = add_act(city, principal, last, R.TEACHER, "Viime vuoden teko")
        other_role = add_act(city, principal, tool, R.SCHOOL_NURSE, "Terveystarkastukset")
        before = acts_state()
        for ids in (
            [three[0].pk, three[1].pk, foreign.pk],
            [three[0].pk, three[1].pk, three[2].pk, foreign.pk],
            [three[0].pk, three[1].pk, other_role.pk],
            [three[0].pk, three[1].pk],
            [three[0].pk, three[0].pk, three[1].pk, three[2].pk],
        ):
            with pytest.raises(ValidationError):
                services.acts_reorder(
                    actor=principal,
                    tool=tool,
                    role=role(city.municipality, R.TEACHER),
                    section=sections(city)[0],
                    act_ids=ids,
                )
        assert acts_state() == before

    def test_a_teacher_cannot_reorder_the_nurses_acts(self, city, principal, tool, actor_for):
        acts = [add_act(city, principal, tool, R.SCHOOL_NURSE, t) for t in ("A", "B")]
        before = acts_state()
        with pytest.raises(PermissionDenied):
            services.acts_reorder(
                actor=actor_for(city.teacher),
                tool=tool,
                role=role(city.municipality, R.SCHOOL_NURSE),
                section=sections(city)[0],
                act_ids=[acts[1].pk, acts[0].pk],
            )
        with pytest.raises(PermissionDenied):
            services.act_move(actor=actor_for(city.teacher), act=acts[1], direction="up")
        assert acts_state() == before


# --- The tool's roles and deadline --------------------------------------------------------------


class TestRolesAndDeadline:
    def test_a_role_with_acts_cannot_be_dropped(self, city, principal, tool):
        add_act(city, principal, tool, R.SCHOOL_NURSE)
        before = set(tool.roles.values_list("pk", flat=True))
        without_nurse = [r for r in tool.roles.all() if r.key != R.SCHOOL_NURSE]
        with pytest.raises(ValidationError):
            services.tool_set_roles(actor=principal, tool=tool, roles=without_nurse)
        assert set(tool.roles.values_list("pk", flat=True)) == before

    def test_a_role_without_acts_can_be_dropped(self, principal, tool):
        without_doctor = [r for r in tool.roles.all() if r.key != R.DOCTOR]
        services.tool_set_roles(actor=principal, tool=tool, roles=without_doctor)
        assert set(tool.roles.values_list("key", flat=True)) == {r.key for r in without_doctor}

    def test_another_municipalitys_role_is_refused(self, other_city, principal, tool):
        before = set(tool.roles.values_list("pk", flat=True))
        with pytest.raises(ValidationError):
            services.tool_set_roles(
                actor=principal, tool=tool, roles=[*tool.roles.all(), role(other_city.municipality, R.DOCTOR)]
            )
        assert set(tool.roles.values_list("pk", flat=True)) == before

    @pytest.mark.parametrize(
        "deadline", [datetime.date(2026, 8, 9), datetime.date(2027, 8, 1), datetime.date(2026, 3, 1)]
    )
    def test_a_deadline_outside_the_school_year_is_refused(self, principal, tool, deadline):
        services.tool_set_deadline(actor=principal, tool=tool, deadline=datetime.date(2026, 12, 18))
        with pytest.raises(ValidationError) as error:
            services.tool_set_deadline(actor=principal, tool=tool, deadline=deadline)
        assert "deadline" in error.value.message_dict
        tool.refresh_from_db()
        assert tool.deadline == datetime.date(2026, 12, 18)

    @pytest.mark.parametrize("deadline", [datetime.date(2026, 8, 10), datetime.date(2027, 7, 31), None])
    def test_a_deadline_within_the_year_or_none_is_kept(self, principal, tool, deadline):
        services.tool_set_deadline(actor=principal, tool=tool, deadline=datetime.date(2026, 12, 18))
        services.tool_set_deadline(actor=principal, tool=tool, deadline=deadline)
        tool.refresh_from_db()
        assert tool.deadline == deadline

    def test_only_the_principal_sets_the_deadline(self, city, tool, actor_for):
        with pytest.raises(PermissionDenied):
            services.tool_set_deadline(
                actor=actor_for(city.teacher), tool=tool, deadline=datetime.date(2026, 12, 18)
            )
        tool.refresh_from_db()
        assert tool.deadline is None


# --- Publishing ------------------------------------------------------------------------------


class TestPublish:
    def test_unconfirmed_carried_acts_block_publishing(self, city, principal, actor_for):
        last = make_tool(city, actor_for, year=city.previous_year)
        add_act(city, principal, last, R.TEACHER, "Ryhmäytys")
        add_act(city, principal, last, R.PUPIL, "Oppilaskunnan edustaja")
        tool = make_tool(city, actor_for, carry_over=True)
        first, second = tool.acts.order_by("pk")
        services.act_confirm(actor=principal, act=first)

        with pytest.raises(ValidationError):
            services.tool_publish(actor=principal, tool=tool)
        tool.refresh_from_db()
        assert tool.state == ToolState.DRAFT
        assert not RolesToolRevision.objects.exists() and not Notification.objects.exists()

        services.act_confirm(actor=principal, act=second)
        revision = services.tool_publish(actor=principal, tool=tool)
        tool.refresh_from_db()
        assert tool.state == ToolState.PUBLISHED and revision.number == 1

    def test_only_the_principal_publishes(self, city, tool, actor_for):
        for who in (city.teacher, city.nurse, city.coordinator):
            with pytest.raises(PermissionDenied):
                services.tool_publish(actor=actor_for(who), tool=tool)
        tool.refresh_from_db()
        assert tool.state == ToolState.DRAFT and not tool.revisions.exists()

    def test_the_published_document_is_frozen(self, city, principal, tool, actor_for):
        act = add_act(city, principal, tool, R.TEACHER, "Ryhmäytys", months=[9])
        revision = services.tool_publish(actor=principal, tool=tool)
        frozen = RolesToolRevision.objects.get(pk=revision.pk).document
        teacher_entry = next(r for r in frozen["roles"] if r["key"] == R.TEACHER)
        assert teacher_entry["sections"][0]["acts"][0]["text"] == "Ryhmäytys"
        old_description = teacher_entry["description"]

        teacher_role = role(city.municipality, R.TEACHER)
        services.role_update(
            actor=actor_for(city.coordinator),
            role=teacher_role,
            name_fi="Opettaja (uusi nimi)",
            name_sv="Lärare",
            description="Kokonaan uusi kuvaus.",
            responsibilities=["Uusi vastuu"],
        )
        services.tool_reopen(actor=principal, tool=tool)
        services.act_update(
            actor=principal,
            act=act,
            version=act.version,
            text="Muutettu teko",
            months=[1],
            with_whom="",
            responsible=None,
        )

        assert RolesToolRevision.objects.get(pk=revision.pk).document == frozen
        assert old_description != "Kokonaan uusi kuvaus." and teacher_entry["name_fi"] == "Opettaja"

    def test_publishing_queues_one_notice_per_staff_member(self, city, principal, tool, actor_for):
        both = member(city.municipality, first_name="Kaksi")
        assign(both, city.school, R.TEACHER, city.year)
        assign(both, city.school, R.SPECIAL_NEEDS_TEACHER, city.year)
        elsewhere = member(city.municipality)
        assign(elsewhere, city.other_school, R.TEACHER, city.year)
        last_year_only = member(city.municipality)
        assign(last_year_only, city.school, R.TEACHER, city.previous_year)
        # Deactivated in this municipality (they may still work in another): no notice of its schools.
        left = member(city.municipality)
        assign(left, city.school, R.TEACHER, city.year)
        member_set_active(
            actor=actor_for(city.coordinator),
            membership=Membership.objects.get(user=left, municipality=city.municipality),
            active=False,
        )

        revision = services.tool_publish(actor=principal, tool=publishable(tool, principal))

        rows = Notification.objects.filter(kind="roles_tool_published")
        assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
            [city.principal.pk, city.teacher.pk, city.nurse.pk, both.pk]
        )
        assert set(rows.values_list("subject_id", "slot")) == {(tool.pk, f"rev:{revision.number}")}
        assert not rows.filter(sent_at__isnull=False).exists()

    def test_reopening_starts_a_new_revision_and_keeps_the_published_one(self, city, principal, tool):
        add_act(city, principal, tool, R.TEACHER, "Ryhmäytys")
        first = services.tool_publish(actor=principal, tool=tool)
        with pytest.raises(ValidationError):
            services.tool_publish(actor=principal, tool=tool)

        services.tool_reopen(actor=principal, tool=tool)
        tool.refresh_from_db()
        assert tool.state == ToolState.DRAFT and tool.revision == 2
        with pytest.raises(ValidationError):
            services.tool_reopen(actor=principal, tool=tool)

        add_act(city, principal, tool, R.TEACHER, "Uusi teko")
        second = services.tool_publish(actor=principal, tool=tool)
        assert second.number == 2
        assert list(tool.revisions.values_list("number", flat=True)) == [2, 1]
        first_texts = [
            a["text"]
            for r in RolesToolRevision.objects.get(pk=first.pk).document["roles"]
            for s in r["sections"]
            for a in s["acts"]
        ]
        assert first_texts == ["Ryhmäytys"]
        slots = set(Notification.objects.values_list("kind", "subject_id", "slot"))
        assert slots == {
            ("roles_tool_published", tool.pk, "rev:1"),
            ("roles_tool_published", tool.pk, "rev:2"),
        }

    def test_a_published_act_cannot_be_edited_moved_or_deleted(self, city, principal, tool):
        act = add_act(city, principal, tool, R.TEACHER, "Ryhmäytys")
        add_act(city, principal, tool, R.TEACHER, "Toinen")
        services.tool_publish(actor=principal, tool=tool)
        before = acts_state()
        with pytest.raises(ValidationError):
            services.act_update(
                actor=principal,
                act=act,
                version=act.version,
                text="X",
                months=[],
                with_whom="",
                responsible=None,
            )
        with pytest.raises(ValidationError):
            services.act_move(actor=principal, act=act, direction="down")
        with pytest.raises(ValidationError):
            services.act_delete(actor=principal, act=act)
        with pytest.raises(ValidationError):
            services.tool_set_roles(actor=principal, tool=tool, roles=tool.roles.all())
        assert acts_state() == before

    def test_review_goes_from_draft_only(self, principal, tool):
        services.tool_submit_for_review(actor=principal, tool=tool)
        tool.refresh_from_db()
        assert tool.state == ToolState.IN_REVIEW
        with pytest.raises(ValidationError):
            services.tool_submit_for_review(actor=principal, tool=tool)
        services.tool_publish(actor=principal, tool=publishable(tool, principal))
        tool.refresh_from_db()
        assert tool.state == ToolState.PUBLISHED


# --- Who may edit which role's acts -----------------------------------------------------------


class TestCanEditRoleActs:
    def roles(self, city, *keys):
        return [role(city.municipality, k) for k in keys]

    def test_staff_edit_the_roles_they_hold(self, city, tool, actor_for):
        teacher, nurse = actor_for(city.teacher), actor_for(city.nurse)
        teacher_role, nurse_role = self.roles(city, R.TEACHER, R.SCHOOL_NURSE)
        assert policies.roles_tool.can_edit_acts(teacher, tool, teacher_role)
        assert not policies.roles_tool.can_edit_acts(teacher, tool, nurse_role)
        assert policies.roles_tool.can_edit_acts(nurse, tool, nurse_role)
        assert not policies.roles_tool.can_edit_acts(nurse, tool, teacher_role)
        assert policies.roles_tool.editable_role_ids(teacher, tool) == {teacher_role.pk}

    def test_the_principal_edits_every_role(self, city, tool, actor_for):
        principal = actor_for(city.principal)
        assert all(policies.roles_tool.can_edit_acts(principal, tool, r) for r in tool.roles.all())
        assert policies.roles_tool.editable_role_ids(principal, tool) == set(
            tool.roles.values_list("pk", flat=True)
        )

    def test_the_pupil_role_needs_the_principals_grant(self, city, tool, actor_for):
        teacher, principal = actor_for(city.teacher), actor_for(city.principal)
        pupil, guardian = self.roles(city, R.PUPIL, R.GUARDIAN)
        assert not policies.roles_tool.can_edit_acts(teacher, tool, pupil)
        with pytest.raises(PermissionDenied):
            add_act(city, teacher, tool, R.PUPIL)
        with pytest.raises(PermissionDenied):
            services.nonstaff_writer_grant(actor=teacher, tool=tool, user=city.teacher)

        services.nonstaff_writer_grant(actor=principal, tool=tool, user=city.teacher)
        teacher = actor_for(city.teacher)  # a fresh actor: guardian caches permissions per user object
        assert policies.roles_tool.can_edit_acts(teacher, tool, pupil)
        assert policies.roles_tool.can_edit_acts(teacher, tool, guardian)
        assert add_act(city, teacher, tool, R.PUPIL).role == pupil
        assert not policies.roles_tool.can_edit_acts(actor_for(city.nurse), tool, pupil)

        services.nonstaff_writer_revoke(actor=principal, tool=tool, user=city.teacher)
        assert not policies.roles_tool.can_edit_acts(actor_for(city.teacher), tool, pupil)

    def test_a_grant_needs_an_active_person_of_the_municipality(self, city, other_city, tool, actor_for):
        with pytest.raises(ValidationError):
            services.nonstaff_writer_grant(
                actor=actor_for(city.principal), tool=tool, user=other_city.teacher
            )
        assert not policies.roles_tool.can_edit_acts(
            actor_for(other_city.teacher), tool, role(city.municipality, R.PUPIL)
        )

    def test_the_coordinator_reads_but_edits_nothing(self, city, tool, actor_for):
        coordinator = actor_for(city.coordinator)
        assert policies.roles_tool.can_view(coordinator, tool)
        assert not any(policies.roles_tool.can_edit_acts(coordinator, tool, r) for r in tool.roles.all())
        assert policies.roles_tool.editable_role_ids(coordinator, tool) == set()
        with pytest.raises(PermissionDenied):
            add_act(city, coordinator, tool, R.TEACHER)

    def test_nothing_is_editable_in_a_published_tool(self, city, tool, actor_for):
        principal = actor_for(city.principal)
        services.tool_publish(actor=principal, tool=publishable(tool, principal))
        tool.refresh_from_db()
        for person in (city.principal, city.teacher, city.nurse, city.coordinator):
            actor = actor_for(person)
            assert not any(policies.roles_tool.can_edit_acts(actor, tool, r) for r in tool.roles.all())
            assert policies.roles_tool.editable_role_ids(actor, tool) == set()
