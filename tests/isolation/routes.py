"""Every route of the URL conf, what object of a town each one names, and a body that is valid for it.

A route with URL arguments must be in OBJECT_ROUTES (how to name a town's object for it, and the body
that succeeds on the attacker's own comparable object) or in PUBLIC_ROUTES (sign-in tokens, language,
documentation); the admin is for platform superusers only. `test_every_route_is_classified` fails for
a new route that is in neither.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from roles.models import RoleKey

from .towns import Town

METHODS = ["get", "post", "put", "patch", "delete"]


@dataclass(frozen=True)
class Route:
    kwargs: Callable[[Town], dict]
    # The body that succeeds on the town's own object (None: the route only reads).
    body: Callable[[Town], dict] | None = None


def _iso(day) -> str:
    return day.isoformat()


def _deadline(t: Town) -> str:
    return _iso(t.year.starts_on.replace(month=12, day=1))


SCHOOL_FORM = {
    "name": "Uusi nimi",
    "kind": "school",
    "language": "fi",
    "stages": ["primary"],
    "is_active": "on",
}


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _meeting_form(t: Town) -> dict:
    return {"date": _iso(_in_days(20)), "start_time": "14:00", "end_time": "15:30", "place": "Kirjasto"}


PLAN_FORM = {
    "goals": "Läsnäolo",
    "measures": "Aamusoitto",
    "responsibilities": "",
    "review_on": "2027-01-15",
    "agreed_with_pupil": "on",
}
PLAN_JSON = {"goals": "Läsnäolo", "measures": "Aamusoitto", "review_on": "2027-01-15"}
ENTRY_FORM = {"theme": "Uusi teema", "start_month": "9", "end_month": "10", "weeks": ""}
GROUP_FORM = {
    "name_fi": "Ryhmä uusi",
    "name_sv": "",
    "purpose": "",
    "reminder_days": "7, 1",
    "is_active": "on",
}
PUPIL_FORM = {
    "kind": "pupil",
    "name": "Oppilas uusi",
    "language": "fi",
    "represents": "Oppilaskunta",
    "name_in_documents": "on",
}
SCHOOL_JSON = {
    "name": "Uusi nimi",
    "kind": "school",
    "language": "fi",
    "stages": ["primary"],
    "is_active": True,
}


def _year_form(t: Town) -> dict:
    return {
        "starts_on": _iso(t.year.starts_on),
        "ends_on": _iso(t.year.ends_on),
        "holidays-TOTAL_FORMS": "0",
        "holidays-INITIAL_FORMS": "0",
        "holidays-MIN_NUM_FORMS": "0",
        "holidays-MAX_NUM_FORMS": "1000",
    }


def _terms_form(t: Town) -> dict:
    start = t.year.starts_on
    return {
        "terms-autumn_starts_on": _iso(start),
        "terms-autumn_ends_on": _iso(start.replace(month=12, day=20)),
        "terms-spring_starts_on": _iso(start.replace(year=start.year + 1, month=1, day=8)),
        "terms-spring_ends_on": _iso(start.replace(year=start.year + 1, month=5, day=29)),
    }


TIER_FORM = {"name_fi": "Uusi taso", "kind": "percent", "threshold": "15", "period": "school_year"}


def _step_form(t: Town) -> dict:
    return {"title": "Uusi vaihe", "roles": [t.role(RoleKey.TEACHER).pk], "deadline_school_days": "5"}


def _classes_form(t: Town) -> dict:
    return {
        "classes-TOTAL_FORMS": "1",
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "0",
        "classes-MAX_NUM_FORMS": "1000",
        "classes-0-group_name": "7A",
        "classes-0-grade": "7",
        "classes-0-homeroom_teacher": str(t.teacher.pk),
        "classes-0-weekly_lessons": "30",
    }


def _role_form(t: Town) -> dict:
    teacher = t.role(RoleKey.TEACHER)
    return {
        "name_fi": teacher.name_fi,
        "name_sv": teacher.name_sv,
        "description": "Uusi kuvaus.",
        "responsibilities": "Yksi\nKaksi",
    }


def _act_form(t: Town) -> dict:
    return {
        "text": "Muutettu teko",
        "months": ["9", "10"],
        "with_whom": "",
        "responsible": "",
        "section": str(t.act.section_id),
        "version": str(t.act.version),
    }


def _tool_role(t: Town) -> dict:
    return {"pk": t.tool.pk, "role_pk": t.role(RoleKey.TEACHER).pk}


def _evaluation_version(t: Town) -> int:
    from reports.models import SchoolEvaluation

    return SchoolEvaluation.objects.get(pk=t.extra["evaluation"].pk).version


OBJECT_ROUTES: dict[str, Route] = {
    # --- pages
    "school_detail": Route(lambda t: {"pk": t.school.pk}),
    "school_update": Route(lambda t: {"pk": t.school.pk}, lambda t: SCHOOL_FORM),
    "school_staff": Route(
        lambda t: {"pk": t.school.pk},
        lambda t: {"user": t.newcomer.pk, "role": t.role(RoleKey.TEACHER).pk, "year": t.year.pk},
    ),
    "school_staff_copy": Route(lambda t: {"pk": t.school.pk}, lambda t: {"year": t.year.pk}),
    "assignment_delete": Route(lambda t: {"pk": t.assignment.pk}, lambda t: {}),
    "school_year_update": Route(lambda t: {"pk": t.year.pk}, _year_form),
    "member_detail": Route(lambda t: {"pk": t.teacher.pk}),
    "member_update": Route(
        lambda t: {"pk": t.teacher.pk},
        lambda t: {"first_name": "Olli", "last_name": "Uusi", "preferred_language": "fi", "title": "Lehtori"},
    ),
    "member_deactivate": Route(lambda t: {"pk": t.teacher.pk}, lambda t: {}),
    "member_reactivate": Route(lambda t: {"pk": t.teacher.pk}, lambda t: {}),
    "member_resend_invitation": Route(lambda t: {"pk": t.teacher.pk}, lambda t: {}),
    "role_detail": Route(lambda t: {"pk": t.role(RoleKey.TEACHER).pk}),
    "role_update": Route(lambda t: {"pk": t.role(RoleKey.TEACHER).pk}, _role_form),
    "role_retire": Route(lambda t: {"pk": t.custom_role.pk}, lambda t: {}),
    "role_restore": Route(lambda t: {"pk": t.custom_role.pk}, lambda t: {}),
    "role_history": Route(lambda t: {"pk": t.role(RoleKey.TEACHER).pk}),
    "section_update": Route(
        lambda t: {"pk": t.section.pk},
        lambda t: {"name_fi": "Osio uusi", "name_sv": "", "order": "50", "is_active": "on"},
    ),
    "roles_tool_role": Route(_tool_role),
    "act_create": Route(
        _tool_role,
        lambda t: {
            "section": t.section.pk,
            "text": "Uusi teko",
            "months": ["9"],
            "with_whom": "",
            "responsible": "",
        },
    ),
    "act_update": Route(lambda t: {"pk": t.act.pk}, _act_form),
    "act_delete": Route(lambda t: {"pk": t.act.pk}, lambda t: {"confirmed": "1"}),
    "act_move": Route(lambda t: {"pk": t.act.pk}, lambda t: {"direction": "down"}),
    "act_confirm": Route(lambda t: {"pk": t.act.pk}, lambda t: {}),
    "acts_confirm_all": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"role": t.role(RoleKey.TEACHER).pk}),
    "roles_tool_detail": Route(lambda t: {"pk": t.tool.pk}),
    "roles_tool_state": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"action": "submit_review"}),
    "roles_tool_deadline": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"deadline": _deadline(t)}),
    "roles_tool_roles": Route(
        lambda t: {"pk": t.tool.pk}, lambda t: {"roles": list(t.tool.roles.values_list("pk", flat=True))}
    ),
    "roles_tool_writers": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"user": t.newcomer.pk}),
    "roles_tool_revision": Route(lambda t: {"pk": t.tool.pk, "number": 1}),
    "roles_tool_pdf": Route(lambda t: {"pk": t.tool.pk}),
    "roles_tool_revision_pdf": Route(lambda t: {"pk": t.tool.pk, "number": 1}),
    "roles_tool_slides": Route(lambda t: {"pk": t.tool.pk}),
    "roles_tool_revision_slides": Route(lambda t: {"pk": t.tool.pk, "number": 1}),
    "roles_tool_history": Route(lambda t: {"pk": t.tool.pk}),
    "roles_tool_publish": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    "acts_confirm_all_undo": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    # Invitations: the inviting town withdraws its own; only the invited person answers theirs.
    "member_invitation_cancel": Route(lambda t: {"pk": t.sent_invitation.pk}, lambda t: {}),
    "membership_invitation_accept": Route(lambda t: {"pk": t.invitation_to_me.pk}, lambda t: {}),
    "membership_invitation_decline": Route(lambda t: {"pk": t.invitation_to_me.pk}, lambda t: {}),
    # A person's own inbox item: anyone else's is a 404.
    "notification_mark_read": Route(lambda t: {"pk": t.notification.pk}, lambda t: {}),
    # --- absences (the pupil pages ask for the second factor after the 404 of a foreign id)
    "absence_pupil_list": Route(lambda t: {"pk": t.school.pk}),
    "absence_pupil_detail": Route(lambda t: {"pk": t.extra["pupil"].pk}),
    "absence_school_aggregates": Route(lambda t: {"pk": t.school.pk}),
    # --- groups
    "group_minutes_pdf": Route(lambda t: {"pk": t.extra["past_meeting"].pk}),
    "group_detail": Route(lambda t: {"pk": t.extra["group"].pk}),
    "group_edit": Route(lambda t: {"pk": t.extra["group"].pk}, lambda t: GROUP_FORM),
    "group_member_add": Route(lambda t: {"pk": t.extra["group"].pk}, lambda t: PUPIL_FORM),
    "group_member_edit": Route(lambda t: {"pk": t.extra["pupil_member"].pk}, lambda t: PUPIL_FORM),
    "group_member_remove": Route(lambda t: {"pk": t.extra["pupil_member"].pk}, lambda t: {}),
    "group_meeting_create": Route(lambda t: {"pk": t.extra["group"].pk}, _meeting_form),
    "group_meeting_detail": Route(lambda t: {"pk": t.extra["meeting"].pk}),
    "group_meeting_edit": Route(lambda t: {"pk": t.extra["meeting"].pk}, _meeting_form),
    "group_meeting_cancel": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {}),
    "group_meeting_invite": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {}),
    "group_meeting_preparer": Route(
        lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {"user": t.teacher.pk}
    ),
    "group_agenda_item_add": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {"title": "Uusi asia"}),
    "group_agenda_item_edit": Route(
        lambda t: {"pk": t.extra["agenda_item"].pk}, lambda t: {"title": "Muutettu"}
    ),
    "group_agenda_item_delete": Route(lambda t: {"pk": t.extra["agenda_item"].pk}, lambda t: {}),
    "group_agenda_item_move": Route(
        lambda t: {"pk": t.extra["agenda_item"].pk}, lambda t: {"direction": "up"}
    ),
    "group_minutes": Route(
        lambda t: {"pk": t.extra["meeting"].pk},
        lambda t: {"version": t.extra["meeting"].version, "general": "Muistio"},
    ),
    "group_minutes_approve": Route(lambda t: {"pk": t.extra["draft_meeting"].pk}, lambda t: {}),
    "group_action_item_add": Route(
        lambda t: {"pk": t.extra["meeting"].pk},
        lambda t: {"what": "Uusi tehtävä", "owner": t.teacher.pk, "due_on": _iso(_in_days(30))},
    ),
    "group_action_item_edit": Route(
        lambda t: {"pk": t.extra["action_item"].pk},
        lambda t: {"what": "Muutettu tehtävä", "owner": t.teacher.pk, "due_on": _iso(_in_days(30))},
    ),
    "yearclock_detail": Route(lambda t: {"pk": t.extra["yearclock"].pk}),
    "yearclock_pdf": Route(lambda t: {"pk": t.extra["yearclock"].pk}),
    "yearclock_feed": Route(lambda t: {"pk": t.extra["yearclock"].pk}, lambda t: {"action": "create"}),
    "member_two_factor_reset": Route(lambda t: {"pk": t.teacher.pk}, lambda t: {}),
    "school_year_terms": Route(lambda t: {"pk": t.year.pk}, lambda t: _terms_form(t)),
    "absence_tier_add": Route(lambda t: {"pk": t.extra["attendance_model"].pk}, lambda t: TIER_FORM),
    "absence_tier_edit": Route(lambda t: {"pk": t.extra["tier"].pk}, lambda t: TIER_FORM),
    "absence_tier_delete": Route(lambda t: {"pk": t.extra["doomed_tier"].pk}, lambda t: {}),
    "absence_step_add": Route(lambda t: {"pk": t.extra["tier"].pk}, lambda t: _step_form(t)),
    "absence_step_edit": Route(lambda t: {"pk": t.extra["tier_step"].pk}, lambda t: _step_form(t)),
    "absence_step_delete": Route(lambda t: {"pk": t.extra["doomed_step"].pk}, lambda t: {}),
    "absence_step_move": Route(lambda t: {"pk": t.extra["tier_step"].pk}, lambda t: {"direction": "down"}),
    "absence_classes": Route(lambda t: {"pk": t.school.pk}, lambda t: _classes_form(t)),
    "yearclock_entry_add": Route(lambda t: {"pk": t.extra["yearclock"].pk}, lambda t: ENTRY_FORM),
    "yearclock_entry_edit": Route(lambda t: {"pk": t.extra["entry"].pk}, lambda t: ENTRY_FORM),
    "yearclock_entry_move": Route(
        lambda t: {"pk": t.extra["entry"].pk}, lambda t: {"start_month": "10", "end_month": "11"}
    ),
    "yearclock_entry_drop": Route(lambda t: {"pk": t.extra["own_entry"].pk}, lambda t: {"confirm": "1"}),
    "yearclock_entry_restore": Route(lambda t: {"pk": t.extra["dropped_entry"].pk}, lambda t: {}),
    "yearclock_entry_status": Route(lambda t: {"pk": t.extra["entry"].pk}, lambda t: {"status": "done"}),
    "yearclock_entry_evaluation": Route(lambda t: {"pk": t.extra["entry"].pk}, lambda t: {}),
    "yearclock_template_entry_edit": Route(
        lambda t: {"pk": t.extra["template_entry"].pk}, lambda t: {**ENTRY_FORM, "is_active": "on"}
    ),
    "absence_import_detail": Route(lambda t: {"pk": t.extra["absence_import"].pk}),
    "absence_import_mapping": Route(
        lambda t: {"pk": t.extra["absence_import"].pk}, lambda t: {"ready": "day_format"}
    ),
    "absence_import_confirm": Route(lambda t: {"pk": t.extra["absence_import"].pk}, lambda t: {}),
    "group_action_item_status": Route(
        lambda t: {"pk": t.extra["action_item"].pk}, lambda t: {"status": "done"}
    ),
    # --- API
    "school-detail": Route(lambda t: {"pk": t.school.pk}, lambda t: SCHOOL_JSON),
    "school-year-detail": Route(
        lambda t: {"pk": t.year.pk},
        lambda t: {"starts_on": _iso(t.year.starts_on), "ends_on": _iso(t.year.ends_on), "holidays": []},
    ),
    "role-detail": Route(
        lambda t: {"pk": t.role(RoleKey.TEACHER).pk},
        lambda t: {**_role_form(t), "responsibilities": ["Yksi", "Kaksi"]},
    ),
    "assignment-detail": Route(lambda t: {"pk": t.assignment.pk}, lambda t: {}),
    "user-detail": Route(lambda t: {"pk": t.teacher.pk}),
    "role-retire": Route(lambda t: {"pk": t.custom_role.pk}, lambda t: {}),
    "role-restore": Route(lambda t: {"pk": t.custom_role.pk}, lambda t: {}),
    "role-history": Route(lambda t: {"pk": t.role(RoleKey.TEACHER).pk}),
    "act-section-detail": Route(lambda t: {"pk": t.section.pk}),
    "roles-tool-detail": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"deadline": _deadline(t)}),
    "roles-tool-submit-review": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    "roles-tool-publish": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    "roles-tool-reopen": Route(lambda t: {"pk": t.published_tool.pk}, lambda t: {}),
    "roles-tool-confirm-all": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    "roles-tool-confirm-all-undo": Route(lambda t: {"pk": t.tool.pk}, lambda t: {}),
    "roles-tool-document": Route(lambda t: {"pk": t.tool.pk}),
    "roles-tool-reorder": Route(
        lambda t: {"pk": t.tool.pk},
        lambda t: {
            "role": t.role(RoleKey.TEACHER).pk,
            "section": t.section.pk,
            "acts": [t.act2.pk, t.act.pk],
        },
    ),
    "roles-tool-roles": Route(
        lambda t: {"pk": t.tool.pk}, lambda t: {"roles": list(t.tool.roles.values_list("pk", flat=True))}
    ),
    "roles-tool-writers": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"user": t.newcomer.pk}),
    "roles-tool-writers-remove": Route(lambda t: {"pk": t.tool.pk}, lambda t: {"user": t.nurse.pk}),
    "practical-act-detail": Route(
        lambda t: {"pk": t.act.pk},
        lambda t: {
            "text": "Muutettu teko",
            "months": [9],
            "with_whom": "",
            "responsible": None,
            "section": t.act.section_id,
            "version": t.act.version,
        },
    ),
    "roles-tool-history": Route(lambda t: {"pk": t.tool.pk}),
    "practical-act-history": Route(lambda t: {"pk": t.act.pk}),
    "practical-act-confirm": Route(lambda t: {"pk": t.act.pk}, lambda t: {"version": t.act.version}),
    "group-level-detail": Route(lambda t: {"pk": t.extra["group"].level_id}),
    "wellbeing-group-detail": Route(
        lambda t: {"pk": t.extra["group"].pk}, lambda t: {"purpose": "Uusi tarkoitus"}
    ),
    "group-member-detail": Route(
        lambda t: {"pk": t.extra["pupil_member"].pk}, lambda t: {"represents": "Oppilaskunta"}
    ),
    "meeting-detail": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {"place": "Uusi paikka"}),
    "meeting-invite": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {}),
    "meeting-cancel": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {}),
    "meeting-preparer": Route(lambda t: {"pk": t.extra["meeting"].pk}, lambda t: {"user": t.teacher.pk}),
    "meeting-minutes": Route(
        lambda t: {"pk": t.extra["meeting"].pk},
        lambda t: {
            "version": t.extra["meeting"].version,
            "general": "Muistio",
            "items": [],
            "attendance": [],
        },
    ),
    "meeting-approve-minutes": Route(lambda t: {"pk": t.extra["draft_meeting"].pk}, lambda t: {}),
    "agenda-item-detail": Route(
        lambda t: {"pk": t.extra["agenda_item"].pk}, lambda t: {"title": "Uusi asia"}
    ),
    "yearclock-template-entry-detail": Route(
        lambda t: {"pk": t.extra["template_entry"].pk}, lambda t: {"participants": "Oppilaskunta"}
    ),
    "yearclock-detail": Route(lambda t: {"pk": t.extra["yearclock"].pk}),
    "yearclock-entry-detail": Route(
        lambda t: {"pk": t.extra["entry"].pk}, lambda t: {"participants": "Huoltajat"}
    ),
    "yearclock-entry-move": Route(
        lambda t: {"pk": t.extra["entry"].pk}, lambda t: {"start_month": 10, "end_month": 11}
    ),
    "yearclock-entry-drop": Route(lambda t: {"pk": t.extra["own_entry"].pk}, lambda t: {}),
    "yearclock-entry-restore": Route(lambda t: {"pk": t.extra["dropped_entry"].pk}, lambda t: {}),
    "yearclock-entry-status": Route(
        lambda t: {"pk": t.extra["entry"].pk}, lambda t: {"status": "in_progress"}
    ),
    "yearclock-entry-mark-evaluation": Route(lambda t: {"pk": t.extra["entry"].pk}, lambda t: {}),
    "absence-import-detail": Route(lambda t: {"pk": t.extra["absence_import"].pk}),
    "absence-import-mapping": Route(
        lambda t: {"pk": t.extra["absence_import"].pk},
        lambda t: {
            "columns": {
                "pupil_id": "oppilas_id",
                "first_name": "etunimi",
                "last_name": "sukunimi",
                "group_name": "luokka",
                "date": "pvm",
                "lessons_held": "pidetyt_tunnit",
                "excused": "poissa_selvitetty",
                "unexcused": "poissa_selvittamaton",
                "other": "poissa_muu",
            },
            "values": {},
        },  # fmt: skip
    ),
    "absence-import-confirm": Route(lambda t: {"pk": t.extra["absence_import"].pk}, lambda t: {}),
    "action-item-detail": Route(
        lambda t: {"pk": t.extra["action_item"].pk}, lambda t: {"status": "in_progress"}
    ),
    # Absence follow-up cases: pages and API.
    "absence_case_detail": Route(lambda t: {"pk": t.extra["case"].pk}),
    "absence_case_step": Route(lambda t: {"pk": t.extra["case_step"].pk}, lambda t: {"action": "done"}),
    "absence_case_note": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {"text": "Muistiinpano"}),
    "absence_case_plan": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {**PLAN_FORM, "version": 0}),
    "absence_case_team": Route(
        lambda t: {"pk": t.extra["case"].pk}, lambda t: {"action": "add", "user": t.nurse.pk}
    ),
    "absence_case_close": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {"reason": "Valmis"}),
    "absence_access_log": Route(lambda t: {"pk": t.school.pk}),
    "pupil-detail": Route(lambda t: {"pk": t.extra["pupil"].pk}),
    "absence-case-detail": Route(lambda t: {"pk": t.extra["case"].pk}),
    "absence-case-close": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {"reason": "Valmis"}),
    "absence-case-team": Route(
        lambda t: {"pk": t.extra["case"].pk}, lambda t: {"action": "add", "user": t.nurse.pk}
    ),
    "absence-case-notes": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {"text": "Muistiinpano"}),
    "absence-case-plan": Route(lambda t: {"pk": t.extra["case"].pk}, lambda t: {**PLAN_JSON, "version": 0}),
    "absence-case-step-detail": Route(lambda t: {"pk": t.extra["case_step"].pk}, lambda t: {"done": True}),
    # --- reports.evaluation ---
    "evaluation_detail": Route(
        lambda t: {"pk": t.extra["evaluation"].pk},
        lambda t: {"version": _evaluation_version(t), "summary": "Ok"},
    ),
    "evaluation_submit": Route(lambda t: {"pk": t.extra["evaluation"].pk}, lambda t: {}),
    "evaluation_reopen": Route(lambda t: {"pk": t.extra["evaluation"].pk}, lambda t: {}),
    "evaluation_theme_edit": Route(
        lambda t: {"pk": t.extra["evaluation_theme"].pk}, lambda t: {"name": "Uusi teema", "is_active": "on"}
    ),
    "evaluation_criterion_edit": Route(
        lambda t: {"pk": t.extra["evaluation_criterion"].pk},
        lambda t: {"theme": t.extra["evaluation_theme"].pk, "statement": "Uusi väite"},
    ),
    "evaluation_criterion_retire": Route(lambda t: {"pk": t.extra["evaluation_criterion"].pk}, lambda t: {}),
    "evaluation_indicator_edit": Route(
        lambda t: {"pk": t.extra["indicator"].pk},
        lambda t: {"code": t.extra["indicator"].code, "name": "Uusi mittari", "higher_is_better": "on"},
    ),
    "evaluation-theme-detail": Route(
        lambda t: {"pk": t.extra["evaluation_theme"].pk}, lambda t: {"name": "Uusi"}
    ),
    "evaluation-criterion-detail": Route(
        lambda t: {"pk": t.extra["evaluation_criterion"].pk}, lambda t: {"statement": "Uusi väite"}
    ),
    "evaluation-criterion-retire": Route(lambda t: {"pk": t.extra["evaluation_criterion"].pk}, lambda t: {}),
    "school-evaluation-detail": Route(lambda t: {"pk": t.extra["evaluation"].pk}),
    "school-evaluation-answers": Route(
        lambda t: {"pk": t.extra["evaluation"].pk},
        lambda t: {"version": _evaluation_version(t), "summary": "Ok"},
    ),
    "school-evaluation-submit": Route(lambda t: {"pk": t.extra["evaluation"].pk}, lambda t: {}),
    "school-evaluation-reopen": Route(lambda t: {"pk": t.extra["evaluation"].pk}, lambda t: {}),
    "indicator-detail": Route(lambda t: {"pk": t.extra["indicator"].pk}, lambda t: {"name": "Uusi mittari"}),
    # --- reports.dashboard ---
    # (the dashboard, its CSV/XLSX and /api/v1/dashboard/ take no id in the path: their ?year= of another
    # town is a 404, tested in tests/reports/test_dashboard_pages.py)
    "reports_school_overview": Route(lambda t: {"pk": t.school.pk}),
    # --- reports.induction ---
    "induction_pack_status": Route(lambda t: {"pk": t.extra["induction_pack"].pk}),
    "induction_pack_download": Route(lambda t: {"pk": t.extra["induction_pack"].pk}),
    "induction-pack-detail": Route(lambda t: {"pk": t.extra["induction_pack"].pk}),
    "induction-pack-download": Route(lambda t: {"pk": t.extra["induction_pack"].pk}),
}


def pk_models() -> dict[str, type]:
    """The model each route's `pk` names (a role's for `role_pk`): to read ids back out of links."""
    from absences.models import AbsenceImport, AttendanceModel, CaseStep, FollowUpCase, Pupil, Tier, TierStep
    from groups.models import ActionItem, AgendaItem, GroupLevel, GroupMember, Meeting, WellbeingGroup
    from notifications.models import Notification
    from reports.models import (
        EvaluationCriterion,
        EvaluationTheme,
        Indicator,
        InductionPack,
        SchoolEvaluation,
    )
    from roles.models import ActSection, PracticalAct, Role, RolesTool, StaffAssignment
    from schools.models import MembershipInvitation, School, SchoolYear, User
    from yearclock.models import TemplateEntry, Yearclock, YearclockEntry

    by_prefix = {
        "evaluation_theme": EvaluationTheme,
        "evaluation-theme": EvaluationTheme,
        "evaluation_criterion": EvaluationCriterion,
        "evaluation-criterion": EvaluationCriterion,
        "evaluation_indicator": Indicator,
        "evaluation": SchoolEvaluation,
        "school-evaluation": SchoolEvaluation,
        "indicator": Indicator,
        "school_year": SchoolYear,
        "school-year": SchoolYear,
        "school": School,
        "assignment": StaffAssignment,
        "member": User,
        "user": User,
        "role": Role,
        "section": ActSection,
        "act-section": ActSection,
        "act": PracticalAct,
        "practical-act": PracticalAct,
        "roles_tool": RolesTool,
        "roles-tool": RolesTool,
        "member_invitation": MembershipInvitation,
        "membership_invitation": MembershipInvitation,
        "notification": Notification,
        "group_minutes": Meeting,
        "group_meeting": Meeting,
        "group_member": GroupMember,
        "group-member": GroupMember,
        "group-level": GroupLevel,
        "group": WellbeingGroup,
        "wellbeing-group": WellbeingGroup,
        "meeting": Meeting,
        "agenda-item": AgendaItem,
        "action-item": ActionItem,
        "yearclock_template_entry": TemplateEntry,
        "yearclock-template-entry": TemplateEntry,
        "yearclock_entry": YearclockEntry,
        "yearclock-entry": YearclockEntry,
        "yearclock": Yearclock,
        "absence_case_step": CaseStep,
        "absence_case": FollowUpCase,
        "absence-case-step": CaseStep,
        "absence-case": FollowUpCase,
        "absence_access_log": School,
        "pupil": Pupil,
        "absence_import": AbsenceImport,
        "absence-import": AbsenceImport,
        "absence_tier": Tier,
        "absence_step": TierStep,
        "absence_classes": School,
        "induction_pack": InductionPack,
        "induction-pack": InductionPack,
    }

    models = {
        "absence_pupil_list": School,
        "absence_pupil_detail": Pupil,
        "absence_school_aggregates": School,
        "absence_tier_add": AttendanceModel,
        "absence_step_add": Tier,
        "yearclock_entry_add": Yearclock,
        "act_create": RolesTool,
        "acts_confirm_all": RolesTool,
        "acts_confirm_all_undo": RolesTool,
        "roles_tool_publish": RolesTool,
        "reports_school_overview": School,  # --- reports.dashboard ---
    }  # a tool's pk
    for name in set(OBJECT_ROUTES) - set(models):
        prefix = max((p for p in by_prefix if name.startswith(p)), key=len)
        models[name] = by_prefix[prefix]
    return models


# Reached without a municipality: signing in and its secret-token links, the language, the
# accessibility statement and the API's documentation. Each has its own test in test_public_routes.py.
PUBLIC_ROUTES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "set_language",
    "language_activate",
    "accessibility",
    "api-schema",
    "api-docs",
    # The approved minutes a school chose to publish (404 until then; no pupil or guardian named).
    "public_group_minutes",
    "public_minutes",
    # A person's secret calendar address (404 for an unknown or revoked token).
    "calendar_feed_ics",
    # A school's secret yearclock address (404 for an unknown or revoked token).
    "yearclock_feed_ics",
}
# The Django admin: platform superusers only (test_public_routes.py checks it turns members away).
ADMIN_PREFIX = "admin:"


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", set(p.pattern.regex.groupindex) - {"format"}


def all_routes() -> dict[str, set[str]]:
    """Route name → its URL arguments (the DRF format-suffix variants folded into their route)."""
    routes: dict[str, set[str]] = {}
    for name, params in _walk(get_resolver().url_patterns):
        routes.setdefault(name, set()).update(params)
    return routes


def is_api(name: str) -> bool:
    return "-" in name and not name.startswith(ADMIN_PREFIX)


def list_routes() -> list[str]:
    """Routes without arguments of a signed-in member (the lists and the create forms)."""
    return sorted(
        name
        for name, params in all_routes().items()
        if not params and name not in PUBLIC_ROUTES and not name.startswith(ADMIN_PREFIX)
    )


def offered(url: str) -> set[str]:
    """The methods a route answers (the others are a 405 whatever the id)."""
    func = resolve(url).func
    if hasattr(func, "actions"):  # a DRF viewset route
        return set(func.actions) & set(func.cls.http_method_names) & set(METHODS)
    cls = func.view_class
    return {m for m in cls.http_method_names if hasattr(cls, m)} & set(METHODS)


# Rows a refused request may add: sessions and sign-in bookkeeping.
UNCOMPARED_MODELS = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "admin.logentry",
    "authtoken.token",
}


def snapshot() -> dict[str, str]:
    return {
        model._meta.label_lower: serializers.serialize("json", model._default_manager.order_by("pk"))
        for model in apps.get_models()
        if model._meta.label_lower not in UNCOMPARED_MODELS and model._meta.managed
    }


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


_CSRF = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(r'("X-CSRFToken": ")[^"]+'),
]


def normalised(body: bytes, *, urls: list[str], ids: list[int]) -> str:
    """A response body with what legitimately differs between two probes taken out: CSRF tokens, the
    requested URLs themselves (pages link back to them) and the probed id numbers."""
    text = body.decode(errors="replace")
    for pattern in _CSRF:
        text = pattern.sub(r"\1<csrf>", text)
    for url in sorted(urls, key=len, reverse=True):
        text = text.replace(quote(url, safe=""), "<url>").replace(url, "<url>")
    for number in sorted({str(i) for i in ids}, key=len, reverse=True):
        text = re.sub(rf"(?<!\d){number}(?!\d)", "<id>", text)
    return text
