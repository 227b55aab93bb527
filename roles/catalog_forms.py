"""The coordinator's form for a role of the city catalog.

The form only collects and tidies input; `roles.services.role_create` / `role_update` validate and write.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import MultilineField, OneLineField

from .models import MAX_RESPONSIBILITIES, RESPONSIBILITY_MAX_LENGTH, ROLE_DESCRIPTION_MAX_LENGTH, Role


class RoleForm(forms.Form):
    name_fi = OneLineField(
        label=_("Name in Finnish"),
        max_length=Role._meta.get_field("name_fi").max_length,
        widget=forms.TextInput(attrs={"lang": "fi", "autocomplete": "off"}),
    )
    name_sv = OneLineField(
        label=_("Name in Swedish"),
        max_length=Role._meta.get_field("name_sv").max_length,
        required=False,
        help_text=_("Shown to Swedish-speaking users; the Finnish name is used where this is empty."),
        widget=forms.TextInput(attrs={"lang": "sv", "autocomplete": "off"}),
    )
    description = MultilineField(
        label=_("Role in communal student welfare"),
        required=False,
        max_length=ROLE_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "lang": "fi"}),
    )
    description_sv = MultilineField(
        label=_("Role in communal student welfare, in Swedish"),
        required=False,
        max_length=ROLE_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "lang": "sv"}),
    )
    # A textarea rather than a formset: one line per responsibility is simple to read aloud, to
    # reorder (move a line) and to paste from a document.
    # Each line's length, characters and the number of lines are checked by the service (one message
    # for the page and the API).
    responsibilities = MultilineField(
        label=_("Key responsibilities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "fi"}),
    )
    responsibilities_sv = MultilineField(
        label=_("Key responsibilities in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "sv"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the class: a lazy text formatted at import would freeze its language.
        self.fields["description"].help_text = gettext(
            "Separate paragraphs with an empty line. At most %(max)s characters."
        ) % {"max": ROLE_DESCRIPTION_MAX_LENGTH}
        self.fields["responsibilities"].help_text = gettext(
            "One responsibility per line, in the order they are shown. Move a line to reorder; "
            "empty lines are ignored. At most %(count)s lines of %(max)s characters."
        ) % {"count": MAX_RESPONSIBILITIES, "max": RESPONSIBILITY_MAX_LENGTH}

        self.fields["description_sv"].help_text = gettext(
            "Shown to Swedish-speaking readers and in the documents of Swedish-language schools; "
            "the Finnish text is used where this is empty."
        )
        self.fields["responsibilities_sv"].help_text = gettext(
            "The same responsibilities in Swedish, line by line in the order of the Finnish ones, "
            "or leave empty."
        )

    def clean_responsibilities(self) -> list[str]:
        text = self.cleaned_data.get("responsibilities") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_responsibilities_sv(self) -> list[str]:
        text = self.cleaned_data.get("responsibilities_sv") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> dict:
        data = super().clean()
        # Editing, with the Swedish lines as they were: each Finnish line keeps its Swedish text by
        # its words (the service's rule for texts left out), so reordering or adding Finnish lines
        # does not ask for the Swedish list to be rewritten.
        if self.initial and "responsibilities_sv" in data and "responsibilities_sv" not in self.changed_data:
            data["responsibilities_sv"] = None
        return data

    @staticmethod
    def initial_for(role: Role) -> dict:
        return {
            "name_fi": role.name_fi,
            "name_sv": role.name_sv,
            "description": role.description,
            "description_sv": role.description_sv,
            "responsibilities": "\n".join(r.text for r in role.responsibilities.all()),
            "responsibilities_sv": "\n".join(r.text_sv for r in role.responsibilities.all() if r.text_sv),
        }


class SectionForm(forms.Form):
    name_fi = OneLineField(
        label=_("Name in Finnish"),
        max_length=150,
        widget=forms.TextInput(attrs={"lang": "fi", "autocomplete": "off"}),
    )
    name_sv = OneLineField(
        label=_("Name in Swedish"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"lang": "sv", "autocomplete": "off"}),
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Sections are shown from the smallest number up; empty puts a new section last."),
    )
    is_active = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("A section not in use keeps its acts but takes no new ones."),
    )
