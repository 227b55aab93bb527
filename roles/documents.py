"""The roles tool as a printable document: the PDF's context, built from a `tool_document()` dict.

The dict is either built live from the working copy or read from a published revision's frozen JSON,
so everything printed comes from it (never from the catalog as it is now). Headings are rendered in
the school's language, not the reader's: the PDF is the school's document.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import css_page_counter, css_string, render_pdf

from .content import doc_description, doc_name, doc_responsibilities
from .models import PdfKind, PublishedPdf, RolesTool, RolesToolRevision, ToolState, WorkingCopyPdf
from .selectors import month_names
from .services import SCHOOL_YEAR_MONTHS

TEMPLATE = "roles/pdf/roles_tool.html"
DECK_TEMPLATE = "roles/pdf/roles_deck.html"
TEMPLATES = {PdfKind.HANDBOOK: TEMPLATE, PdfKind.SLIDES: DECK_TEMPLATE}
# Both documents are tagged PDF/UA-1: a structure tree, the document language and title, one
# bookmark per role; public services must publish accessible documents.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Publication:
    number: int
    published_at: datetime.datetime


def document_language(document: Mapping[str, Any]) -> str:
    return "sv" if document.get("school_language") == "sv" else "fi"


def _date(value: datetime.date | datetime.datetime) -> str:
    """Finnish and Finland-Swedish write dates the same way: 3.9.2026."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day}.{value.month}.{value.year}"


def when_text(months: Sequence[int]) -> str:
    """The months in school-year order; three or more in a row read as a range ("syyskuu–marraskuu")."""
    wanted = {m for m in months if m in SCHOOL_YEAR_MONTHS}
    if len(wanted) == len(SCHOOL_YEAR_MONTHS):
        return _("Throughout the school year")
    runs: list[list[int]] = []
    previous = None
    for index, month in enumerate(SCHOOL_YEAR_MONTHS):
        if month not in wanted:
            continue
        if previous is not None and previous == index - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
        previous = index
    parts = []
    for run in runs:
        names = month_names(run)
        parts.append(f"{names[0]}–{names[-1]}" if len(run) >= 3 else ", ".join(names))
    return ", ".join(parts)


def act_details(act: Mapping[str, Any]) -> str:
    """When, with whom and who is responsible, as one line: "Milloin: syyskuu · Kenen kanssa: …"."""
    parts = []
    when = when_text(act.get("months") or [])
    if when:
        parts.append(_("When: %(months)s") % {"months": when})
    if act.get("with_whom"):
        parts.append(_("With whom: %(people)s") % {"people": act["with_whom"]})
    if act.get("responsible"):
        parts.append(_("Responsible: %(person)s") % {"person": act["responsible"]})
    return " · ".join(parts)


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside one (printed with linebreaksbr)."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def status_text(state: str, publication: Publication | None, *, live: bool = False) -> str:
    """The cover's status line. A published tool printed live says so: its role descriptions are
    today's, which may differ from those frozen at publication."""
    if publication is not None:
        values = {"number": publication.number, "date": _date(publication.published_at)}
        if live:
            text = _("Published: revision %(number)s on %(date)s (printed with today’s role descriptions)")
            return text % values
        return _("Published: revision %(number)s on %(date)s") % values
    if state == ToolState.IN_REVIEW:
        return _("In review — not published")
    return _("Draft — not published")


def _role_context(index: int, role: Mapping[str, Any], language: str) -> dict[str, Any]:
    sections = []
    for section in role.get("sections") or []:
        acts = [
            {"text": act.get("text", ""), "details": act_details(act)} for act in section.get("acts") or []
        ]
        if acts:
            sections.append({"name": doc_name(section, language), "acts": acts})
    description = doc_description(role, language)
    responsibilities = doc_responsibilities(role, language)
    return {
        "anchor": f"role-{index}",
        "name": doc_name(role, language),
        "description": paragraphs(description),
        "description_lang": description.lang,
        "responsibilities": responsibilities,
        # One attribute for the list: Finnish if any line falls back to Finnish.
        "responsibilities_lang": "fi" if any(r.lang == "fi" for r in responsibilities) else language,
        "holders": ", ".join(h for h in role.get("holders") or [] if h),
        "sections": sections,
    }


