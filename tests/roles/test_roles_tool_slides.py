"""The roles tool as a 16:9 slide deck, and both roles tool PDFs as tagged PDF/UA-1 documents.

The structure tree, document language, title and outline are read back with pypdf, as an assistive
technology or a PDF checker would; the slides' text through pdftotext. Each test prints as few PDFs
as it can (0.1–0.5 s each).
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from roles import selectors, services
from roles.models import PdfKind, PublishedPdf, RoleKey, WorkingCopyPdf
from schools.services import school_update
from tests.factories import role
from tests.roles.test_roles_tool_pdf import ACTS, contains, pdf_text, tool_with_acts

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def structure(reader: PdfReader) -> Counter:
    """How many elements of each structure type the PDF's structure tree holds."""
    counts: Counter = Counter()
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while pending:
        node = pending.pop().get_object()
        if isinstance(node, ArrayObject):
            pending.extend(node)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            counts[str(node["/S"])] += 1
            if "/K" in node:
                pending.append(node["/K"])
    return counts


def assert_tagged(pdf: bytes, *, lang: str, title: str, roles: list[str]) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]  # a tagged PDF
    assert root["/Lang"] == lang
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # viewers show the title, not the file name
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # declared PDF/UA-1
    # One outline entry per role, in the tool's order, and nothing else.
    assert [entry.title for entry in reader.outline] == roles
    tags = structure(reader)
    assert tags["/Document"] == 1
    assert tags["/H2"] >= len(roles)  # each role's name is a heading
    assert tags["/LI"] >= 3 and tags["/P"] >= len(roles)  # acts as list items, descriptions as paragraphs
    return reader


def document_title(school, language: str) -> str:
    with translation.override(language):
        return f"{gettext('Roles tool')} – {school.name} 2026–2027"


def role_names(tool) -> list[str]:
    return list(tool.roles.order_by("order").values_list("name_fi", flat=True))


def test_both_pdfs_are_tagged_with_language_title_and_one_bookmark_per_role(city, actor_for, as_user):
    tool = tool_with_acts(city, actor_for)
    client = as_user(city.principal)
    title = document_title(city.school, "fi")
    handbook = client.get(reverse("roles_tool_pdf", args=[tool.pk]))
    slides = client.get(reverse("roles_tool_slides", args=[tool.pk]))

    assert handbook.status_code == slides.status_code == 200
    assert_tagged(handbook.content, lang="fi", title=title, roles=role_names(tool))
    deck = assert_tagged(slides.content, lang="fi", title=title, roles=role_names(tool))
    # 16:9 landscape slides: 297 mm × 167 mm.
    box = deck.pages[0].mediabox
    assert round(float(box.width) / MM) == 297 and round(float(box.height) / MM) == 167
    assert slides["Content-Disposition"] == 'attachment; filename="roolit-alfalan-koulu-2026-2027-esitys.pdf"'
    assert slides["Cache-Control"] == "private, no-store"
    text = pdf_text(slides.content)
    assert city.school.name in text and "2026–2027" in text  # the title slide
    for name in role_names(tool):
        assert contains(text, name), name
    for act_text in ACTS.values():
        assert contains(text, act_text), act_text
    assert "(jatkuu)" not in text  # every role fits on one slide here
    assert set(WorkingCopyPdf.objects.filter(tool=tool).values_list("kind", flat=True)) == set(PdfKind.values)


def test_acts_that_do_not_fit_continue_on_a_slide_titled_continued(city, actor_for, as_user):
    actor = actor_for(city.principal)
    tool = tool_with_acts(city, actor_for)
    teacher = role(city.municipality, RoleKey.TEACHER)
    section = selectors.sections_for(actor).first()
    for n in range(1, 15):
        services.act_create(
            actor=actor,
            tool=tool,
            role=teacher,
            section=section,
            text=f"Teko numero {n}: luokan yhteinen hyvinvointituokio ja sen arviointi oppilaiden kanssa.",
            months=[9],
            with_whom="luokanohjaajat",
            responsible=None,
        )
    response = as_user(city.principal).get(reverse("roles_tool_slides", args=[tool.pk]))
    text = pdf_text(response.content)
    assert contains(text, "Teko numero 14")
    assert "Opettaja (jatkuu)" in text
    # Still one bookmark per role: continuation slides have no heading of their own.
    reader = PdfReader(io.BytesIO(response.content))
    assert [entry.title for entry in reader.outline] == role_names(tool)


def test_swedish_school_deck_is_swedish_and_tagged_so(city, actor_for, as_user):
    school_update(actor=actor_for(city.coordinator), school=city.school, language="sv")
    tool = tool_with_acts(city, actor_for)
    response = as_user(city.teacher).get(
        reverse("roles_tool_slides", args=[tool.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    names = [r.name_sv or r.name_fi for r in tool.roles.order_by("order")]
    assert_tagged(response.content, lang="sv", title=document_title(city.school, "sv"), roles=names)
    text = pdf_text(response.content)
    with translation.override("sv"):
        headings = [gettext("Roles"), gettext("The school’s practical acts in communal student welfare work")]
    for heading in headings:
        assert contains(text, heading), heading
    assert "Lärare" in text and "Vårdnadshavare" in text


def test_publication_prints_both_documents_once_and_downloads_serve_them(
    city, actor_for, as_user, django_capture_on_commit_callbacks
):
    tool = tool_with_acts(city, actor_for)
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.tool_publish(actor=actor_for(city.principal), tool=tool)
    stored = {p.kind: p for p in PublishedPdf.objects.filter(revision=revision)}
    assert set(stored) == set(PdfKind.values)
    assert stored[PdfKind.SLIDES].filename.endswith("-rev1-esitys.pdf")
    PublishedPdf.objects.filter(pk=stored[PdfKind.SLIDES].pk).update(content=b"%PDF-1.7 slides as stored")

    response = as_user(city.teacher).get(
        reverse("roles_tool_revision_slides", args=[tool.pk, revision.number])
    )
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 slides as stored"
    assert response["Content-Disposition"].endswith('-2026-2027-rev1-esitys.pdf"')
    # The handbook is its own stored file.
    handbook = as_user(city.teacher).get(reverse("roles_tool_revision_pdf", args=[tool.pk, revision.number]))
    assert handbook.content == bytes(stored[PdfKind.HANDBOOK].content)


def test_slides_not_printed_yet_are_queued_and_other_tenants_get_nothing(
    city, other_city, actor_for, as_user
):
    from config.celery import app as celery_app

    tool = tool_with_acts(city, actor_for)
    url = reverse("roles_tool_slides", args=[tool.pk])
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    try:
        response = as_user(city.teacher).get(url)
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
    assert response.status_code == 202 and response["Retry-After"] == "3"
    body = response.content.decode()
    assert f'href="{url}"' in body
    assert not WorkingCopyPdf.objects.exists()

    assert as_user(other_city.coordinator).get(url).status_code == 404
    missing = reverse("roles_tool_revision_slides", args=[tool.pk, 1])
    assert as_user(city.principal).get(missing).status_code == 404  # never published
