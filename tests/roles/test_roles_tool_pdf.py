"""The roles tool PDF: who may download it, what its text says (through pdftotext, as a reader would
copy it), that a published revision keeps the texts it was published with, and the school's language.

Rendering costs 0.1–1 s a PDF, so each test renders as few as it can.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.pdf import css_string
from roles import selectors, services
from roles.documents import when_text
from roles.models import PdfKind, PublishedPdf, RoleKey, RolesTool, WorkingCopyPdf
from schools.services import school_update
from tests.factories import assign, member, role

pytestmark = pytest.mark.django_db

ACTS = {
    RoleKey.TEACHER: "Luokan ryhmäyttäminen syyskuussa; välkkärit esittäytyvät jokaisessa luokassa",
    RoleKey.SCHOOL_NURSE: "Terveystarkastusten yhteenveto ryhmälle (ei yksittäisiä oppilaita)",
    RoleKey.PUPIL: "Oppilaskunta nimeää jäsenen; <b>x</b> & <script>alert(1)</script> näkyy tekstinä",
}


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def squashed(text: str) -> str:
    """Line ends, and the hyphens that hyphenation puts at them, are layout, not text."""
    return re.sub(r"[\s\-‐­]+", "", text)


def contains(pdf_text: str, expected: str) -> bool:
    return squashed(expected) in squashed(pdf_text)


def tool_with_acts(city, actor_for) -> RolesTool:
    """A tool of four roles (fewer pages to print): three with an act, the guardian with none."""
    actor = actor_for(city.principal)
    tool = services.tool_create(actor=actor, school=city.school, school_year=city.year)
    keys = [*ACTS, RoleKey.GUARDIAN]
    services.tool_set_roles(actor=actor, tool=tool, roles=[role(city.municipality, k) for k in keys])
    section = selectors.sections_for(actor).first()
    for key, text in ACTS.items():
        services.act_create(
            actor=actor,
            tool=tool,
            role=role(city.municipality, key),
            section=section,
            text=text,
            months=[9, 10, 11],
            with_whom="tukioppilaat, verso-oppilaat",
            responsible=city.teacher if key == RoleKey.TEACHER else None,
        )
    return tool


def test_pdf_prints_every_role_and_act_with_the_school_and_year(city, actor_for, as_user):
    tool = tool_with_acts(city, actor_for)
    response = as_user(city.principal).get(reverse("roles_tool_pdf", args=[tool.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="roolit-alfalan-koulu-2026-2027.pdf"'
    text = pdf_text(response.content)
    names = list(tool.roles.values_list("name_fi", flat=True))
    assert len(names) == 4
    for name in names:
        assert contains(text, name), name
    for act_text in ACTS.values():
        assert contains(text, act_text), act_text
    # Escaped by the template: the markup is printed as typed, never interpreted.
    assert contains(text, "<b>x</b>") and contains(text, "<script>alert(1)</script>")
    assert city.school.name in text and "2026–2027" in text
    assert "yhteisöllisessä" in text and "ryhmäyttäminen" in text  # å ä ö intact
    assert city.teacher.get_full_name() in text  # responsible person and holder
    with translation.override("fi"):
        assert when_text([9, 10, 11]) in text  # "syyskuu–marraskuu"
        assert contains(text, gettext("No practical acts have been recorded for this role."))  # guardian


def test_teacher_and_coordinator_download_it_other_school_and_tenant_cannot(
    city, other_city, actor_for, as_user
):
    tool = tool_with_acts(city, actor_for)
    url = reverse("roles_tool_pdf", args=[tool.pk])
    for user in (city.teacher, city.coordinator):
        response = as_user(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")

    other_school_teacher = member(city.municipality)
    assign(other_school_teacher, city.other_school, RoleKey.TEACHER, city.year)
    assert as_user(other_school_teacher).get(url).status_code == 403
    assert as_user(other_city.coordinator).get(url).status_code == 404
    assert as_user(other_city.principal).get(url).status_code == 404
    # A revision that was never published does not exist.
    missing = reverse("roles_tool_revision_pdf", args=[tool.pk, 1])
    assert as_user(city.principal).get(missing).status_code == 404
    assert as_user(other_city.coordinator).get(missing).status_code == 404


def test_revision_pdf_keeps_the_description_it_was_published_with(city, actor_for, as_user):
    tool = tool_with_acts(city, actor_for)
    services.tool_publish(actor=actor_for(city.principal), tool=tool)
    teacher = role(city.municipality, RoleKey.TEACHER)
    old_description = teacher.description.split("\n\n")[0]
    new_description = "Opettaja vastaa luokkansa hyvinvointisuunnitelmasta ja sen yhteisestä arvioinnista."
    services.role_update(
        actor=actor_for(city.coordinator),
        role=teacher,
        name_fi=teacher.name_fi,
        name_sv=teacher.name_sv,
        description=new_description,
        responsibilities=["Uusi vastuu"],
    )
    client = as_user(city.coordinator)

    published = client.get(reverse("roles_tool_revision_pdf", args=[tool.pk, 1]))
    assert published.status_code == 200
    assert published["Content-Disposition"].endswith('-2026-2027-rev1.pdf"')
    published_text = pdf_text(published.content)
    assert contains(published_text, old_description)
    assert not contains(published_text, new_description)

    working_text = pdf_text(client.get(reverse("roles_tool_pdf", args=[tool.pk])).content)
    assert contains(working_text, new_description)
    assert not contains(working_text, old_description)


def test_swedish_school_gets_swedish_headings_names_and_months(city, actor_for, as_user):
    school_update(actor=actor_for(city.coordinator), school=city.school, language="sv")
    tool = tool_with_acts(city, actor_for)
    # The reader's own language does not matter: the PDF is the school's document.
    client = as_user(city.teacher)
    text = pdf_text(client.get(reverse("roles_tool_pdf", args=[tool.pk]), HTTP_ACCEPT_LANGUAGE="fi").content)

    with translation.override("sv"):
        headings = [
            gettext("Role in communal student welfare work"),
            gettext("The school’s practical acts in communal student welfare work"),
            gettext("Key responsibilities and tasks"),
            gettext("When: %(months)s").split("%")[0].strip(),
        ]
    for heading in headings:
        assert contains(text, heading), heading
    assert "Lärare" in text and "Vårdnadshavare" in text  # name_sv
    assert contains(text, "I den gemensamma elevhälsogruppen")  # the section's Swedish name
    assert "september–november" in text and "syyskuu–marraskuu" not in text


def test_when_text_and_css_strings():
    with translation.override("fi"):
        assert when_text([8, 9, 10, 12]) == "elokuu–lokakuu, joulukuu"
        assert when_text([1, 2]) == "tammikuu, helmikuu"
        assert when_text([]) == ""
    # A school name cannot close the CSS string or the <style> element of the document.
    value = css_string('Koulu "A" </style><script>')
    assert value.startswith('"') and value.endswith('"')
    assert '"' not in value[1:-1] and "<" not in value


def test_publication_prints_the_pdf_once_and_the_download_serves_the_stored_file(
    city, actor_for, as_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    tool = tool_with_acts(city, actor_for)
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.tool_publish(actor=actor_for(city.principal), tool=tool)
    stored = PublishedPdf.objects.get(revision=revision, kind=PdfKind.HANDBOOK)
    assert contains(pdf_text(bytes(stored.content)), ACTS[RoleKey.TEACHER])

    # What is served is what was stored: nothing is printed again.
    PublishedPdf.objects.filter(pk=stored.pk).update(content=b"%PDF-1.7 stored at publication")
    client = as_user(city.teacher)
    url = reverse("roles_tool_revision_pdf", args=[tool.pk, revision.number])
    client.get(url)  # the session's first request loads the person once
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 stored at publication"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_a_pdf_not_printed_yet_is_queued_and_the_person_gets_a_page_that_reloads(city, actor_for, as_user):
    """No worker runs here: the print waits in the queue, the web request does not print it."""
    from config.celery import app as celery_app

    tool = tool_with_acts(city, actor_for)
    services.tool_publish(actor=actor_for(city.principal), tool=tool)  # on-commit print not run
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    try:
        response = as_user(city.teacher).get(reverse("roles_tool_revision_pdf", args=[tool.pk, 1]))
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
    assert response.status_code == 202
    assert response["Retry-After"] == "3"
    body = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in body
    assert f'href="{reverse("roles_tool_revision_pdf", args=[tool.pk, 1])}"' in body
    assert not PublishedPdf.objects.exists()


def test_the_working_copy_is_printed_once_per_state_of_its_texts(city, actor_for, as_user):
    tool = tool_with_acts(city, actor_for)
    client = as_user(city.teacher)
    url = reverse("roles_tool_pdf", args=[tool.pk])
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    kept = WorkingCopyPdf.objects.get(tool=tool)
    # Unchanged texts: the kept print is served as it is (marked here to tell it apart).
    WorkingCopyPdf.objects.filter(pk=kept.pk).update(content=b"%PDF-1.7 kept")
    assert client.get(url).content == b"%PDF-1.7 kept"
    # A changed act: printed again, with the new words.
    act = tool.acts.first()
    services.act_update(
        actor=actor_for(city.principal),
        act=act,
        version=act.version,
        text="Uusi sanamuoto tulostuu uudelleen",
        months=[9],
        with_whom="",
        responsible=None,
    )
    again = client.get(url)
    assert again.content.startswith(b"%PDF") and again.content != b"%PDF-1.7 kept"
    assert contains(pdf_text(again.content), "Uusi sanamuoto tulostuu uudelleen")
    assert WorkingCopyPdf.objects.filter(tool=tool).count() == 1


def test_a_working_copy_not_printed_yet_waits_in_the_queue_not_in_the_request(city, actor_for, as_user):
    from config.celery import app as celery_app

    tool = tool_with_acts(city, actor_for)
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    try:
        response = as_user(city.teacher).get(reverse("roles_tool_pdf", args=[tool.pk]))
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
    assert response.status_code == 202 and response["Retry-After"] == "3"
    assert f'href="{reverse("roles_tool_pdf", args=[tool.pk])}"' in response.content.decode()
    assert not WorkingCopyPdf.objects.exists()
