"""The schools' roles tools: the list, a tool's progress page and the principal's actions, the published
revisions and "my role". The per-role acts editor is in `acts.py`.

Every write goes through `roles.services`; a refusal is shown as a message after the redirect (or on the
form), and nothing is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from audit import selectors as audit_selectors
from audit.diff import Field
from core.access import parse_id
from core.forms import add_service_errors
from core.page_cache import CachedPageMixin
from core.views import MemberRequiredMixin
from schools import selectors as school_selectors
from schools.models import SchoolYear, User
from schools.selectors import chosen_school_year

from .. import policies, selectors, services
from ..models import RolesTool, ToolState
from ..tool_forms import DeadlineForm, ToolCreateForm, ToolRolesForm, WriterGrantForm, WriterRevokeForm


def _list_url(school_year: SchoolYear | None) -> str:
    url = reverse("roles_tool_list")
    return f"{url}?year={school_year.pk}" if school_year else url


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


class ToolListView(MemberRequiredMixin, CachedPageMixin, TemplateView):
    """Each school's tool in a school year: every school for the coordinator, their own for staff.

    Constant queries: the tools carry their progress as annotations.
    """

    template_name = "roles/tool_list.html"

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
        )
        if year is None:
            return context
        schools = school_selectors.schools_for(actor).order_by("name")
        if policies.roles_tool.can_view_every_school(actor):
            schools = schools.filter(is_active=True)
        else:
            # The schools whose tools the policy lets this person read (staff there this year or now).
            schools = schools.filter(
                pk__in=policies.held_school_ids(actor, policies.years_with_current(actor, year.pk))
            )
        schools = list(schools)
        tools = {
            t.school_id: t
            for t in selectors.tools_with_progress(actor).filter(school_year=year, school__in=schools)
        }
        startable = policies.roles_tool.startable_school_ids(actor, year) - set(tools)
        previous = school_selectors.previous_school_year(year) if startable else None
        carryable = (
            set(
                selectors.tools_for(actor)
                .filter(school_id__in=startable, school_year=previous)
                .values_list("school_id", flat=True)
            )
            if previous
            else set()
        )
        context.update(
            previous_year=previous,
            rows=[
                {
                    "school": school,
                    "tool": tools.get(school.pk),
                    "can_start": school.pk in startable,
                    "can_carry_over": school.pk in carryable,
                }
                for school in schools
            ],
            any_startable=bool(startable),
        )
        return context


class ToolCreateView(MemberRequiredMixin, View):
    """Start a tool (POST from the list): the service decides who may and refuses a second one."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ToolCreateForm(request.POST, actor=self.actor)
        if not form.is_valid():
            messages.error(request, _("Choose the school, the school year and how to start the roles tool."))
            return redirect("roles_tool_list")
        school, year = form.cleaned_data["school"], form.cleaned_data["school_year"]
        carry_over = form.cleaned_data["mode"] == ToolCreateForm.CARRY_OVER
        try:
            tool = services.tool_create(
                actor=self.actor, school=school, school_year=year, carry_over=carry_over
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(_list_url(year))
        if carry_over:
            count = tool.acts.count()
            messages.success(
                request,
                ngettext(
                    "The roles tool of %(school)s for %(year)s was started from last year's: "
                    "%(count)s act was carried over. Confirm or edit it.",
                    "The roles tool of %(school)s for %(year)s was started from last year's: "
                    "%(count)s acts were carried over. Confirm or edit each of them.",
                    count,
                )
                % {"school": school.name, "year": year.name, "count": count},
            )
        else:
            messages.success(
                request,
                _("The roles tool of %(school)s for %(year)s was started.")
                % {"school": school.name, "year": year.name},
            )
        return redirect("roles_tool_detail", pk=tool.pk)


class ToolMixin(MemberRequiredMixin):
    """Loads the tool named in the URL: another tenant's is a 404, one the actor may not read a 403."""

    manage_only = False

    @cached_property
    def tool(self) -> RolesTool:
        tool = selectors.access_tool(self.actor, self.kwargs["pk"])
        if self.manage_only and not policies.roles_tool.can_manage(self.actor, tool):
            raise PermissionDenied
        return tool

    def detail_redirect(self) -> HttpResponse:
        return redirect("roles_tool_detail", pk=self.tool.pk)


class ToolDetailView(ToolMixin, CachedPageMixin, TemplateView):
    """A tool's progress per role and the principal's actions, in a constant number of queries."""

    template_name = "roles/tool_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        tool = self.tool
        roles = selectors.tool_roles(tool)
        allowed = policies.roles_tool.allowed_actions(self.actor, tool, policies.roles_tool.ACTIONS)
        can_manage = allowed["manage"]
        editable = policies.roles_tool.editable_role_ids(self.actor, tool, roles)
        rows = [
            {
                "role": role,
                "act_count": len(role.tool_acts),
                "carried_over": sum(1 for act in role.tool_acts if act.carried_over),
                "may_edit": role.pk in editable,
            }
            for role in roles
        ]
        revisions = list(tool.revisions.select_related("published_by").defer("document"))
        act_count = sum(r["act_count"] for r in rows)
        unconfirmed = sum(r["carried_over"] for r in rows)
        context.update(
            next_step=policies.roles_tool.next_step(
                self.actor, tool, act_count=act_count, unconfirmed=unconfirmed, today=timezone.localdate()
            ),
            undo_batch=selectors.undoable_confirm_batch(tool) if can_manage else None,
            # Read-only people (the coordinator, staff who may edit nothing here) get a reading view.
            is_reader=not can_manage and not editable,
            may_edit_any=bool(editable),  # the "You may edit" column only where someone may
        )
        context.update(
            tool=tool,
            rows=rows,
            can_manage=can_manage,
            allowed=allowed,
            revisions=revisions,
            latest_revision=revisions[0] if revisions else None,
            roles_with_acts=sum(1 for r in rows if r["act_count"]),
            unconfirmed=unconfirmed,
            deadline_form=(
                DeadlineForm(initial={"deadline": tool.deadline}) if allowed["set_deadline"] else None
            ),
            states=ToolState,
        )
        return context


class ToolStateView(ToolMixin, View):
    """The principal moves the tool: send for review or reopen (publishing has its own confirmation)."""

    http_method_names = ["post"]
    manage_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool = self.tool
        action = request.POST.get("action")
        try:
            if action == "submit_review":
                services.tool_submit_for_review(actor=self.actor, tool=tool)
                messages.success(request, _("The roles tool was sent for review."))
            elif action == "publish":
                # Publishing asks first (publishing.ToolPublishView): never in one click.
                return redirect("roles_tool_publish", pk=tool.pk)
            elif action == "reopen":
                tool = services.tool_reopen(actor=self.actor, tool=tool)
                messages.success(
                    request,
                    _(
                        "The roles tool was reopened as revision %(number)s. "
                        "The published revision stays readable."
                    )
                    % {"number": tool.revision},
                )
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return self.detail_redirect()


class ToolDeadlineView(ToolMixin, View):
    http_method_names = ["post"]
    manage_only = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool = self.tool  # 404 / 403 before the input is looked at
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the deadline as a date."))
            return self.detail_redirect()
        deadline = form.cleaned_data["deadline"]
        try:
            services.tool_set_deadline(actor=self.actor, tool=tool, deadline=deadline)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            if deadline:
                messages.success(
                    request, _("The deadline is now %(date)s.") % {"date": deadline.strftime("%d.%m.%Y")}
                )
            else:
                messages.success(request, _("The deadline was removed."))
        return self.detail_redirect()


class ToolRolesView(ToolMixin, View):
    """Which of the catalog's roles the school uses in this tool."""

    manage_only = True
    template_name = "roles/tool_roles_form.html"

    def _render(self, request: HttpRequest, form: ToolRolesForm) -> HttpResponse:
        with_acts = set(self.tool.acts.values_list("role_id", flat=True).distinct())
        return render(request, self.template_name, {"tool": self.tool, "form": form, "with_acts": with_acts})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initial = {"roles": list(self.tool.roles.values_list("pk", flat=True))}
        return self._render(request, ToolRolesForm(actor=self.actor, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool = self.tool
        form = ToolRolesForm(request.POST, actor=self.actor)
        if form.is_valid():
            try:
                services.tool_set_roles(actor=self.actor, tool=tool, roles=form.cleaned_data["roles"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The roles used at the school were saved."))
                return self.detail_redirect()
        return self._render(request, form)


class ToolWritersView(ToolMixin, View):
    """Who besides the principal writes the acts of the pupil and guardian roles (django-guardian)."""

    manage_only = True
    template_name = "roles/tool_writers.html"

    def _writers(self) -> list[User]:
        return list(selectors.tool_writers(self.tool))

    def _render(self, request: HttpRequest, writers: list[User], form: WriterGrantForm) -> HttpResponse:
        return render(request, self.template_name, {"tool": self.tool, "writers": writers, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        writers = self._writers()
        return self._render(request, writers, WriterGrantForm(actor=self.actor, exclude=writers))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        writers = self._writers()
        if request.POST.get("action") == "revoke":
            revoke = WriterRevokeForm(request.POST, writers=selectors.tool_writers(self.tool))
            if revoke.is_valid():
                user = revoke.cleaned_data["user"]
                services.nonstaff_writer_revoke(actor=self.actor, tool=self.tool, user=user)
                messages.success(
                    request,
                    _("%(person)s no longer writes the pupil and guardian acts.")
                    % {"person": user.get_full_name() or user.email},
                )
            else:
                messages.error(request, _("That person does not write these acts."))
            return redirect("roles_tool_writers", pk=self.tool.pk)
        form = WriterGrantForm(request.POST, actor=self.actor, exclude=writers)
        if form.is_valid():
            user = form.cleaned_data["user"]
            try:
                services.nonstaff_writer_grant(actor=self.actor, tool=self.tool, user=user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s may now write the pupil and guardian acts.")
                    % {"person": user.get_full_name() or user.email},
                )
                return redirect("roles_tool_writers", pk=self.tool.pk)
        return self._render(request, writers, form)


class ToolRevisionView(ToolMixin, CachedPageMixin, TemplateView):
    """A published revision as it was frozen at publication, whatever the catalog or the acts became."""

    template_name = "roles/tool_revision.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        revision = get_object_or_404(
            self.tool.revisions.select_related("published_by"),
            number=self.kwargs["number"],
        )
        latest = self.tool.revisions.order_by("-number").values_list("number", flat=True).first()
        context.update(
            tool=self.tool,
            revision=revision,
            document=revision.document,
            is_latest=revision.number == latest,
            is_current=revision.number == latest and self.tool.is_published,
        )
        return context


class MyRoleView(MemberRequiredMixin, CachedPageMixin, TemplateView):
    """The signed-in person's roles this school year: the city's description and their school's acts
    (from the latest published revision, else the working copy marked as a draft)."""

    template_name = "roles/my_role.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        actor = self.actor
        year = school_selectors.current_school_year(actor.municipality.pk)
        assignments = (
            list(
                selectors.assignments_for(actor, school_year=year)
                .filter(user=actor.user)
                .prefetch_related("role__responsibilities")
                .order_by("school__name", "role__order", "role__name_fi")
            )
            if year
            else []
        )
        tools = {
            t.school_id: t
            for t in selectors.tools_for(actor).filter(
                school_year=year, school_id__in={a.school_id for a in assignments}
            )
        }
        latest = selectors.latest_revisions(tools.values())
        drafts: dict[int, dict] = {}
        items = []
        for a in assignments:
            tool = tools.get(a.school_id)
            revision = latest.get(tool.pk) if tool else None
            document = None
            if revision is not None:
                document = revision.document
            elif tool is not None:
                if tool.pk not in drafts:
                    drafts[tool.pk] = selectors.tool_document(tool)
                document = drafts[tool.pk]
            frozen = next((r for r in document["roles"] if r["id"] == a.role_id), None) if document else None
            # The city's texts as they stand now; the school's acts as published (or the draft's).
            doc_role = {
                "description": a.role.description,
                "description_sv": a.role.description_sv,
                "responsibilities": [r.text for r in a.role.responsibilities.all()],
                "responsibilities_sv": [r.text_sv for r in a.role.responsibilities.all()],
                "sections": frozen["sections"] if frozen else [],
            }
            items.append(
                {
                    "assignment": a,
                    "role": a.role,
                    "school": a.school,
                    "tool": tool,
                    "revision": revision,
                    "document": document,
                    "doc_role": doc_role,
                    "may_edit": tool is not None and policies.roles_tool.can_edit_acts(actor, tool, a.role),
                }
            )
        context.update(school_year=year, items=items)
        return context


# What the history of a roles tool shows, in this order (services.act_as_text and the tool's events).
TOOL_HISTORY_FIELDS = {
    "role": gettext_lazy("Role"),
    "section": gettext_lazy("Section"),
    "text": gettext_lazy("What is done"),
    "months": Field(gettext_lazy("Months"), format=selectors.month_names),
    "with_whom": gettext_lazy("With whom"),
    "responsible": gettext_lazy("Responsible person"),
    "position": gettext_lazy("Place in the section"),
    "carried_over": gettext_lazy("Carried over, to confirm"),
    "state": gettext_lazy("State"),
    "revision": gettext_lazy("Revision"),
    "deadline": gettext_lazy("Deadline"),
    "roles": gettext_lazy("Roles used"),
}


class ToolHistoryView(ToolMixin, TemplateView):
    """Every change of a tool and its practical acts, newest first, with the words that changed;
    `?role=` narrows it to one role's acts. Readable by whoever reads the tool."""

    template_name = "roles/tool_history.html"
    paginate_by = 50

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        tool = self.tool
        events = audit_selectors.history_with_context(self.actor, "tool", tool.pk)
        role = None
        role_id = parse_id(self.request.GET.get("role"))
        if role_id is not None:
            role = next((r for r in tool.roles.all() if r.pk == role_id), None)
            if role is None:
                raise Http404
            events = events.filter(context__role=role.pk)
        page = Paginator(events, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            tool=tool, role=role, events=page.object_list, page_obj=page, labels=TOOL_HISTORY_FIELDS
        )
        return context


urlpatterns = [
    path("roles-tools/", ToolListView.as_view(), name="roles_tool_list"),
    path("roles-tools/create/", ToolCreateView.as_view(), name="roles_tool_create"),
    path("roles-tools/<int:pk>/", ToolDetailView.as_view(), name="roles_tool_detail"),
    path("roles-tools/<int:pk>/state/", ToolStateView.as_view(), name="roles_tool_state"),
    path("roles-tools/<int:pk>/deadline/", ToolDeadlineView.as_view(), name="roles_tool_deadline"),
    path("roles-tools/<int:pk>/roles/", ToolRolesView.as_view(), name="roles_tool_roles"),
    path("roles-tools/<int:pk>/writers/", ToolWritersView.as_view(), name="roles_tool_writers"),
    path(
        "roles-tools/<int:pk>/revisions/<int:number>/",
        ToolRevisionView.as_view(),
        name="roles_tool_revision",
    ),
    path("roles-tools/<int:pk>/history/", ToolHistoryView.as_view(), name="roles_tool_history"),
    path("my-role/", MyRoleView.as_view(), name="my_role"),
]
