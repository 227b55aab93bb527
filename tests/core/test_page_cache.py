"""The page cache: a person sees their own page from the cache until anything in their municipality
changes; nobody ever gets another person's page; the checks run before a cached page is served."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import page_cache
from roles import selectors, services
from roles.models import RoleKey
from schools.services import school_update
from tests.factories import role
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def tool(city, actor_for):
    return services.tool_create(actor=actor_for(city.principal), school=city.school, school_year=city.year)


def test_a_second_visit_is_served_from_the_cache(city, tool, as_user):
    client = as_user(city.teacher)
    url = reverse("roles_tool_detail", args=[tool.pk])
    client.get(url)  # the first visit sets the CSRF cookie: a page that sets a cookie is not kept
    stored = client.get(url)
    cached_queries = count_queries(lambda: client.get(url))
    assert client.get(url).content == stored.content
    assert cached_queries < count_queries(lambda: as_user(city.nurse).get(url))


def test_a_committed_change_in_the_municipality_shows_at_once(
    city, tool, actor_for, as_user, django_capture_on_commit_callbacks
):
    client = as_user(city.teacher)
    url = reverse("my_role")  # the teacher's role with the school's acts as they stand
    client.get(url)  # sets the CSRF cookie
    assert "Uusi teko" not in client.get(url).content.decode()  # kept in the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.act_create(
            actor=actor_for(city.teacher),
            tool=tool,
            role=role(city.municipality, RoleKey.TEACHER),
            section=selectors.sections_for(actor_for(city.teacher)).first(),
            text="Uusi teko, joka näkyy heti.",
        )
    assert "Uusi teko" in client.get(url).content.decode()


def test_a_change_in_another_municipality_keeps_this_ones_pages(
    city, other_city, tool, actor_for, django_capture_on_commit_callbacks
):
    mine = page_cache.generations({city.municipality.pk})
    with django_capture_on_commit_callbacks(execute=True):
        school_update(actor=actor_for(other_city.coordinator), school=other_city.school, name="Uusi nimi")
    assert page_cache.generations({city.municipality.pk}) == mine
    with django_capture_on_commit_callbacks(execute=True):
        school_update(actor=actor_for(city.coordinator), school=city.school, name="Toinen nimi")
    assert page_cache.generations({city.municipality.pk}) != mine


def test_a_rolled_back_write_drops_nothing(city, actor_for):
    mine = page_cache.generations({city.municipality.pk})
    with pytest.raises(Exception):  # noqa: B017
        school_update(actor=actor_for(city.teacher), school=city.school, name="Ei saa")  # refused
    assert page_cache.generations({city.municipality.pk}) == mine


def test_nobody_gets_another_persons_page(city, tool, client):
    url = reverse("home")
    client.force_login(city.principal, backend="django.contrib.auth.backends.ModelBackend")
    client.get(url)  # sets the CSRF cookie, which the same browser keeps for the next person
    principal_page = client.get(url).content.decode()  # kept in the cache
    client.force_login(city.teacher, backend="django.contrib.auth.backends.ModelBackend")
    teacher_page = client.get(url).content.decode()
    assert city.teacher.first_name in teacher_page and teacher_page != principal_page


def test_the_checks_run_before_a_cached_page(city, other_city, tool, as_user, actor_for):
    url = reverse("roles_tool_detail", args=[tool.pk])
    assert as_user(city.teacher).get(url).status_code == 200
    assert as_user(other_city.principal).get(url).status_code == 404
    assert as_user(city.coordinator).get(url).status_code == 200


def test_a_delivered_notification_shows_in_the_header_of_a_cached_page(
    city, tool, as_user, django_capture_on_commit_callbacks
):
    """The sender updates rows without signals: it drops the pages itself."""
    from django.utils import timezone

    from notifications import services as notification_services
    from notifications.sender import send_due
    from roles.notifications import TOOL_PUBLISHED

    client = as_user(city.teacher)
    url = reverse("home")
    client.get(url)  # sets the CSRF cookie
    assert 'class="count"' not in client.get(url).content.decode()  # kept in the cache
    # Scheduling queues the sender for after the commit (run at once here, tasks being eager).
    with django_capture_on_commit_callbacks(execute=True):
        notification_services.schedule(
            kind=TOOL_PUBLISHED,
            subject=tool,
            recipients=[city.teacher],
            due_at=timezone.now(),
            slot="test",
            municipality=city.municipality,
        )
    assert send_due() == 0  # already delivered by the queued sender
    assert 'class="count"' in client.get(url).content.decode()
