from __future__ import annotations

from django import forms

from .kinds import NotificationKind
from .models import Channel


class PreferencesForm(forms.Form):
    """One choice of channel per kind a person may direct elsewhere. Each group always has one choice
    checked, so none is marked required; a kind left out of a POST keeps its channel."""

    def __init__(self, *args, channels: list[tuple[NotificationKind, Channel]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, channel in channels:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=channel.value,
                widget=forms.RadioSelect,
                required=False,
            )

    def chosen(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}
