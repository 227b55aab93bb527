"""The meeting pages: convening, the agenda, invitations, the minutes with attendance, action items, and
each person's calendar feed.

Every write goes through `groups.services`; a refusal is shown on the form (the typed text kept) or as a
message after the redirect, and nothing is written. Another municipality's meeting is a 404, one of
this municipality the actor may not see a 403 (`selectors.access_meeting`).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_GET

from core.access import parse_id
from core.forms import add_service_errors
from core.registries import agenda_suggestions
from core.text import PUPIL_NAMES_GUARD, refused_by
from core.views import MemberRequiredMixin, require
from schools.tenancy import Actor

from .. import policies, selectors
from ..meeting_forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    MeetingForm,
    MinutesForm,
    PreparerForm,
    remap_errors,
)
from ..models import ActionItem, ActionStatus, AgendaItem, Meeting, MinutesState
from ..policies import MeetingPolicy
from ..services import actions, feeds, meetings, minutes

# How far back the calendar feed reaches: calendars keep recent meetings (and drop cancelled ones).
FEED_DAYS_BACK = 90
ACTION_ITEMS_PER_PAGE = 25


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("group_meeting_detail", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def suggestions_for(actor: Actor, meeting: Meeting) -> list:
    """What the apps above propose for the agenda (core.registries.agenda_suggestions)."""
    found: list = []
    for suggest in agenda_suggestions:
        found.extend(suggest(actor, meeting) or [])
    return found


def invitation_state(meeting: Meeting) -> str:
    if meeting.invited_sequence is None:
        return _("Not sent yet")
    if meeting.invited_sequence < meeting.sequence:
        return _("Changes not yet sent")
    return _("Sent, version %(number)s") % {"number": meeting.invited_sequence + 1}


def mark_action_items(
    actor: Actor, items: list[ActionItem], today: datetime.date | None = None
) -> list[ActionItem]:
    """Each item with what the table shows: overdue, and whether this person may change it."""
    today = today or timezone.localdate()
    for item in items:
        item.is_overdue = item.is_open and item.due_on < today
        item.may_update_status = policies.action_items.can_update_status(actor, item)
        item.may_edit = policies.action_items.can_edit(actor, item)
        # An owner outside the group sees the item but not its meeting: no link to a 403 page.
        item.may_view_meeting = policies.meetings.can_view(actor, item.meeting)
    return items


class MeetingMixin(MemberRequiredMixin):
    """Loads the meeting named in the URL (404 another town's, 403 not visible) and asks its policy."""

    action = ""  # a MeetingPolicy rule the page needs, besides seeing the meeting

    def load(self, pk: object) -> Meeting:
        meeting = selectors.access_meeting(self.actor, pk)
        if self.action:
            require(policies.meetings.allows(self.actor, self.action, meeting))
        return meeting


# --- Meetings ----------------------------------------------------------------------------------


class MeetingCreateView(MemberRequiredMixin, View):
    template_name = "groups/meeting_form.html"

    def _group(self, pk: object):  # noqa: ANN202
        group = selectors.access_group(self.actor, pk)
        require(policies.meetings.can_create(self.actor, group))
        return group

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        group = self._group(pk)
        return render(request, self.template_name, {"group": group, "form": MeetingForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        group = self._group(pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = meetings.meeting_create(actor=self.actor, group=group, **form.meeting_fields())
            except ValidationError as error:
                add_service_errors(form, remap_errors(error, MeetingForm.SERVICE_FIELDS))
            else:
                messages.success(
                    request, _("The meeting was created. Build its agenda, then send the invitations.")
                )
                return redirect(detail_url(meeting))
        return render(request, self.template_name, {"group": group, "form": form})


class MeetingDetailView(MeetingMixin, View):
    """When, where, the agenda, invitations, attendance, minutes and action items: constant queries."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_page(self.load(pk))
        allowed = policies.meetings.allowed_actions(self.actor, meeting, MeetingPolicy.ACTIONS)
        items = list(meeting.agenda_items.all())
        action_items = mark_action_items(self.actor, list(meeting.action_items.all()))
        context = {
            "meeting": meeting,
            "group": meeting.group,
            "allowed": allowed,
            "items": items,
            "attendance": sorted(meeting.attendance.all(), key=lambda a: a.member.display_name),
            "action_items": action_items,
            "status_choices": ActionStatus.choices,
            "invitation_state": invitation_state(meeting),
            "is_past": meeting.starts_at <= timezone.now(),
            "show_minutes": allowed["read_minutes"] and meeting.minutes_state != MinutesState.NONE,
            "suggestions": suggestions_for(self.actor, meeting) if allowed["prepare"] else [],
        }
        return render(request, "groups/meeting_detail.html", context)


class MeetingEditView(MeetingMixin, View):
    template_name = "groups/meeting_form.html"
    action = "convene"

    def _render(self, request: HttpRequest, meeting: Meeting, form: MeetingForm) -> HttpResponse:
        return render(request, self.template_name, {"group": meeting.group, "meeting": meeting, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        return self._render(request, meeting, MeetingForm(initial=MeetingForm.initial_for(meeting)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        form = MeetingForm(request.POST, initial=MeetingForm.initial_for(meeting))
        if form.is_valid():
            was_invited = meeting.invited_sequence is not None
            try:
                updated = meetings.meeting_update(actor=self.actor, meeting=meeting, **form.meeting_fields())
            except ValidationError as error:
                add_service_errors(form, remap_errors(error, MeetingForm.SERVICE_FIELDS))
            else:
                if updated.sequence == meeting.sequence:
                    messages.info(request, _("Nothing was changed."))
                elif was_invited:
                    messages.success(
                        request, _("The meeting was changed. The invited people were sent an update.")
                    )
                else:
                    messages.success(request, _("The meeting was changed."))
                return redirect(detail_url(meeting))
        return self._render(request, meeting, form)


class MeetingCancelView(MeetingMixin, View):
    """A confirmation page; the POST cancels (the invited get a cancellation for their calendars)."""

    action = "convene"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        return render(request, "groups/meeting_cancel.html", {"meeting": meeting, "group": meeting.group})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        try:
            meetings.meeting_cancel(actor=self.actor, meeting=meeting)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The meeting was cancelled."))
        return redirect(detail_url(meeting))


class MeetingInviteView(MeetingMixin, View):
    """POST: queue the invitations of the meeting's current version; a second POST queues none."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        try:
            count = meetings.meeting_send_invitations(actor=self.actor, meeting=meeting)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s invitation with a calendar file was queued.",
                        "%(count)s invitations with a calendar file were queued.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("The invitations of this version were already sent."))
        return redirect(detail_url(meeting))


class MeetingPreparerView(MeetingMixin, View):
    template_name = "groups/meeting_preparer.html"
    action = "convene"

    def _render(self, request: HttpRequest, meeting: Meeting, form: PreparerForm) -> HttpResponse:
        return render(request, self.template_name, {"meeting": meeting, "group": meeting.group, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        form = PreparerForm(actor=self.actor, initial={"user": meeting.preparer_id})
        return self._render(request, meeting, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.load(pk)
        form = PreparerForm(request.POST, actor=self.actor)
        if form.is_valid():
            user = form.cleaned_data["user"]
            try:
                meetings.meeting_set_preparer(actor=self.actor, meeting=meeting, user=user)
            except ValidationError as error:
                add_service_errors(form, remap_errors(error, {"preparer": "user"}))
            else:
                if user is None:
                    messages.success(request, _("Nobody else prepares this meeting now."))
                else:
                    messages.success(
                        request,
                        _("%(person)s may now prepare this meeting.") % {"person": user.get_full_name()},
                    )
                return redirect(detail_url(meeting))
        return self._render(request, meeting, form)


# --- Agenda ------------------------------------------------------------------------------------


class AgendaItemFormView(MemberRequiredMixin, View):
    """Add a matter (`pk` is the meeting) or edit one (`pk` is the item)."""

    template_name = "groups/agenda_item_form.html"
    editing = False

    def _load(self, pk: object) -> tuple[Meeting, AgendaItem | None]:
        if self.editing:
            item = selectors.access_agenda_item(self.actor, pk)
            meeting = selectors.access_meeting(self.actor, item.meeting_id)
        else:
            item, meeting = None, selectors.access_meeting(self.actor, pk)
        require(policies.meetings.can_prepare(self.actor, meeting))
        return meeting, item

    def _render(
        self, request: HttpRequest, meeting: Meeting, item: AgendaItem | None, form: AgendaItemForm
    ) -> HttpResponse:
        context = {
            "meeting": meeting,
            "group": meeting.group,
            "item": item,
            "form": form,
            "suggestions": [] if item else suggestions_for(self.actor, meeting),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, item = self._load(pk)
        initial = AgendaItemForm.initial_for(item) if item else {}
        form = AgendaItemForm(actor=self.actor, group=meeting.group, initial=initial)
        return self._render(request, meeting, item, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, item = self._load(pk)
        form = AgendaItemForm(request.POST, actor=self.actor, group=meeting.group)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if item is None:
                    item = meetings.agenda_item_add(actor=self.actor, meeting=meeting, **data)
                    message = _("The matter was added to the agenda.")
                else:
                    data.pop("source")  # where the matter came from does not change
                    item = meetings.agenda_item_update(actor=self.actor, item=item, **data)
                    message = _("The matter was saved.")
            except ValidationError as error:
                add_service_errors(form, error)
                if refused_by(error, PUPIL_NAMES_GUARD):
                    form.offer_staff_name_confirmation()
            else:
                messages.success(request, message)
                return redirect(detail_url(meeting, f"item-{item.pk}"))
        return self._render(request, meeting, item, form)


class AgendaItemDeleteView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.access_agenda_item(self.actor, pk)
        meeting = item.meeting
        try:
            meetings.agenda_item_delete(actor=self.actor, item=item)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The matter “%(title)s” was removed.") % {"title": item.title})
        return redirect(detail_url(meeting, "agenda"))


class AgendaItemMoveView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.access_agenda_item(self.actor, pk)
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return HttpResponseBadRequest(_("Move a matter up or down."))
        try:
            meetings.agenda_item_move(actor=self.actor, item=item, offset=-1 if direction == "up" else 1)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect(detail_url(item.meeting, f"item-{item.pk}"))


# --- Minutes -----------------------------------------------------------------------------------


class MinutesView(MeetingMixin, View):
    """The minutes in one form: attendance, each matter's minutes and decision, general notes."""

    template_name = "groups/minutes_form.html"

    def _load_page(self, pk: int) -> tuple[Meeting, list, list]:
        meeting = selectors.meeting_page(self.load(pk))
        if meeting.minutes_approved or meeting.is_cancelled:
            return meeting, [], []
        require(policies.meetings.can_prepare(self.actor, meeting))
        return meeting, list(selectors.members_of(meeting.group)), list(meeting.agenda_items.all())

    def _render(self, request: HttpRequest, meeting: Meeting, form: MinutesForm) -> HttpResponse:
        return render(request, self.template_name, {"meeting": meeting, "group": meeting.group, "form": form})

    def _closed(self, request: HttpRequest, meeting: Meeting) -> HttpResponse:
        require(policies.meetings.can_read_minutes(self.actor, meeting))
        if meeting.is_cancelled:
            messages.error(request, _("This meeting has been cancelled: it has no minutes."))
        else:
            messages.info(request, _("These minutes are approved: they can no longer be changed."))
        return redirect(detail_url(meeting, "minutes"))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, members, items = self._load_page(pk)
        if meeting.minutes_approved or meeting.is_cancelled:
            return self._closed(request, meeting)
        initial = MinutesForm.initial_for(meeting, members, items)
        return self._render(request, meeting, MinutesForm(members=members, items=items, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, members, items = self._load_page(pk)
        if meeting.minutes_approved or meeting.is_cancelled:
            return self._closed(request, meeting)
        form = MinutesForm(request.POST, members=members, items=items)
        if form.is_valid():
            try:
                # Minutes and attendance are one save: a refusal of either writes neither.
                with transaction.atomic():
                    minutes.minutes_save(
                        actor=self.actor,
                        meeting=meeting,
                        version=form.cleaned_data["version"],
                        general=form.cleaned_data["general"],
                        items=form.item_texts(),
                        allow_staff_names=form.staff_names_allowed(),
                    )
                    minutes.attendance_record(actor=self.actor, meeting=meeting, statuses=form.statuses())
            except ValidationError as error:
                add_service_errors(form, error)
                if refused_by(error, PUPIL_NAMES_GUARD):
                    form.offer_staff_name_confirmation()
            else:
                messages.success(request, _("The draft minutes were saved."))
                return redirect(detail_url(meeting, "minutes"))
        return self._render(request, meeting, form)


class MinutesApproveView(MeetingMixin, View):
    """A confirmation page; the POST approves (the minutes freeze and go to the members)."""

    action = "approve_minutes"

    def already_approved(self, request: HttpRequest, pk: int) -> HttpResponse | None:
        """The convener back on an approved meeting's confirmation (the back button, a second tab): the
        minutes page with a word on why, not a bare 403."""
        meeting = selectors.access_meeting(self.actor, pk)
        if meeting.minutes_approved and policies.meetings.can_convene(self.actor, meeting):
            messages.info(request, _("These minutes are already approved."))
            return redirect(detail_url(meeting, "minutes"))
        return None

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if done := self.already_approved(request, pk):
            return done
        meeting = self.load(pk)
        return render(request, "groups/minutes_approve.html", {"meeting": meeting, "group": meeting.group})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if done := self.already_approved(request, pk):
            return done
        meeting = self.load(pk)
        try:
            minutes.minutes_approve(actor=self.actor, meeting=meeting)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The minutes were approved and sent to the group's members."))
        return redirect(detail_url(meeting, "minutes"))


# --- Action items ------------------------------------------------------------------------------


class ActionItemFormView(MemberRequiredMixin, View):
    """Add a task (`pk` is the meeting) or edit one (`pk` is the action item)."""

    template_name = "groups/action_item_form.html"
    editing = False

    def _load(self, pk: object):  # noqa: ANN202
        if self.editing:
            item = selectors.access_action_item(self.actor, pk)
            require(policies.action_items.can_edit(self.actor, item))
            return item.meeting, item
        meeting = selectors.access_meeting(self.actor, pk)
        require(policies.meetings.can_prepare(self.actor, meeting))
        return meeting, None

    def _form(self, meeting: Meeting, item, data=None) -> ActionItemForm:  # noqa: ANN001
        initial = ActionItemForm.initial_for(item) if item else {}
        return ActionItemForm(
            data, actor=self.actor, meeting=meeting, editing=item is not None, initial=initial
        )

    def _render(self, request: HttpRequest, meeting: Meeting, item, form: ActionItemForm) -> HttpResponse:  # noqa: ANN001
        context = {"meeting": meeting, "group": meeting.group, "item": item, "form": form}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, item = self._load(pk)
        return self._render(request, meeting, item, self._form(meeting, item))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, item = self._load(pk)
        form = self._form(meeting, item, request.POST)
        if form.is_valid():
            try:
                if item is None:
                    actions.action_item_create(actor=self.actor, meeting=meeting, **form.cleaned_data)
                    message = _("The action item was added. Its owner sees it on their home page.")
                else:
                    actions.action_item_update(actor=self.actor, item=item, **form.cleaned_data)
                    message = _("The action item was saved.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(detail_url(meeting, "action-items"))
        return self._render(request, meeting, item, form)


class ActionItemStatusView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.access_action_item(self.actor, pk)
        form = ActionStatusForm(request.POST)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back:
            back = detail_url(item.meeting, "action-items")
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
            return redirect(back)
        try:
            item = actions.action_item_set_status(
                actor=self.actor, item=item, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                _("“%(what)s” is now: %(status)s.")
                % {"what": item.what, "status": item.get_status_display()},
            )
        return redirect(back)


class ActionItemListView(MemberRequiredMixin, View):
    """The overview: mine, made by me, overdue, open or all I may see, optionally of one group."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        show = request.GET.get("show") or "mine"
        if show not in selectors.ACTION_FILTERS:
            show = "mine"
        group = None
        raw_group = request.GET.get("group")
        if raw_group:
            if parse_id(raw_group) is None:
                raise Http404
            group = selectors.access_group(self.actor, raw_group)
        today = timezone.localdate()
        items = selectors.action_items_filtered(self.actor, show=show, group=group, today=today)
        page = Paginator(items, ACTION_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        rows = mark_action_items(self.actor, list(page.object_list), today)
        context = {
            "page": page,
            "rows": rows,
            "show": show,
            "filters": action_filters(),
            "group": group,
            "groups": list(selectors.groups_for(self.actor)),
            "today": today,
            "status_choices": ActionStatus.choices,
            "query_base": f"show={show}" + (f"&group={group.pk}" if group else ""),
        }
        return render(request, "groups/action_items.html", context)


def action_filters() -> list[tuple[str, str]]:
    return [
        ("mine", _("Mine")),
        ("made_by_me", _("Made by me")),
        ("overdue", _("Overdue")),
        ("open", _("Open")),
        ("all", _("All")),
    ]


# --- Calendar feed -----------------------------------------------------------------------------


class CalendarFeedView(MemberRequiredMixin, View):
    """Whether the person has a live calendar address; make a new one (shown once) or revoke it."""

    template_name = "groups/calendar_feed.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"has_feed": selectors.live_feed_exists(self.actor)})

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        if action == "revoke":
            revoked = feeds.feed_revoke(actor=self.actor)
            if revoked:
                messages.success(request, _("Your calendar address was revoked: it no longer works."))
            else:
                messages.info(request, _("You had no calendar address."))
            return redirect("calendar_feed")
        if action != "create":
            return HttpResponseBadRequest(_("Unknown action."))
        token = feeds.feed_create(actor=self.actor)
        url = request.build_absolute_uri(reverse("calendar_feed_ics", kwargs={"token": token}))
        # The address is shown this once (only its hash is kept): never cached, never redirected to.
        response = render(request, self.template_name, {"has_feed": True, "new_url": url})
        response["Cache-Control"] = "private, no-store"
        return response


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """PUBLIC (no login; the secret token is the key): the person's meetings as an ICS feed, from 90
    days back, cancelled ones included so that calendars drop them. A revoked or unknown token is 404."""
    from groups.calendar import personal_feed_ics  # written alongside; imported late on purpose

    actor = feeds.feed_actor(token)
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    feed_meetings = list(selectors.visible_meetings(actor).filter(ends_at__gte=since).order_by("starts_at"))
    name = _("Meetings of %(person)s") % {"person": actor.user.get_full_name() or actor.user.email}
    body = personal_feed_ics(feed_meetings, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("groups/<int:pk>/meetings/new/", MeetingCreateView.as_view(), name="group_meeting_create"),
    path("meetings/<int:pk>/", MeetingDetailView.as_view(), name="group_meeting_detail"),
    path("meetings/<int:pk>/edit/", MeetingEditView.as_view(), name="group_meeting_edit"),
    path("meetings/<int:pk>/cancel/", MeetingCancelView.as_view(), name="group_meeting_cancel"),
    path("meetings/<int:pk>/invite/", MeetingInviteView.as_view(), name="group_meeting_invite"),
    path("meetings/<int:pk>/preparer/", MeetingPreparerView.as_view(), name="group_meeting_preparer"),
    path("meetings/<int:pk>/agenda/new/", AgendaItemFormView.as_view(), name="group_agenda_item_add"),
    path("agenda/<int:pk>/edit/", AgendaItemFormView.as_view(editing=True), name="group_agenda_item_edit"),
    path("agenda/<int:pk>/delete/", AgendaItemDeleteView.as_view(), name="group_agenda_item_delete"),
    path("agenda/<int:pk>/move/", AgendaItemMoveView.as_view(), name="group_agenda_item_move"),
    path("meetings/<int:pk>/minutes/", MinutesView.as_view(), name="group_minutes"),
    path("meetings/<int:pk>/minutes/approve/", MinutesApproveView.as_view(), name="group_minutes_approve"),
    path("meetings/<int:pk>/actions/new/", ActionItemFormView.as_view(), name="group_action_item_add"),
    path(
        "action-items/<int:pk>/edit/", ActionItemFormView.as_view(editing=True), name="group_action_item_edit"
    ),
    path("action-items/<int:pk>/status/", ActionItemStatusView.as_view(), name="group_action_item_status"),
    path("action-items/", ActionItemListView.as_view(), name="group_action_items"),
    path("calendar/", CalendarFeedView.as_view(), name="calendar_feed"),
    path("calendar/<str:token>.ics", calendar_feed_ics, name="calendar_feed_ics"),
]
