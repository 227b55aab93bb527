"""A meeting's approved minutes as a printable document, and the same content for a public page.

The document is the group's: it is printed in the language of the group's school (Finnish for the
municipality's own groups), not the reader's. Who is named follows the members' choices: a pupil,
guardian or external member whose name may not appear in documents is shown by what they represent;
staff members always by name. The public variant names no pupil or guardian member at all.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.content import localized
from core.pdf import css_page_counter, css_string, render_pdf
from schools.models import Language, User

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    GroupMember,
    Meeting,
    MemberKind,
    WellbeingGroup,
)

TEMPLATE = "groups/pdf/minutes.html"
# Tagged PDF/UA-1, as the roles tool: public services must publish accessible documents.
PDF_VARIANT = "pdf/ua-1"
# Members the public page never names, whatever `name_in_documents` says (issue 9, item 7).
NEVER_NAMED_IN_PUBLIC = (MemberKind.PUPIL, MemberKind.GUARDIAN)
ATTENDANCE_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


def _document_school(group: WellbeingGroup):
    """The school a group belongs to: its own, or its parent's (a school's working group)."""
    if group.school_id:
        return group.school
    if group.parent_id and group.parent.school_id:
        return group.parent.school
    return None


def minutes_language(meeting: Meeting) -> str:
    """The school's language of instruction; the municipality's groups print in Finnish."""
    school = _document_school(meeting.group)
    return (
        Language.SWEDISH if school is not None and school.language == Language.SWEDISH else Language.FINNISH
    )


def _date(value: datetime.date | datetime.datetime) -> str:
    """Finnish and Finland-Swedish write dates the same way: 3.12.2026."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day}.{value.month}.{value.year}"


def _clock(value: datetime.datetime) -> str:
    """Both languages write times with a dot: 14.05."""
    value = timezone.localtime(value)
    return f"{value.hour}.{value.minute:02d}"


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside one (printed with linebreaksbr)."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def member_label(member: GroupMember, *, public: bool = False) -> str:
    """How a member is printed: staff by name (and the role they represent); others by name and what
    they represent, or only by their kind and what they represent when their name may not be shown."""
    if member.kind == MemberKind.STAFF:
        name = _user_name(member.user) if member.user_id else member.name
        return f"{name} ({member.role.name})" if member.role_id else name
    hidden = not member.name_in_documents or (public and member.kind in NEVER_NAMED_IN_PUBLIC)
    if hidden:
        label = str(member.get_kind_display())
        return f"{label} ({member.represents})" if member.represents else label
    name = _user_name(member.user) if member.user_id else member.name
    return f"{name} ({member.represents})" if member.represents else name


def _meeting_for_document(meeting: Meeting) -> Meeting:
    """The meeting with everything the document prints, in a constant number of queries."""
    members = GroupMember.objects.select_related("user", "role")
    return (
        Meeting.objects.select_related(
            "group__school",
            "group__parent__school",
            "group__municipality",
            "group__convener",
            "created_by",
            "minutes_approved_by",
        )
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter__user", "presenter__role"),
            ),
            Prefetch(
                "attendance", queryset=Attendance.objects.select_related("member__user", "member__role")
            ),
            Prefetch(
                "action_items", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")
            ),
            # Owners are users; one who is a member of the group is printed as the member is.
            Prefetch("group__members", queryset=members.filter(user__isnull=False)),
        )
        .get(pk=meeting.pk)
    )


def _attendance(meeting: Meeting, public: bool) -> list[dict[str, Any]]:
    labels = dict(AttendanceStatus.choices)
    grouped: dict[str, list[GroupMember]] = {status: [] for status in ATTENDANCE_ORDER}
    for row in meeting.attendance.all():
        grouped.setdefault(row.status, []).append(row.member)
    kinds = [kind for kind, _label in MemberKind.choices]
    result = []
    for status in ATTENDANCE_ORDER:
        people = sorted(grouped[status], key=lambda m: (kinds.index(m.kind), member_label(m, public=public)))
        if people:
            result.append(
                {
                    "status": status,
                    "label": str(labels[status]),
                    "people": [member_label(m, public=public) for m in people],
                }
            )
    return result


