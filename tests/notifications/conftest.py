"""A notification kind of the tests' own ("test_notice", about a school), whose messages the test
shapes: `notice.subjects[slot]` gives a row's subject line (None: no longer needed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone, translation

from notifications.kinds import Message, NotificationKind, kinds, register_kind
from notifications.models import Notification

KIND = "test_notice"


@dataclass
class Notice:
    subjects: dict[str, str | None] = field(default_factory=dict)
    composed: list[tuple[int, str]] = field(default_factory=list)  # (row id, language)

    def compose(self, row: Notification) -> Message | None:
        self.composed.append((row.pk, translation.get_language()))
        subject = self.subjects.get(row.slot, f"Tiedote {row.slot or row.pk}")
        if subject is None:
            return None
        return Message(
            subject=subject,
            text=f"{subject}\n(language {translation.get_language()})",
            html=f"<p>{subject}</p>",
            link=f"https://yhdessa.example/schools/{row.subject_id}/",
        )


@pytest.fixture
def notice():
    """The test kind, registered for one test."""
    behaviour = Notice()
    register_kind(NotificationKind(key=KIND, label="Test notice", compose=behaviour.compose))
    yield behaviour
    kinds.unregister(KIND)


def ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)
