"""The staff induction pack as one tagged PDF (PDF/UA-1): cover, contents with page numbers, then the
school and its contacts, the group structure, the roles tool (the chosen role first), the yearclock's
wheel and month list, and the attendance-support model's steps.

Printed with the core PDF engine in the school's language, whoever asks: the pack is the school's
document. `render_induction_pack` gathers and prints in one go (benchmarks, tests); the Celery task
(`tasks.render_pack`) calls `gather` and `render_content` apart to report its progress in between.
"""

from __future__ import annotations

import datetime
import re
import zlib

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import css_page_counter, css_string, render_pdf
from roles.models import Role
from schools.models import School, SchoolYear

from .content import PackContent, ToolSource, gather, pack_language

TEMPLATE = "reports/induction/pdf/pack.html"
PDF_VARIANT = "pdf/ua-1"
# A page object of the PDF (not the /Pages tree): how many pages the stored pack has. WeasyPrint keeps
# the page objects in compressed object streams, so the streams are read too.
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def _date(value: datetime.datetime) -> str:
    value = timezone.localtime(value).date()
    return f"{value.day}.{value.month}.{value.year}"


def pack_context(content: PackContent) -> dict:
    """Everything the template prints. Call inside `translation.override(content.language)`."""
    school = content.school.name
    year = content.school_year.name
    heading = _("Staff induction pack")
    chosen = content.tool_roles[0] if content.role is not None and content.tool_roles else None
    return {
        "lang": content.language,
        "heading": heading,
        "school": school,
        "school_year": year,
        "school_kind": content.school.get_kind_display(),
        "stages": content.school.get_stages_display(),
        "generated_on": _date(content.generated_at),
        "chosen_role": chosen,
        "contacts": content.contacts,
        "teacher_count": content.teacher_count,
        "groups": content.groups,
        "tool_source": content.tool_source,
        "tool_published": content.tool_source == ToolSource.PUBLISHED,
        "tool_status": content.tool_status,
        "tool_roles": content.tool_roles,
        "yearclock": content.yearclock,
        "attendance_description": content.attendance_description,
        "tiers": content.tiers,
        "css_header": css_string(f"{school} · {year}"),
        "css_title": css_string(heading),
        "css_page_counter": css_page_counter(),
    }


def render_content(content: PackContent, *, base_url: str | None = None) -> bytes:
    """Print gathered content (in its language) as a tagged PDF."""
    with translation.override(content.language):
        context = pack_context(content)
        return render_pdf(TEMPLATE, context, base_url=base_url or settings.SITE_URL, pdf_variant=PDF_VARIANT)


def gather_in_language(school: School, school_year: SchoolYear, role: Role | None = None) -> PackContent:
    """`content.gather` with the school's language active (the other apps' helpers label in it)."""
    with translation.override(pack_language(school)):
        return gather(school, school_year, role)


def render_induction_pack(school: School, school_year: SchoolYear, role: Role | None = None) -> bytes:
    """The induction pack of `school` for `school_year` (with `role` first, when given) as PDF bytes.
    The caller has checked that all three are of one municipality and that the reader may have it."""
    return render_content(gather_in_language(school, school_year, role))


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF the engine printed (for the page and the API; 0 if unreadable)."""
    count = len(_PAGE_OBJECT.findall(pdf))
    for match in _STREAM.finditer(pdf):
        try:
            count += len(_PAGE_OBJECT.findall(zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return count


def pack_filename(school: School, school_year: SchoolYear, role: Role | None = None) -> str:
    """`perehdytys-<school>-2026-2027[-<role>].pdf` (`introduktion-` for a Swedish school): ASCII only,
    safe in a Content-Disposition header."""
    swedish = pack_language(school) == "sv"
    prefix = "introduktion" if swedish else "perehdytys"
    name = slugify(school.name) or "koulu"
    year = f"{school_year.starts_on.year}-{school_year.ends_on.year}"
    suffix = ""
    if role is not None:
        role_name = (role.name_sv or role.name_fi) if swedish else role.name_fi
        suffix = f"-{slugify(role_name)[:40]}" if slugify(role_name) else f"-{role.pk}"
    return f"{prefix}-{name}-{year}{suffix}.pdf"
