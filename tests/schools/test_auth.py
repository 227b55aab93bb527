import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
class TestSignIn:
    def test_signs_in_with_email_in_any_case(self, city, client):
        response = client.post(
            reverse("login"), {"username": city.teacher.email.upper(), "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == reverse("home")
        assert client.get(reverse("home")).context["user"] == city.teacher

    def test_wrong_password_is_refused_with_a_message(self, city, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(reverse("login"), {"username": city.teacher.email, "password": "wrong"})
        assert response.status_code == 200
        assert "correct email address and password" in response.content.decode().replace("e-mail", "email")
        assert "_auth_user_id" not in client.session

    def test_locked_out_after_repeated_failures_even_with_the_right_password(self, city, client):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": city.teacher.email, "password": "wrong"})
        response = client.post(reverse("login"), {"username": city.teacher.email, "password": PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_lockout_is_per_account(self, city, client):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": city.teacher.email, "password": "wrong"})
        response = client.post(reverse("login"), {"username": city.nurse.email, "password": PASSWORD})
        assert response.status_code == 302

    def test_logout_needs_post(self, city, as_user):
        client = as_user(city.teacher)
        assert client.get(reverse("logout")).status_code == 405
        client.post(reverse("logout"))
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
class TestPasswordReset:
    def test_reset_link_sets_a_new_password(self, city, client, django_capture_on_commit_callbacks):
        # The request queues the work; the queued task schedules the message and the sender sends it.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": city.teacher.email})
        assert len(mail.outbox) == 1
        body = mail.outbox[0].body
        link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
        path = link[link.index("/accounts/reset/") :]
        response = client.get(path, follow=True)
        form_url = response.redirect_chain[-1][0]
        response = client.post(
            form_url, {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}
        )
        assert response.status_code == 302
        city.teacher.refresh_from_db()
        assert city.teacher.check_password("Uusi-salasana-2026")

    def test_unknown_address_sends_nothing_and_reveals_nothing(
        self, db, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("password_reset"), {"email": "nobody@example.fi"})
        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
        assert mail.outbox == []

    def test_reset_email_is_in_the_users_language(self, city, client, django_capture_on_commit_callbacks):
        city.teacher.preferred_language = "sv"
        city.teacher.save()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page's language does not matter
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password_reset"), {"email": city.teacher.email})
        assert "lösenord" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
class TestLanguage:
    def test_finnish_is_the_default(self, db, client):
        body = client.get(reverse("login")).content.decode()
        assert '<html lang="fi">' in body
        assert "Kirjaudu sisään" in body

    @pytest.mark.parametrize(("code", "text"), [("sv", "Logga in"), ("en", "Sign in")])
    def test_switcher_changes_the_ui(self, db, client, code, text):
        response = client.post(
            reverse("set_language"), {"language": code, "next": reverse("login")}, follow=True
        )
        body = response.content.decode()
        assert f'<html lang="{code}">' in body
        assert text in body

    def test_users_preferred_language_is_used(self, city, as_user):
        city.teacher.preferred_language = "sv"
        city.teacher.save()
        body = as_user(city.teacher).get(reverse("home")).content.decode()
        assert '<html lang="sv">' in body

    def test_unknown_language_falls_back_to_finnish(self, db, client):
        response = client.post(
            reverse("set_language"), {"language": "xx", "next": reverse("login")}, follow=True
        )
        assert '<html lang="fi">' in response.content.decode()


@pytest.mark.django_db
class TestLanguageLinks:
    def test_link_sets_the_language_and_returns_to_the_page(self, db, client):
        response = client.get(reverse("language_activate", args=["sv"]), {"next": reverse("login")})
        assert response.status_code == 302 and response.url == reverse("login")
        assert 'lang="sv"' in client.get(reverse("login")).content.decode()

    def test_unknown_code_and_foreign_next_change_nothing(self, db, client):
        response = client.get(reverse("language_activate", args=["xx"]), {"next": "https://evil.example/"})
        assert response.url == reverse("home")
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
