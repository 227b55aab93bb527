"""The staff page's form: add a person to a role at a school."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import IdChoiceField
from schools import selectors
from schools.forms import PersonChoiceField
from schools.models import School, User
from schools.tenancy import Actor

from . import selectors as role_selectors
from .models import Role


class RoleChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Role) -> str:
        return obj.name


class AssignmentForm(forms.Form):
    """Add a person to a role at a school; the school and the year come from the page."""

    user = PersonChoiceField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )
    role = RoleChoiceField(label=_("Role"), queryset=Role.objects.none(), empty_label=_("Choose a role"))

    # Above this many members the picker lists the school's own people and asks to search for others:
    # a select of thousands of names is slow to render and hard to use, with a screen reader above all.
    PICKER_LIMIT = 200

    def __init__(self, *args, actor: Actor, school: School | None = None, search: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.users_for(actor)
        self.narrowed = False
        if not self.is_bound:  # a POST accepts any active member; only the offered list is narrowed
            if search.strip():
                for term in search.split()[:4]:
                    people = people.filter(
                        Q(first_name__icontains=term)
                        | Q(last_name__icontains=term)
                        | Q(email__icontains=term)
                    )
                self.narrowed = True
            elif school is not None and people.count() > self.PICKER_LIMIT:
                people = people.filter(assignments__school=school).distinct()
                self.narrowed = True
        self.fields["user"].queryset = people.order_by("last_name", "first_name", "email")
        self.fields["role"].queryset = role_selectors.staff_roles_for(actor)
