"""The practical acts (käytännön teot) of one role in a school's roles tool: the editor page and its
edits.

Every edit works two ways. With JavaScript, htmx posts it and swaps a fragment in place: the act's
<li> (edit, save, cancel, confirm) or the whole section (add, move, delete), and a status line goes
into the page's live region. Without JavaScript the same forms post normally and redirect back to the
editor with a message (post/redirect/get), so a reload never posts twice.

Double submits: while an htmx request is in flight its submit button is disabled (hx-disabled-elt);
without JavaScript the redirect after each write keeps a reload from repeating it. A one-time form
token was left out as more machinery than the risk (a duplicate act, easily removed) is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.forms import add_service_errors
from core.views import MemberRequiredMixin
from schools.models import User
from schools.tenancy import Actor

from .. import policies, selectors, services
from ..forms import ActForm, act_initial, responsible_people
from ..models import ActSection, PracticalAct, Role, RolesTool


class Refused(Exception):
    """An edit that is allowed in principle but cannot be made now (e.g. the tool is published)."""


# --- Loading and checking ---------------------------------------------------------------------


def tool_and_role(actor: Actor, pk: object, role_pk: object) -> tuple[RolesTool, Role]:
    """The tool (404 another tenant's, 403 one the actor may not read) and one of the roles it uses."""
    tool = selectors.access_tool(actor, pk)
    role = selectors.access_role(actor, role_pk)
    if not tool.roles.filter(pk=role.pk).exists():
        raise Http404
    return tool, role


def published_note() -> str:
    return _("A published roles tool cannot be edited. The principal can reopen it.")


def require_edit(actor: Actor, tool: RolesTool, role: Role) -> None:
    """May the actor change this role's acts now? A published tool refuses (with a message) even the
    principal; someone without the right gets a 403."""
    if tool.is_published:
        raise Refused(published_note())
    if not policies.roles_tool.can_edit_acts(actor, tool, role):
        raise PermissionDenied


def editor_url(tool: RolesTool, role: Role | int, anchor: str = "") -> str:
    role_pk = role if isinstance(role, int) else role.pk
    url = reverse("roles_tool_role", kwargs={"pk": tool.pk, "role_pk": role_pk})
    return f"{url}#{anchor}" if anchor else url


@dataclass
class Editor:
    """What the editor page and its fragments need to know about one role of one tool."""

    actor: Actor
    tool: RolesTool
    role: Role
    can_edit: bool = False
    people: list[User] = field(default_factory=list)

    @classmethod
    def load(cls, actor: Actor, tool: RolesTool, role: Role) -> Editor:
        can_edit = policies.roles_tool.can_edit_acts(actor, tool, role)
        people = list(responsible_people(actor, tool)) if can_edit else []
        return cls(actor=actor, tool=tool, role=role, can_edit=can_edit, people=people)

    def acts(self, section: ActSection | None = None) -> list[PracticalAct]:
        acts = self.tool.acts.filter(role=self.role).select_related("responsible", "section")
        if section is not None:
            acts = acts.filter(section=section)
        return list(acts.order_by("section__order", "section_id", "order", "id"))

    def add_form(self, section: ActSection, data: object = None, *, focus: bool = False) -> ActForm:
        form = ActForm(
            data,
            actor=self.actor,
            tool=self.tool,
            people=self.people,
            auto_id=f"add-{section.pk}-%s",
            initial={"section": section.pk},
        )
        if focus:
            form.fields["text"].widget.attrs["autofocus"] = True
        return form

    def edit_form(self, act: PracticalAct, data: object = None) -> ActForm:
        return ActForm(
            data,
            actor=self.actor,
            tool=self.tool,
            editing=True,
            people=self.people,
            auto_id=f"act-{act.pk}-%s",
            initial=act_initial(act),
        )

    def base_context(self) -> dict:
        return {"tool": self.tool, "role": self.role, "can_edit": self.can_edit}

    def section_context(self, section: ActSection, *, add_form: ActForm | None = None, **extra) -> dict:
        """One section's fragment; after an add, its form stays open with the focus in it."""
        context = {**self.base_context(), "section": section, "acts": self.acts(section), **extra}
        if self.can_edit and section.is_active:
            context["add_form"] = add_form or self.add_form(section, focus=bool(extra.get("add_open")))
        return context

    def sections(self, bound: tuple[int, ActForm] | None = None) -> list[dict]:
        """Each active section with its acts and add form; a retired section only while it holds acts."""
        acts = self.acts()
        sections = list(selectors.sections_for(self.actor))
        known = {s.pk for s in sections}
        for act in acts:
            if act.section_id not in known:
                sections.append(act.section)
                known.add(act.section_id)
        blocks = []
        for section in sections:
            block = {"section": section, "acts": [a for a in acts if a.section_id == section.pk]}
            if self.can_edit and section.is_active:
                block["add_form"] = bound[1] if bound and bound[0] == section.pk else self.add_form(section)
            blocks.append(block)
        return blocks


def _position(act: PracticalAct) -> dict:
    siblings = list(
        act.tool.acts.filter(role_id=act.role_id, section_id=act.section_id)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    return {"is_first": siblings[:1] == [act.pk], "is_last": siblings[-1:] == [act.pk]}


# --- Responses --------------------------------------------------------------------------------


def fragment(
    request: HttpRequest, template: str, context: dict, *, status: str = "", alert: str = ""
) -> HttpResponse:
    """An htmx fragment, with the result announced in the page's live regions (out-of-band swaps)."""
    html = render_to_string(template, context, request=request)
    html += render_to_string("roles/acts/status.html", {"status": status, "alert": alert}, request=request)
    return HttpResponse(html)


def refusal(request: HttpRequest, message: str, back: str) -> HttpResponse:
    """A write that cannot be made: nothing was written; say why, where the user is."""
    if request.htmx:
        response = fragment(request, "roles/acts/empty.html", {}, alert=message)
        response["HX-Reswap"] = "none"
        return response
    messages.error(request, message)
    return redirect(back)


def done(request: HttpRequest, message: str, back: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(back)


def render_page(
    request: HttpRequest, editor: Editor, *, bound: tuple[int, ActForm] | None = None
) -> HttpResponse:
    tool, role = editor.tool, editor.role
    holders = (
        selectors.assignments_for(editor.actor, school=tool.school, school_year=tool.school_year)
        .filter(role=role)
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    sections = editor.sections(bound)
    context = {
        **editor.base_context(),
        "holders": holders,
        "sections": sections,
        "role_unconfirmed": tool.acts.filter(role=role, carried_over=True).count(),
        "published_note": published_note(),
    }
    return render(request, "roles/tool_role.html", context)


def render_all_sections(request: HttpRequest, editor: Editor, *, status: str, **extra) -> HttpResponse:
    """Every section of the role, for a change that moves an act from one section to another."""
    context = {**editor.base_context(), "sections": editor.sections(), **extra}
    response = fragment(request, "roles/acts/sections.html", context, status=status)
    response["HX-Retarget"] = "#role-acts"
    response["HX-Reswap"] = "outerHTML"
    return response


# --- Views ------------------------------------------------------------------------------------


class ToolRoleView(MemberRequiredMixin, View):
    """The acts editor of one role: read-only for those who may read, with forms for those who edit."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
        tool, role = tool_and_role(self.actor, pk, role_pk)
        return render_page(request, Editor.load(self.actor, tool, role))


class ActCreateView(MemberRequiredMixin, View):
    """POST: add an act to a section of the role (the section is a hidden field of its add form)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
        tool, role = tool_and_role(self.actor, pk, role_pk)
        back = editor_url(tool, role)
        try:
            require_edit(self.actor, tool, role)
        except Refused as refused:
            return refusal(request, str(refused), back)
        section = next(
            (s for s in selectors.sections_for(self.actor) if str(s.pk) == request.POST.get("section")), None
        )
        if section is None:
            # Not a section of the actor's municipality (or a retired one): no form to show errors on.
            return refusal(request, _("Choose a section of your municipality."), back)
        editor = Editor.load(self.actor, tool, role)
        form = editor.add_form(section, request.POST, focus=True)
        if form.is_valid():
            try:
                act = services.act_create(actor=self.actor, tool=tool, role=role, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not request.htmx:
                    return done(request, _("The act was added."), editor_url(tool, role, f"act-{act.pk}"))
                context = editor.section_context(section, add_open=True)
                return fragment(request, "roles/acts/section.html", context, status=_("The act was added."))
        if request.htmx:
            context = editor.section_context(section, add_form=form, add_open=True)
            status = _("The act was not added. Check the errors in the form.")
            return fragment(request, "roles/acts/section.html", context, status=status)
        return render_page(request, editor, bound=(section.pk, form))


class ActView(MemberRequiredMixin, View):
    """A change to one act: loads it (404 another tenant's, 403 a tool the actor may not read), checks
    the right to edit its role, and answers a refusal the same way on every route."""

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # htmx swaps nothing on a 404: say why instead (an open edit form stays, so no text is lost).
        # Any missing act gets the same note, another tenant's included, so it tells nothing.
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            if not getattr(request, "htmx", False) or not request.user.is_authenticated:
                raise
            return refusal(request, _("This act no longer exists: someone may have removed it."), "")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        act = selectors.access_act(self.actor, pk)
        back = editor_url(act.tool, act.role_id, f"act-{act.pk}")
        try:
            require_edit(self.actor, act.tool, act.role)
            return self.change(request, act, Editor.load(self.actor, act.tool, act.role))
        except Refused as refused:
            return refusal(request, str(refused), back)
        except ValidationError as error:
            return refusal(request, " ".join(error.messages), back)

    def change(self, request: HttpRequest, act: PracticalAct, editor: Editor) -> HttpResponse:
        raise NotImplementedError

    def act_fragment(
        self, request: HttpRequest, editor: Editor, act: PracticalAct, status: str
    ) -> HttpResponse:
        """The act as it reads now, focus on its Edit link."""
        act = selectors.access_act(self.actor, act.pk)
        context = {
            **editor.base_context(),
            "act": act,
            "focus_act": act.pk,
            "focus": "edit",
            **_position(act),
        }
        return fragment(request, "roles/acts/act.html", context, status=status)


class ActUpdateView(ActView):
    """GET: the edit form (an <li> for htmx, else a page); `?cancel=1` gives the act back as it reads.
    POST: save; refused, with both texts shown, when someone else saved the act meanwhile."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        act = selectors.access_act(self.actor, pk)
        back = editor_url(act.tool, act.role_id, f"act-{act.pk}")
        if request.GET.get("cancel"):
            if not request.htmx:
                return redirect(back)
            editor = Editor.load(self.actor, act.tool, act.role)
            return self._vary(self.act_fragment(request, editor, act, status=""))
        try:
            require_edit(self.actor, act.tool, act.role)
        except Refused as refused:
            return refusal(request, str(refused), back)
        editor = Editor.load(self.actor, act.tool, act.role)
        return self._vary(self.form_response(request, editor, act, editor.edit_form(act)))

    @staticmethod
    def _vary(response: HttpResponse) -> HttpResponse:
        patch_vary_headers(response, ("HX-Request",))
        return response

    def form_response(
        self,
        request: HttpRequest,
        editor: Editor,
        act: PracticalAct,
        form: ActForm,
        *,
        current: PracticalAct | None = None,
        status: str = "",
    ) -> HttpResponse:
        context = {
            **editor.base_context(),
            "act": act,
            "form": form,
            "current": current,
            "editor_url": editor_url(act.tool, act.role_id, f"act-{act.pk}"),
        }
        if request.htmx:
            return fragment(request, "roles/acts/act_edit.html", {**context, "inline": True}, status=status)
        return render(request, "roles/acts/act_edit_page.html", context)

    def change(self, request: HttpRequest, act: PracticalAct, editor: Editor) -> HttpResponse:
        form = editor.edit_form(act, request.POST)
        not_saved = _("The act was not saved. Check the errors in the form.")
        if not form.is_valid():
            return self.form_response(request, editor, act, form, status=not_saved)
        try:
            saved = services.act_update(actor=self.actor, act=act, **form.cleaned_data)
        except services.StaleEdit as stale:
            return self._stale(request, editor, act, stale)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_response(request, editor, act, form, status=not_saved)
        message = _("The act was saved.")
        if not request.htmx:
            return done(request, message, editor_url(saved.tool, saved.role_id, f"act-{saved.pk}"))
        if saved.section_id != act.section_id:
            return render_all_sections(request, editor, status=message, focus_act=saved.pk, focus="edit")
        return self.act_fragment(request, editor, saved, status=message)

    def _stale(
        self, request: HttpRequest, editor: Editor, act: PracticalAct, stale: services.StaleEdit
    ) -> HttpResponse:
        """Keep the user's own text in the form, show the saved one beside it, and take the current
        version into the form: saving again is then a deliberate overwrite. Nothing was written."""
        current = selectors.access_act(self.actor, stale.current.pk)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = editor.edit_form(current, data)
        form.is_valid()
        form.add_error(None, stale)
        status = _("The act was not saved: someone else saved it meanwhile.")
        return self.form_response(request, editor, current, form, current=current, status=status)


class ActDeleteView(ActView):
    """POST: remove the act. Without JavaScript there is no confirm dialog, so a plain post first shows
    a confirmation page, and only that page's own post (confirmed=1) removes the act."""

    def change(self, request: HttpRequest, act: PracticalAct, editor: Editor) -> HttpResponse:
        if not request.htmx and request.POST.get("confirmed") != "1":
            context = {**editor.base_context(), "act": act, "editor_url": editor_url(act.tool, act.role_id)}
            return render(request, "roles/acts/act_delete_page.html", context)
        section = act.section
        services.act_delete(actor=self.actor, act=act)
        message = _("The act was removed.")
        if request.htmx:
            context = editor.section_context(section, focus_section=True)
            return fragment(request, "roles/acts/section.html", context, status=message)
        return done(request, message, editor_url(act.tool, act.role_id))


class ActMoveView(ActView):
    """POST direction=up|down: one place within its role and section."""

    def change(self, request: HttpRequest, act: PracticalAct, editor: Editor) -> HttpResponse:
        direction = request.POST.get("direction", "")
        services.act_move(actor=self.actor, act=act, direction=direction)
        message = _("The act was moved up.") if direction == "up" else _("The act was moved down.")
        if request.htmx:
            # Focus stays on the button just used; at the top or the bottom, on the one that remains.
            context = editor.section_context(act.section, focus_act=act.pk, focus=direction)
            return fragment(request, "roles/acts/section.html", context, status=message)
        return done(request, message, editor_url(act.tool, act.role_id, f"act-{act.pk}"))


class ActConfirmView(ActView):
    """Keep a carried-over act as it is for this school year."""

    def change(self, request: HttpRequest, act: PracticalAct, editor: Editor) -> HttpResponse:
        services.act_confirm(actor=self.actor, act=act)
        message = _("The act was confirmed.")
        if request.htmx:
            return self.act_fragment(request, editor, act, status=message)
        return done(request, message, editor_url(act.tool, act.role_id, f"act-{act.pk}"))


urlpatterns = [
    path("roles-tools/<int:pk>/roles/<int:role_pk>/", ToolRoleView.as_view(), name="roles_tool_role"),
    path("roles-tools/<int:pk>/roles/<int:role_pk>/acts/create/", ActCreateView.as_view(), name="act_create"),
    path("acts/<int:pk>/update/", ActUpdateView.as_view(), name="act_update"),
    path("acts/<int:pk>/delete/", ActDeleteView.as_view(), name="act_delete"),
    path("acts/<int:pk>/move/", ActMoveView.as_view(), name="act_move"),
    path("acts/<int:pk>/confirm/", ActConfirmView.as_view(), name="act_confirm"),
]


class ActsConfirmAllView(MemberRequiredMixin, View):
    """GET: what confirming every carried-over act of the tool would confirm (asks first).
    POST: confirm every carried-over act of one role (`role` given) or of the whole tool; the tool's
    confirmation can be undone from the tool page until publication."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool = selectors.access_tool(self.actor, pk)
        if not policies.roles_tool.can_manage(self.actor, tool):
            raise PermissionDenied
        preview = selectors.publish_preview(tool, today=timezone.localdate())
        return render(request, "roles/tool_confirm_all.html", {"tool": tool, "preview": preview})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tool = selectors.access_tool(self.actor, pk)
        role = None
        if request.POST.get("role"):
            tool, role = tool_and_role(self.actor, pk, request.POST["role"])
        back = editor_url(tool, role) if role else reverse("roles_tool_detail", args=[tool.pk])
        try:
            batch = services.acts_confirm_all(actor=self.actor, tool=tool, role=role)
        except services.NothingToConfirm as nothing:
            messages.warning(request, " ".join(nothing.messages))  # a second click: nothing happened
            return redirect(back)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        count = len(batch.acts)
        return done(
            request,
            ngettext(
                "%(count)s carried-over act was confirmed.",
                "%(count)s carried-over acts were confirmed.",
                count,
            )
            % {"count": count},
            back,
        )


urlpatterns.append(
    path("roles-tools/<int:pk>/confirm-all/", ActsConfirmAllView.as_view(), name="acts_confirm_all")
)
