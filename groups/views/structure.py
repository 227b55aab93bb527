"""Pages of the group structure: the tree of the municipality (or of one school), a group's page, the
group form, and its members. Every member of the municipality reads the structure; the coordinator and
the principals (groups policy) change it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from core.access import parse_id
from core.forms import add_service_errors
from core.views import MemberRequiredMixin, PolicyRequiredMixin, require
from schools import selectors as school_selectors
from schools.models import School
from schools.tenancy import Actor

from .. import policies, selectors
from ..forms import GroupCreateForm, GroupEditForm, MemberForm
from ..models import Attachment, GroupMember, MemberKind, WellbeingGroup
from ..policies import GroupPolicy
from ..selectors import TreeNode
from ..services import structure


def may_edit_members(actor: Actor, group: WellbeingGroup) -> bool:
    """The member services' rule: whoever manages or convenes the group."""
    return policies.groups.can_manage(actor, group) or policies.groups.can_convene(actor, group)


def reminder_days_text(days: list[int]) -> str:
    """ "7 and 1 days before a meeting" rather than "7, 1 days": the group page reads as a sentence."""
    if len(days) == 1:
        return ngettext("%(days)s day before a meeting", "%(days)s days before a meeting", days[0]) % {
            "days": days[0]
        }
    return _("%(days)s and %(last)s days before a meeting") % {
        "days": ", ".join(str(day) for day in days[:-1]),
        "last": days[-1],
    }


def _walk(nodes: list[TreeNode]) -> list[TreeNode]:
    found: list[TreeNode] = []
    for node in nodes:
        found.append(node)
        found.extend(_walk(node.children))
    return found


def _mark_tree(actor: Actor, nodes: list[TreeNode], depth: int = 0) -> None:
    """Each node's heading level (h2 for the roots) and what it offers: a new working group under it,
    a new stage group at its school. The policy's answers are memoised per request: no query per node."""
    for node in nodes:
        group = node.group
        node.heading = min(2 + depth, 6)  # type: ignore[attr-defined]
        node.can_add_child = policies.groups.can_create_at(actor, None, group)  # type: ignore[attr-defined]
        node.can_add_stage = (  # type: ignore[attr-defined]
            group.level.attaches_to == Attachment.SCHOOL
            and policies.groups.can_create_at(actor, group.school_id)
        )
        _mark_tree(actor, node.children, depth + 1)


class GroupListView(MemberRequiredMixin, TemplateView):
    """The municipality's groups as a tree; `?school=<id>` shows that school's and the city's groups."""

    template_name = "groups/group_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        raw = self.request.GET.get("school")
        school: School | None = school_selectors.access_school(self.actor, raw) if raw else None
        tree = selectors.group_tree(self.actor, school=school)
        _mark_tree(self.actor, tree)
        levels = list(selectors.levels_for(self.actor))
        stage_level = next((lv for lv in levels if lv.attaches_to == Attachment.STAGE), None)
        return super().get_context_data(
            tree=tree,
            school=school,
            schools=list(school_selectors.schools_for(self.actor).filter(is_active=True).order_by("name")),
            levels=levels,
            stage_level=stage_level,
            working_level=next((lv for lv in levels if lv.attaches_to == Attachment.PARENT), None),
            can_create=policies.groups.can_create(self.actor),
            can_create_here=policies.groups.can_create_at(self.actor, school.pk if school else None),
            **kwargs,
        )


class GroupDetailView(MemberRequiredMixin, TemplateView):
    template_name = "groups/group_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        actor = self.actor
        group = selectors.access_group(actor, kwargs["pk"])
        # The children as the tree shows them (stage groups under their school's group), in one query.
        tree = selectors.group_tree(actor, school=group.school if group.school_id else None)
        node = next((n for n in _walk(tree) if n.group.pk == group.pk), None)
        children = node.children if node else []
        can_view_meetings = policies.groups.can_view_meetings(actor, group)
        levels = list(selectors.levels_for(actor))
        return super().get_context_data(
            group=group,
            reminder_text=reminder_days_text(group.effective_reminder_days),
            members=list(selectors.members_of(group)),
            children=children,
            actions=policies.groups.allowed_actions(actor, group, GroupPolicy.ACTIONS),
            can_edit_members=may_edit_members(actor, group),
            can_add_child=policies.groups.can_create_at(actor, None, group),
            working_level=next((lv for lv in levels if lv.attaches_to == Attachment.PARENT), None),
            can_convene=policies.groups.can_convene(actor, group),
            can_view_meetings=can_view_meetings,
            meetings=list(selectors.group_meetings(actor, group)[:50]) if can_view_meetings else None,
            **kwargs,
        )


