"""The demo roles tools `seed_demo` creates (issue 3, item 9): published last year, carried over this year."""

import datetime

import pytest
from django.core import mail

from demo.roles import SVENSKA_2026_ACTS
from notifications.models import Notification, Outcome
from notifications.sender import send_due
from roles import policies
from roles.models import PracticalAct, Role, RoleKey, RolesTool, RolesToolRevision, ToolState
from roles.selectors import visible_tools_for
from schools.models import Municipality, User
from schools.tenancy import resolve_actor
from tests.factories import run_seed_demo

KESKUSTA = "Keskustan koulukeskus"


seed = run_seed_demo


def tool(school: str, year: str) -> RolesTool:
    return RolesTool.objects.select_related("school", "school_year").get(
        school__name=school, school_year__starts_on__year=int(year[:4])
    )


def actor(email: str, slug: str = "esimerkkila"):
    return resolve_actor(User.objects.get(email=email), Municipality.objects.get(slug=slug).pk)


def counts() -> dict:
    return {
        "tools": list(RolesTool.objects.values_list("pk", "state", "revision", "deadline", "updated_at")),
        "acts": list(
            PracticalAct.objects.values_list("pk", "text", "months", "carried_over", "version", "order")
        ),
        "revisions": list(RolesToolRevision.objects.values_list("pk", "number", "published_at")),
        "notifications": list(Notification.objects.values_list("pk", "sent_at", "outcome")),
    }


