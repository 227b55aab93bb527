"""Forms of the practical-acts editor (one role's acts in a school's roles tool).

Forms only collect and check input; `roles.services.act_create` / `act_update` apply the rules and
write. Every choice is drawn from the actor's scoped selectors, so a person or a section of another
municipality is simply "not a valid choice".
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.forms import IdChoiceField, MultilineField, OneLineField
from schools import selectors as school_selectors
from schools.models import User
from schools.tenancy import Actor

from . import selectors
from .models import ActSection, PracticalAct, RolesTool
from .services import MAX_ACT_LENGTH, SCHOOL_YEAR_MONTHS

MONTH_CHOICES = [(m, MONTHS[m]) for m in SCHOOL_YEAR_MONTHS]


def responsible_people(actor: Actor, tool: RolesTool) -> QuerySet[User]:
    """Active people of the municipality, each marked `at_school` when they hold a role at the tool's
    school in its school year (those are offered first). One query."""
    staff = selectors.assignments_for(actor, school=tool.school, school_year=tool.school_year)
    return (
        school_selectors.users_for(actor)
        .annotate(at_school=Exists(staff.filter(user=OuterRef("pk"))))
        .order_by("last_name", "first_name", "email")
    )


def _person_label(user: User) -> str:
    # The e-mail tells apart two people of the same name (as on the staff page).
    return f"{user.last_name}, {user.first_name} ({user.email})"


class SectionChoiceField(IdChoiceField):
    def label_from_instance(self, obj: ActSection) -> str:
        return obj.name


class ActForm(forms.Form):
    """Add an act (the section fixed by the page, hidden) or edit one (section a select, and the version
    the editor loaded, so a save over someone else's newer save is refused)."""

    text = MultilineField(
        label=_("What is done"),
        max_length=MAX_ACT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what is done: the act cannot be empty.")},
    )
    months = forms.TypedMultipleChoiceField(
        label=_("When"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The months of the school year in which this is done."),
        error_messages={"invalid_choice": _("Choose months from the list.")},
    )
    with_whom = OneLineField(
        label=_("With whom"),
        max_length=PracticalAct._meta.get_field("with_whom").max_length,
        required=False,
        help_text=_(
            "For example pupil participation groups (tukioppilaat, verso-oppilaat, tutor-opiskelijat, "
            "välkkärit) or the guardians' association (vanhempainyhdistys)."
        ),
    )
    responsible = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, empty_value=None, required=False
    )
    section = SectionChoiceField(
        label=_("Section"),
        queryset=ActSection.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a section of your municipality.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args,
        actor: Actor,
        tool: RolesTool,
        editing: bool = False,
        people: Iterable[User] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        people = list(responsible_people(actor, tool) if people is None else people)
        self._people = {u.pk: u for u in people}
        staff = [(u.pk, _person_label(u)) for u in people if getattr(u, "at_school", False)]
        others = [(u.pk, _person_label(u)) for u in people if not getattr(u, "at_school", False)]
        choices: list = [("", _("No one named"))]
        if staff:
            choices.append((_("Staff of the school this school year"), staff))
        if others:
            choices.append((_("Other people of the municipality"), others))
        self.fields["responsible"].choices = choices
        self.fields["section"].queryset = selectors.sections_for(actor)
        if editing:
            self.fields["text"].widget.attrs["autofocus"] = True
        else:
            self.fields["section"].widget = forms.HiddenInput()
            del self.fields["version"]

    def clean_responsible(self) -> User | None:
        pk = self.cleaned_data.get("responsible")
        return None if pk is None else self._people[pk]

    def clean(self) -> dict:
        data = super().clean()
        # Errors of hidden fields have no place of their own on the page: show them on top.
        for name in [n for n in self.errors if n in self.fields and self.fields[n].widget.is_hidden]:
            messages = self.errors.pop(name)
            if name == "version":
                messages = [_("The form was incomplete. Reload the page and try again.")]
            for message in messages:
                self.add_error(None, message)
        return data


def act_initial(act: PracticalAct) -> dict:
    """The edit form's starting values: the act as saved, with the version it was loaded at."""
    return {
        "text": act.text,
        "months": act.months,
        "with_whom": act.with_whom,
        "responsible": act.responsible_id,
        "section": act.section_id,
        "version": act.version,
    }