def _preselected(request: HttpRequest) -> dict[str, Any]:
    """`?level=&school=&parent=&stage=` from a "New group" button; a bad id just preselects nothing."""
    initial: dict[str, Any] = {}
    for name in ("level", "school", "parent"):
        number = parse_id(request.GET.get(name))
        if number is not None:
            initial[name] = number
    if request.GET.get("stage"):
        initial["stage"] = request.GET["stage"][:20]
    return initial


class GroupCreateView(PolicyRequiredMixin, FormView):
    """A new group at a level; the service checks that the actor may create it where it is attached."""

    policy = policies.groups
    policy_action = "create"
    template_name = "groups/group_form.html"
    form_class = GroupCreateForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_initial(self) -> dict[str, Any]:
        return _preselected(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(levels=list(selectors.levels_for(self.actor)), **kwargs)

    def form_valid(self, form: GroupCreateForm) -> HttpResponse:
        try:
            group = structure.group_create(actor=self.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, _("You may not create a group there: choose your own school."))
            return self.form_invalid(form)
        messages.success(self.request, _("The group %(name)s was created.") % {"name": group.name})
        return redirect("group_detail", pk=group.pk)


class GroupObjectMixin:
    """The group named by the URL (another municipality's: 404), then the policy's rule (403)."""

    group: WellbeingGroup
    actor: Actor

    def allowed(self, actor: Actor, group: WellbeingGroup) -> bool:
        return policies.groups.can_manage(actor, group)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and getattr(request, "actor", None) is not None:
            self.group = selectors.access_group(request.actor, kwargs["pk"])
            require(self.allowed(request.actor, self.group))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class GroupEditView(MemberRequiredMixin, GroupObjectMixin, FormView):
    template_name = "groups/group_form.html"
    form_class = GroupEditForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_initial(self) -> dict[str, Any]:
        return GroupEditForm.initial_for(self.group)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(group=self.group, **kwargs)

    def form_valid(self, form: GroupEditForm) -> HttpResponse:
        try:
            group = structure.group_update(actor=self.actor, group=self.group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The group %(name)s was saved.") % {"name": group.name})
        return redirect("group_detail", pk=group.pk)


class MemberAddView(MemberRequiredMixin, GroupObjectMixin, FormView):
    template_name = "groups/member_form.html"
    form_class = MemberForm

    def allowed(self, actor: Actor, group: WellbeingGroup) -> bool:
        return may_edit_members(actor, group)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind")
        return {"kind": kind if kind in MemberKind.values else MemberKind.STAFF}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(group=self.group, **kwargs)

    def form_valid(self, form: MemberForm) -> HttpResponse:
        try:
            member = structure.member_add(
                actor=self.actor,
                group=self.group,
                kind=form.member_kind,
                user=form.cleaned_data.get("user"),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s was added to the group %(group)s.")
            % {"name": member.display_name, "group": self.group.name},
        )
        return redirect("group_detail", pk=self.group.pk)


class MemberObjectMixin:
    """The member named by the URL (another municipality's: 404); editing needs the member rule (403)."""

    member: GroupMember

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and getattr(request, "actor", None) is not None:
            self.member = selectors.access_member(request.actor, kwargs["pk"])
            require(may_edit_members(request.actor, self.member.group))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class MemberEditView(MemberRequiredMixin, MemberObjectMixin, FormView):
    template_name = "groups/member_form.html"
    form_class = MemberForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.actor, "member": self.member}

    def get_initial(self) -> dict[str, Any]:
        return MemberForm.initial_for(self.member)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(group=self.member.group, member=self.member, **kwargs)

    def form_valid(self, form: MemberForm) -> HttpResponse:
        try:
            member = structure.member_update(actor=self.actor, member=self.member, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member %(name)s was saved.") % {"name": member.display_name})
        return redirect("group_detail", pk=self.member.group_id)


class MemberRemoveView(MemberRequiredMixin, MemberObjectMixin, View):
    """GET asks for confirmation; POST removes (a user loses the group's meetings and minutes)."""

    template_name = "groups/member_remove.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"member": self.member, "group": self.member.group})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        group = self.member.group
        name = self.member.display_name
        structure.member_remove(actor=self.actor, member=self.member)
        messages.success(
            request, _("%(name)s was removed from the group %(group)s.") % {"name": name, "group": group.name}
        )
        return redirect("group_detail", pk=group.pk)


urlpatterns = [
    path("groups/", GroupListView.as_view(), name="group_list"),
    path("groups/new/", GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/", GroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", GroupEditView.as_view(), name="group_edit"),
    path("groups/<int:pk>/members/new/", MemberAddView.as_view(), name="group_member_add"),
    path("groups/members/<int:pk>/edit/", MemberEditView.as_view(), name="group_member_edit"),
    path("groups/members/<int:pk>/remove/", MemberRemoveView.as_view(), name="group_member_remove"),
]