def minutes_document_context(meeting: Meeting, *, public: bool = False) -> dict[str, Any]:
    """Everything the minutes print, for the PDF and for a public page (`public`: no pupil or guardian
    member named, whatever their choice). Headings follow the active language: call inside
    `translation.override(minutes_language(meeting))` for the school's; `minutes_pdf` does."""
    return _context(_meeting_for_document(meeting), public=public)


def _context(meeting: Meeting, *, public: bool) -> dict[str, Any]:
    group = meeting.group
    school = _document_school(group)
    members_by_user = {m.user_id: m for m in group.members.all()}

    def owner_label(user: User) -> str:
        member = members_by_user.get(user.pk)
        return member_label(member, public=public) if member is not None else _user_name(user)

    items = list(meeting.agenda_items.all())
    numbers = {item.pk: number for number, item in enumerate(items, 1)}
    actions = [
        {
            "what": action.what,
            "owner": owner_label(action.owner),
            "due": _date(action.due_on),
            "item_number": numbers.get(action.agenda_item_id),
        }
        for action in meeting.action_items.all()
    ]
    convener = group.convener or meeting.created_by
    organiser = school.name if school is not None else group.municipality.name
    heading = _("Minutes")
    date = _date(meeting.starts_at)
    return {
        "lang": minutes_language(meeting),
        "public": public,
        "heading": heading,
        "group": group.name,
        "organiser": organiser,
        "title": meeting.title,
        "date": date,
        "time": f"{_clock(meeting.starts_at)}–{_clock(meeting.ends_at)}",
        "place": meeting.place,
        "online_link": meeting.online_link,
        "convener": _user_name(convener),
        "attendance": _attendance(meeting, public),
        "items": [
            {
                "number": numbers[item.pk],
                "anchor": f"item-{numbers[item.pk]}",
                "title": item.title,
                "presenter": member_label(item.presenter, public=public) if item.presenter_id else "",
                "description": _paragraphs(item.description),
                "minutes": _paragraphs(item.minutes),
                "decision": _paragraphs(item.decision),
            }
            for item in items
        ],
        "actions": actions,
        "general": _paragraphs(meeting.minutes_general),
        "approved": meeting.minutes_approved,
        "approved_by": _user_name(meeting.minutes_approved_by),
        "approved_on": _date(meeting.minutes_approved_at) if meeting.minutes_approved_at else "",
        "css_header": css_string(f"{group.name} · {organiser}"),
        "css_title": css_string(f"{heading} {date}"),
        "css_page_counter": css_page_counter(),
    }


def minutes_pdf(meeting: Meeting, *, base_url: str | None = None) -> bytes:
    """The meeting's minutes as a tagged PDF (PDF/UA-1) in the school's language. The callers print
    approved minutes only; a draft prints with its state on the first page."""
    meeting = _meeting_for_document(meeting)
    with translation.override(minutes_language(meeting)):
        context = _context(meeting, public=False)
        return render_pdf(TEMPLATE, context, base_url=base_url or settings.SITE_URL, pdf_variant=PDF_VARIANT)


def minutes_filename(meeting: Meeting) -> str:
    """`poytakirja-<group>-2026-12-03.pdf` (`protokoll-` for a Swedish school's group): ASCII only,
    safe in a Content-Disposition header."""
    language = minutes_language(meeting)
    prefix = "protokoll" if language == Language.SWEDISH else "poytakirja"
    name = localized(meeting.group.name_fi, meeting.group.name_sv, language)
    group = slugify(name.replace("–", "-")) or "ryhma"  # "3–6" stays "3-6", not "36"
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{prefix}-{group}-{day}.pdf"