def roles_tool_context(
    document: Mapping[str, Any],
    *,
    state: str,
    publication: Publication | None,
    live: bool,
    generated_at: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Everything the template prints. Call inside `translation.override(document_language(...))`."""
    language = document_language(document)
    school = document.get("school", "")
    school_year = document.get("school_year", "")
    return {
        # The city's texts are in the school's language where written, else in Finnish: each role
        # says which (`description_lang`, `responsibilities_lang`), so hyphenation follows the text.
        "lang": language,
        "school": school,
        "school_year": school_year,
        "status": status_text(state, publication, live=live),
        "generated_on": _date(generated_at or timezone.now()),
        "css_header": css_string(f"{school} · {school_year}"),
        "css_page_counter": css_page_counter(),
        "css_continued": css_string(" " + _("(continued)")),
        "roles": [_role_context(i, role, language) for i, role in enumerate(document.get("roles") or [], 1)],
    }


def roles_tool_pdf(
    document: Mapping[str, Any],
    *,
    state: str,
    publication: Publication | None,
    live: bool,
    base_url: str,
    kind: str = PdfKind.HANDBOOK,
) -> bytes:
    """The roles tool PDF (`kind`: the A4 handbook or the 16:9 slide deck), its headings and month
    names in the school's language. `live`: the document was built from the working copy now, not read
    from a published revision."""
    with translation.override(document_language(document)):
        context = roles_tool_context(document, state=state, publication=publication, live=live)
        return render_pdf(TEMPLATES[kind], context, base_url=base_url, pdf_variant=PDF_VARIANT)


def roles_tool_filename(
    document: Mapping[str, Any], *, revision: int | None = None, kind: str = PdfKind.HANDBOOK
) -> str:
    """`roolit-<school>-2026-2027[-rev1][-esitys].pdf`: ASCII only, safe in a Content-Disposition header."""
    school = slugify(document.get("school", "")) or "koulu"
    year = slugify(str(document.get("school_year", "")).replace("–", "-"))
    suffix = f"-rev{revision}" if revision is not None else ""
    if kind == PdfKind.SLIDES:
        suffix += "-esitys"
    return f"roolit-{school}-{year}{suffix}.pdf"


def published_pdf_render(revision: RolesToolRevision, kind: str = PdfKind.HANDBOOK) -> PublishedPdf:
    """Print a published revision from its frozen document and store it; printing twice is harmless
    (a second task finds the stored one)."""
    existing = PublishedPdf.objects.filter(revision=revision, kind=kind).first()
    if existing is not None:
        return existing
    pdf = roles_tool_pdf(
        revision.document,
        state=ToolState.PUBLISHED,
        publication=Publication(revision.number, revision.published_at),
        live=False,
        base_url=settings.SITE_URL,
        kind=kind,
    )
    stored, _created = PublishedPdf.objects.get_or_create(
        revision=revision,
        kind=kind,
        defaults={
            "content": pdf,
            "filename": roles_tool_filename(revision.document, revision=revision.number, kind=kind),
        },
    )
    return stored


def working_copy_print(tool: RolesTool) -> tuple[dict, str, Publication | None]:
    """What a working-copy PDF of `tool` would print now, and its fingerprint: the document, the state
    and the publication it names (a fresh `tool_document`, about ten queries; no printing)."""
    from .selectors import tool_document

    published = None
    if tool.state == ToolState.PUBLISHED:
        published = tool.revisions.defer("document").filter(number=tool.revision).first()
    publication = Publication(published.number, published.published_at) if published else None
    document = tool_document(tool)
    printed = {"document": document, "state": tool.state, "revision": published.number if published else None}
    fingerprint = hashlib.sha256(json.dumps(printed, sort_keys=True, default=str).encode()).hexdigest()
    return document, fingerprint, publication


def working_copy_pdf_render(tool: RolesTool, kind: str = PdfKind.HANDBOOK) -> WorkingCopyPdf:
    """Print the working copy as it stands (`kind`: handbook or slide deck) and keep it with its
    fingerprint."""
    document, fingerprint, publication = working_copy_print(tool)
    existing = WorkingCopyPdf.objects.filter(tool=tool, kind=kind, fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    pdf = roles_tool_pdf(
        document, state=tool.state, publication=publication, live=True, base_url=settings.SITE_URL, kind=kind
    )
    stored, _created = WorkingCopyPdf.objects.update_or_create(
        tool=tool,
        kind=kind,
        defaults={
            "fingerprint": fingerprint,
            "content": pdf,
            "filename": roles_tool_filename(document, kind=kind),
        },
    )
    return stored
