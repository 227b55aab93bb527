"""The admin shows audit events to platform staff and offers no way to add, change or delete one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import User

from .conftest import rows

pytestmark = pytest.mark.django_db


def test_the_admin_reads_events_but_cannot_write_them(client, event):
    admin = User.objects.create_superuser("admin@example.fi", "x", first_name="A", last_name="B")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    before = rows()

    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200 and event.actor_name in listing.content.decode()
    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {}).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    ).status_code in (200, 302, 403)
    assert rows() == before
