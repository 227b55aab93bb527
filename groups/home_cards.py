"""The groups app's cards on each person's home page (registered in GroupsConfig.ready): their open
action items and their next meetings, each in a constant number of queries."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from core.registries import HomeCard, register_home_card
from schools.tenancy import Actor

from . import policies, selectors

HOME_ACTION_ITEMS = 8
HOME_MEETINGS = 5


def my_action_items(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """The person's open action items, soonest due first; no card when they have none."""
    items = list(selectors.open_action_items_of(actor)[: HOME_ACTION_ITEMS + 1])
    if not items:
        return None
    today = timezone.localdate()
    count = len(items)
    if count > HOME_ACTION_ITEMS:
        count = selectors.open_action_items_of(actor).count()
        items = items[:HOME_ACTION_ITEMS]
    for item in items:
        item.is_overdue = item.due_on < today
        # An owner outside the group may not open the meeting: the card links to the overview instead.
        item.may_view_meeting = policies.meetings.can_view(actor, item.meeting)
    return {"my_action_items": items, "action_count": count}


def upcoming_meetings(request: HttpRequest, actor: Actor, shared: dict) -> dict | None:
    """The next meetings the person sees; no card when there are none."""
    meetings = list(selectors.upcoming_meetings(actor)[:HOME_MEETINGS])
    return {"upcoming_meetings": meetings} if meetings else None


def register() -> None:
    register_home_card(
        HomeCard("groups.my_action_items", "groups/home/my_action_items.html", my_action_items, 3)
    )
    register_home_card(
        HomeCard("groups.upcoming_meetings", "groups/home/upcoming_meetings.html", upcoming_meetings, 4)
    )