@pytest.mark.django_db
class TestSeededTools:
    def test_last_years_tool_is_published_with_acts_for_all_twelve_roles(self, seeded):
        published = tool(KESKUSTA, "2025")
        assert published.state == ToolState.PUBLISHED
        roles = Role.objects.filter(municipality=published.school.municipality)
        assert published.roles.count() == roles.count() == 12
        per_role = {r.key: published.acts.filter(role=r).count() for r in roles}
        assert all(3 <= n <= 7 for n in per_role.values()), per_role
        # Both standard sections are used, every act says when, and nothing is left unconfirmed.
        assert published.acts.values("section").distinct().count() == 2
        assert not published.acts.filter(carried_over=True).exists()
        assert published.acts.exclude(months=[]).count() >= published.acts.count() - 3

    def test_the_published_revision_freezes_every_role_with_its_acts(self, seeded):
        published = tool(KESKUSTA, "2025")
        revision = published.revisions.get()
        assert revision.number == 1
        assert revision.published_at.date() == datetime.date(2025, 9, 26)
        document = revision.document
        assert len(document["roles"]) == 12
        for role in document["roles"]:
            acts = [a for s in role["sections"] for a in s["acts"]]
            assert len(acts) >= 3, role["name_fi"]
        texts = " ".join(a.text for a in published.acts.all())
        assert revision.document["school"] == KESKUSTA and revision.document["school_year"] == "2025–2026"
        assert "Some meidän silmin" in texts

    def test_the_pupil_role_follows_the_customers_example(self, seeded):
        published = tool(KESKUSTA, "2025")
        pupil = published.acts.filter(role__key=RoleKey.PUPIL).select_related("section")
        text = " ".join(f"{a.text} {a.with_whom}" for a in pupil)
        for word in [
            "oppilaskunnan hallitu",
            "verso-oppila",
            "tukioppila",
            "tutor-opiskelij",
            "välkkär",
            "koulutoimittaja",
            "digiagent",
            "6. luokkiin",
            "9. luokkiin",
            "ennen syyslomaa",
            "Some meidän silmin",
        ]:
            assert word in text, word
        assert {a.section.name_fi for a in pupil} == {
            "Yhteisöllisessä opiskeluhuoltoryhmässä",
            "Yhteisöllisessä opiskeluhuoltotyössä",
        }
        # Pupils hold no staff assignment: their acts name an adult of the school as responsible.
        assert any(a.responsible_id for a in pupil)

    def test_responsible_people_are_staff_of_the_school(self, seeded):
        published = tool(KESKUSTA, "2025")
        responsible = set(published.acts.exclude(responsible=None).values_list("responsible", flat=True))
        assert len(responsible) >= 10
        staff = set(
            published.school.assignments.filter(school_year=published.school_year).values_list(
                "user", flat=True
            )
        )
        assert responsible <= staff

    def test_this_years_draft_is_carried_over_and_partly_edited(self, seeded):
        published, draft = tool(KESKUSTA, "2025"), tool(KESKUSTA, "2026")
        assert draft.state == ToolState.DRAFT and draft.carried_over_from == published
        assert not draft.revisions.exists()
        old_texts = set(published.acts.values_list("text", flat=True))
        unconfirmed = draft.acts.filter(carried_over=True)
        confirmed = draft.acts.filter(carried_over=False, text__in=old_texts)
        edited = draft.acts.filter(carried_over=False, version__gt=1).exclude(text__in=old_texts)
        new = draft.acts.filter(version=1, carried_over=False).exclude(text__in=old_texts)
        assert unconfirmed.count() >= 10
        assert confirmed.count() >= 5 and all(a.version == 2 for a in confirmed)
        assert edited.count() >= 3
        assert new.count() >= 2
        # Teachers and the nurse worked on their own roles; the principal on the rest.
        editors = set(draft.acts.filter(carried_over=False).values_list("updated_by__email", flat=True))
        assert {"opettaja@esimerkkila.fi", "terveydenhoitaja@esimerkkila.fi", "rehtori@esimerkkila.fi"} <= (
            editors
        )

    def test_the_draft_has_a_near_deadline_and_a_role_still_without_acts(self, seeded):
        draft = tool(KESKUSTA, "2026")
        assert draft.deadline == datetime.date(2026, 12, 18)
        assert draft.school_year.starts_on <= draft.deadline <= draft.school_year.ends_on
        without = [r.key for r in draft.roles.all() if not draft.acts.filter(role=r).exists()]
        assert without == [RoleKey.YOUTH_WORK]
        assert draft.roles.count() == 12

    def test_the_draft_is_editable_by_the_roles_own_people(self, seeded):
        draft = tool(KESKUSTA, "2026")
        teacher_role = draft.roles.get(key=RoleKey.TEACHER)
        nurse_role = draft.roles.get(key=RoleKey.SCHOOL_NURSE)
        teacher = actor("opettaja@esimerkkila.fi")
        assert policies.roles_tool.can_edit_acts(teacher, draft, teacher_role)
        assert not policies.roles_tool.can_edit_acts(teacher, draft, nurse_role)
        assert policies.roles_tool.can_manage(actor("rehtori@esimerkkila.fi"), draft)
        assert not policies.roles_tool.editable_role_ids(teacher, tool(KESKUSTA, "2025"))

    def test_the_other_schools_have_small_drafts(self, seeded):
        north = tool("Pohjoisen koulukeskus", "2026")
        assert north.state == ToolState.DRAFT and north.carried_over_from is None
        assert 2 <= north.acts.count() <= 6
        assert not north.acts.filter(carried_over=True).exists()
        toisala = tool("Toisalan yhtenäiskoulu", "2026")
        assert toisala.school.municipality.slug == "toisala" and toisala.acts.exists()
        swedish = tool("Svenska skolcentret", "2026")
        assert swedish.school.language == "sv" and swedish.state == ToolState.DRAFT
        # Written in Swedish, every one of them.
        assert set(swedish.acts.values_list("text", flat=True)) == {a.text for _r, _e, a in SVENSKA_2026_ACTS}

    def test_toisalas_tool_is_invisible_in_esimerkkila_and_the_other_way_round(self, seeded):
        toisala_tool = tool("Toisalan yhtenäiskoulu", "2026")
        coordinator = actor("koordinaattori@esimerkkila.fi")
        assert toisala_tool not in visible_tools_for(coordinator)
        assert visible_tools_for(coordinator).count() == 4
        assert set(visible_tools_for(actor("koordinaattori@toisala.fi", "toisala"))) == {toisala_tool}
        # The county psychologist works in both: each municipality shows only its own tools.
        psychologist_here = actor("psykologi@hyvinvointialue.fi", "esimerkkila")
        psychologist_there = actor("psykologi@hyvinvointialue.fi", "toisala")
        assert toisala_tool not in visible_tools_for(psychologist_here)
        assert set(visible_tools_for(psychologist_there)) == {toisala_tool}

    def test_seeding_sends_no_email(self, seeded):
        published = Notification.objects.filter(kind="roles_tool_published")
        assert published.count() >= 20
        assert not published.filter(sent_at=None).exists()
        assert set(published.values_list("outcome", flat=True)) == {Outcome.CANCELLED}
        assert send_due() == 0
        assert mail.outbox == []


@pytest.mark.django_db
class TestSeedingAgain:
    def test_running_twice_changes_nothing(self, db):
        first = seed()
        before = counts()
        second = seed()
        assert counts() == before
        assert "roles tool: 5" in first and "nothing to create" in second

    def test_an_existing_tool_is_left_as_it_is_and_a_missing_one_is_added(self, db):
        seed()
        draft = tool(KESKUSTA, "2026")
        first_act = draft.acts.order_by("pk").first()
        first_act.delete()  # someone's own work on the draft: the demo does not restore it
        RolesTool.objects.filter(school__name="Pohjoisen koulukeskus").delete()
        acts_in_draft = draft.acts.count()
        seed()
        assert draft.acts.count() == acts_in_draft
        north = tool("Pohjoisen koulukeskus", "2026")
        assert north.acts.count() >= 2
        assert RolesTool.objects.count() == 5
