"""Placeholder of the notification kinds' names (the real module replaces it)."""

MEETING_INVITATION = "group_meeting_invitation"
MEETING_CANCELLED = "group_meeting_cancelled"
MEETING_REMINDER = "group_meeting_reminder"
MINUTES_APPROVED = "group_minutes_approved"
ACTION_ITEM_DUE = "group_action_item_due"
ACTION_ITEM_OVERDUE = "group_action_item_overdue"


def reminder_slot(days: int, sequence: int) -> str:
    return f"{days}d:s{sequence}"


def register_kinds() -> None:
    from notifications.kinds import NotificationKind, register_kind

    for key in (
        MEETING_INVITATION,
        MEETING_CANCELLED,
        MEETING_REMINDER,
        MINUTES_APPROVED,
        ACTION_ITEM_DUE,
        ACTION_ITEM_OVERDUE,
    ):
        transactional = key in (MEETING_INVITATION, MEETING_CANCELLED)
        register_kind(
            NotificationKind(
                key=key,
                label=key,
                compose=lambda n: None,
                transactional=transactional,
                user_may_turn_off=not transactional,
            )
        )
