"""The schools' yearclocks: the list per school year, making one from the city's template, a yearclock's
page (the wheel and the month-by-month list), the coordinator's dropped entries, the calendar address
(and its public feed) and the yearly plan PDF.

Every write goes through `yearclock.services`; a refusal is a message after the redirect (or a form
error), and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.views import MemberRequiredMixin, require
from roles import policies as roles_policies
from schools import selectors as school_selectors
from schools.models import SchoolYear
from schools.selectors import chosen_school_year

from .. import policies, selectors
from ..models import SCHOOL_YEAR_MONTHS, EntrySource, EntryStatus, Yearclock, YearclockEntry
from ..services import clocks as clock_services
from ..services import feeds as feed_services


def list_url(school_year: SchoolYear | None) -> str:
    url = reverse("yearclock_list")
    return f"{url}?year={school_year.pk}" if school_year else url


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


class YearclockListView(MemberRequiredMixin, TemplateView):
    """Each school's yearclock in a school year: every school for the coordinator, their own schools
    for staff; a principal whose school has none makes it from the city's template. Constant queries."""

    template_name = "yearclock/yearclock_list.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        actor = self.actor
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = chosen_school_year(actor, self.request.GET.get("year"), current)
        context.update(
            school_year=year,
            current_year=current,
            school_years=school_selectors.school_years_for(actor).order_by("-starts_on"),
            rows=[],
            every_school=policies.yearclocks.can_view_every_school(actor),
            can_edit_template=policies.template.can_edit(actor),
        )
        if year is None:
            return context
        schools = school_selectors.schools_for(actor).order_by("name")
        if policies.yearclocks.can_view_every_school(actor):
            schools = schools.filter(is_active=True)
        else:
            schools = schools.filter(
                pk__in=roles_policies.held_school_ids(
                    actor, roles_policies.years_with_current(actor, year.pk)
                )
            )
        schools = list(schools)
        clocks = {
            c.school_id: c
            for c in selectors.yearclock_overview(actor)
            .filter(school_year=year, school__in=schools)
            .annotate(
                planned_count=Count(
                    "entries",
                    filter=Q(entries__dropped=False)
                    & ~Q(entries__status__in=[EntryStatus.DONE, EntryStatus.SKIPPED]),
                )
            )
        }
        context["rows"] = [
            {
                "school": school,
                "clock": clocks.get(school.pk),
                "can_create": school.pk not in clocks and policies.yearclocks.can_create(actor, school, year),
            }
            for school in schools
        ]
        return context


class YearclockCreateView(MemberRequiredMixin, View):
    """Make the school's yearclock from the city's template (POST from the list)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        school = school_selectors.access_school(self.actor, request.POST.get("school"))
        year = school_selectors.access_school_year(self.actor, request.POST.get("year"))
        try:
            clock = clock_services.yearclock_create(actor=self.actor, school=school, school_year=year)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(list_url(year))
        messages.success(
            request,
            _("The yearclock of %(school)s for %(year)s was made from the city's template.")
            % {"school": school.name, "year": year.name},
        )
        return redirect("yearclock_detail", pk=clock.pk)


def _meeting_url(meeting) -> str | None:
    """The meeting's page where the groups pages are installed (they come from another branch)."""
    try:
        return reverse("group_meeting_detail", kwargs={"pk": meeting.pk})
    except NoReverseMatch:
        return None


def _entry_numbers(entries: list[YearclockEntry]) -> dict[int, int]:
    try:
        from ..wheel import entry_numbers
    except ImportError:  # the wheel lands from another branch; number in list order meanwhile
        return {entry.pk: index for index, entry in enumerate(entries, start=1)}
    return entry_numbers(entries)


def _wheel(clock: Yearclock, entries: list[YearclockEntry]) -> str | None:
    try:
        from ..wheel import wheel_svg
    except ImportError:  # no wheel yet: the list alone is the page
        return None
    holidays = list(clock.school_year.holidays.all())
    return wheel_svg(clock, entries, holidays=holidays, link_prefix="#entry-", language=get_language())


