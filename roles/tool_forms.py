"""Forms of the roles-tool pages (starting a tool, its deadline, roles used and pupil/guardian writers).

Forms only collect and check input; every choice comes from the actor's scoped selectors, so an id of
another municipality is "not a valid choice". The writes and their rules are in `roles.services`.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, IdChoiceField, IdMultipleChoiceField
from schools import selectors as school_selectors
from schools.forms import PersonChoiceField
from schools.models import School, SchoolYear, User
from schools.tenancy import Actor

from . import selectors
from .models import Role


class ToolCreateForm(forms.Form):
    """Start a school's roles tool for a school year: empty, or carried over from the previous year."""

    EMPTY = "empty"
    CARRY_OVER = "carry_over"

    school = IdChoiceField(queryset=School.objects.none())
    school_year = IdChoiceField(queryset=SchoolYear.objects.none())
    mode = forms.ChoiceField(
        label=_("How to start"),
        choices=[(EMPTY, _("Empty")), (CARRY_OVER, _("Carried over from last year"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = school_selectors.schools_for(actor)
        self.fields["school_year"].queryset = school_selectors.school_years_for(actor)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline for the acts"),
        required=False,
        widget=DateInput,
        help_text=_("Staff whose role still has no acts are reminded 7 days and 1 day before it."),
    )


class RoleChoices(IdMultipleChoiceField):
    def label_from_instance(self, obj: Role) -> str:
        return obj.name


class ToolRolesForm(forms.Form):
    roles = RoleChoices(
        label=_("Roles used at the school"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A role that already has acts cannot be left out: remove its acts first."),
    )

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = selectors.roles_for(actor)


class WriterGrantForm(forms.Form):
    user = PersonChoiceField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )

    def __init__(self, *args, actor: Actor, exclude: QuerySet[User] | list[User] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            school_selectors.users_for(actor)
            .exclude(pk__in=[u.pk for u in exclude])
            .order_by("last_name", "first_name", "email")
        )


class WriterRevokeForm(forms.Form):
    """Names one of the current writers (so a revoke can reach a person deactivated since the grant)."""

    user = IdChoiceField(queryset=User.objects.none())

    def __init__(self, *args, writers: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = writers
