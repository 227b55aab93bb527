"""The registry of notification kinds: what each owning app says about its messages.

An app registers its kinds in its `AppConfig.ready()`; the sender asks the registry how to compose a
row and by which channel it may go. Nothing here imports an app above `schools`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.registries import Registry

from .models import Channel

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Notification


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


@dataclass(frozen=True)
class Message:
    """A composed message. `link` is the page it is about (shown in the inbox and the daily summary);
    leave it empty when the only link is a secret (a set-password link)."""

    subject: str
    text: str
    html: str = ""
    link: str = ""
    attachments: tuple[Attachment, ...] = field(default=())


@dataclass(frozen=True)
class NotificationKind:
    """`compose(notification)` is called in the recipient's language and returns the message, or None
    when it is no longer needed (the row is then skipped).

    Transactional kinds (invitations, password resets) always go by e-mail at once, never into a
    summary; `user_may_turn_off` lets a person choose another channel on their preferences page."""

    key: str
    label: str | Promise
    compose: Callable[[Notification], Message | None]
    default_channel: Channel = Channel.EMAIL
    user_may_turn_off: bool = True
    transactional: bool = False

    def __post_init__(self) -> None:
        if self.transactional and (self.user_may_turn_off or self.default_channel != Channel.EMAIL):
            raise ValueError(f"{self.key}: a transactional kind always goes by e-mail at once")

    def channel_for(self, chosen: str | None) -> Channel:
        """The channel for a user row, given the user's chosen one (None: no preference)."""
        if self.transactional or not self.user_may_turn_off or chosen not in Channel.values:
            return self.default_channel
        return Channel(chosen)


kinds: Registry[NotificationKind] = Registry("notification kinds")


def register_kind(kind: NotificationKind) -> NotificationKind:
    return kinds.register(kind.key, kind)


def configurable_kinds() -> list[NotificationKind]:
    """The kinds a person may direct elsewhere, in registration order."""
    return [kind for kind in kinds if kind.user_may_turn_off]