class YearclockDetailView(MemberRequiredMixin, TemplateView):
    """The wheel first (with a skip link), then the month-by-month list, August to July: the list is
    the accessible equivalent of the wheel. Dropped city entries are shown apart to those who keep or
    oversee the yearclock. Constant queries whatever the number of entries."""

    template_name = "yearclock/yearclock_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        actor = self.actor
        clock = selectors.access_yearclock(actor, self.kwargs["pk"])
        entries = list(selectors.entries_of(clock))
        live = [e for e in entries if not e.dropped]
        dropped = [e for e in entries if e.dropped]
        numbers = _entry_numbers(live)
        meetings = selectors.handled_in_meetings(entries)
        can_manage = policies.yearclocks.can_manage(actor, clock)
        user_id = actor.user.pk
        for entry in entries:
            entry.number = numbers.get(entry.pk)
            entry.is_city = entry.source == EntrySource.CITY
            entry.meetings = [(m, _meeting_url(m)) for m in meetings.get(entry.pk, [])]
            entry.can_edit = can_manage
            entry.can_update_status = can_manage or entry.owner_id == user_id
        # The list in the wheel's numbering order, so a month's numbers run 1, 2, 3, not 1, 3, 2.
        live.sort(key=lambda e: numbers.get(e.pk, 0))
        months = [
            {"month": month, "entries": [e for e in live if e.start_month == month]}
            for month in SCHOOL_YEAR_MONTHS
        ]
        context.update(
            clock=clock,
            months=months,
            entry_count=len(live),
            dropped=dropped if (can_manage or policies.yearclocks.can_view_every_school(actor)) else [],
            can_manage=can_manage,
            can_manage_feed=policies.yearclocks.can_manage_feed(actor, clock),
            wheel=_wheel(clock, live),
            status_choices=EntryStatus.choices,
            list_url=list_url(clock.school_year),
        )
        return context


class DroppedEntriesView(MemberRequiredMixin, TemplateView):
    """The coordinator's view: which schools dropped which city entries, per school year."""

    template_name = "yearclock/dropped.html"

    def get_context_data(self, **kwargs) -> dict:
        actor = self.actor
        require(policies.yearclocks.can_view_every_school(actor))
        current = school_selectors.current_school_year(actor.municipality.pk)
        year = chosen_school_year(actor, self.request.GET.get("year"), current)
        rows = list(selectors.dropped_city_entries(actor).filter(yearclock__school_year=year)) if year else []
        return super().get_context_data(
            school_year=year,
            school_years=school_selectors.school_years_for(actor).order_by("-starts_on"),
            rows=rows,
            **kwargs,
        )


# --- The calendar address ----------------------------------------------------------------------


class FeedView(MemberRequiredMixin, View):
    """The principal makes a new secret calendar address (shown once) or revokes it."""

    def _clock(self) -> Yearclock:
        clock = selectors.access_yearclock(self.actor, self.kwargs["pk"])
        require(policies.yearclocks.can_manage_feed(self.actor, clock))
        return clock

    def _render(self, request: HttpRequest, clock: Yearclock, feed_url: str | None = None) -> HttpResponse:
        return render(
            request,
            "yearclock/feed.html",
            {"clock": clock, "feed_url": feed_url, "has_feed": bool(clock.feed_token_hash)},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, self._clock())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        clock = self._clock()
        if request.POST.get("action") == "revoke":
            feed_services.feed_revoke(actor=self.actor, yearclock=clock)
            messages.success(request, _("The calendar address was revoked: it no longer works."))
            return redirect("yearclock_feed", pk=clock.pk)
        token = feed_services.feed_create(actor=self.actor, yearclock=clock)
        clock.feed_token_hash = "set"
        # Shown once, in this response only: only its hash is kept.
        url = request.build_absolute_uri(reverse("yearclock_feed_ics", kwargs={"token": token}))
        response = self._render(request, clock, feed_url=url)
        response["Cache-Control"] = "private, no-store"
        return response


def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The public calendar feed: no sign-in, the secret address is the key; revoked or unknown is 404."""
    if request.method not in ("GET", "HEAD"):
        raise Http404
    clock = feed_services.feed_yearclock(token)
    try:
        from ..calendar import yearclock_ics
    except ImportError as error:  # the calendar lands from another branch
        raise Http404 from error

    body = yearclock_ics(clock, list(selectors.entries_of(clock, include_dropped=False)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


class PlanPdfView(MemberRequiredMixin, View):
    """The school's yearly plan as a tagged PDF, for those who may read the yearclock."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        clock = selectors.access_yearclock(self.actor, pk)
        try:
            from ..documents import plan_filename, plan_pdf
        except ImportError as error:  # the PDF lands from another branch
            raise Http404 from error
        response = HttpResponse(plan_pdf(clock), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{plan_filename(clock)}"'
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("yearclock/", YearclockListView.as_view(), name="yearclock_list"),
    path("yearclock/new/", YearclockCreateView.as_view(), name="yearclock_create"),
    path("yearclock/dropped/", DroppedEntriesView.as_view(), name="yearclock_dropped"),
    path("yearclock/<int:pk>/", YearclockDetailView.as_view(), name="yearclock_detail"),
    path("yearclock/<int:pk>/feed/", FeedView.as_view(), name="yearclock_feed"),
    path("yearclock/feed/<str:token>.ics", feed_ics, name="yearclock_feed_ics"),
    path("yearclock/<int:pk>/plan.pdf", PlanPdfView.as_view(), name="yearclock_pdf"),
]
