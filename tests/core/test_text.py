"""The character rules of one-line and multi-line texts, and the text guards services apply."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.registries import TextGuard, register_text_guard, text_guards
from core.text import (
    check_shared_text,
    check_text,
    normalize_newlines,
    validate_multiline,
    validate_one_line,
)

CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\u200b", "\u200e", "\u202e", "\ufeff", "\u00ad"]


def message(call) -> str:
    """The refusal's message, in English (the messages are lazy: read them inside the override)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            call()
        return " ".join(refused.value.messages)


@pytest.mark.parametrize("text", ["Koulu", "Åkerlundin koulu – Pohjoinen", "Ärrä 1–2 (ei luokat 3)", ""])
def test_one_line_texts_pass(text):
    validate_one_line(text)


@pytest.mark.parametrize(
    "text", ["Koulu\nBcc: x@example.com", "Koulu\r", "A\u2028B", "A\u2029B", "A\x0bB", "A\x85B"]
)
def test_line_breaks_are_refused_in_one_line_texts(text):
    assert message(lambda: validate_one_line(text)) == "Write this on one line, without line breaks."


@pytest.mark.parametrize("char", [*CONTROL, "\t"])
def test_control_and_format_characters_are_refused_in_one_line_texts(char):
    text = f"Koulu{char}nimi"
    assert "Remove the invisible control character U+" in message(lambda: validate_one_line(text))


def test_multiline_texts_keep_line_breaks_and_tabs():
    validate_multiline("Kappale yksi.\n\n\tKappale kaksi.")


@pytest.mark.parametrize("char", [*CONTROL, "\r", "\u2028"])
def test_other_control_characters_are_refused_in_multiline_texts(char):
    assert "U+" in message(lambda: validate_multiline(f"Teko{char}"))


def test_the_message_names_the_character():
    assert message(lambda: validate_multiline("a\x00b")) == (
        "Remove the invisible control character U+0000: it cannot be saved here."
    )
    assert message(lambda: validate_one_line("a\u200bb")) == (
        "Remove the invisible control character U+200B ZERO WIDTH SPACE: it cannot be saved here."
    )


def test_line_endings_are_made_newlines():
    assert normalize_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


@pytest.fixture
def shouting_guard():
    guard = register_text_guard(
        TextGuard(name="test-shouting", check=lambda t: "No shouting." if t.isupper() else None)
    )
    yield guard
    text_guards.unregister(guard.name)


def test_shared_text_guards_refuse_with_their_message_on_the_named_field(shouting_guard):
    check_shared_text("Hiljaa")
    with pytest.raises(ValidationError) as refused:
        check_shared_text("HUUTO", field="text")
    assert refused.value.message_dict == {"text": ["No shouting."]}
    with pytest.raises(ValidationError) as refused:
        check_shared_text("HUUTO")
    assert refused.value.messages == ["No shouting."]


def test_a_guard_applies_only_in_its_scopes(shouting_guard):
    check_text("HUUTO", scope="private")


def test_the_identity_code_guard_is_registered_for_shared_texts_and_group_minutes():
    guard = text_guards.get("identity_codes")
    assert guard.scopes >= {"shared", "group"}
    with translation.override("en"):
        assert guard.check("Oppilas 131052-308T") == (
            "A personal identity code cannot be saved here: communal student welfare never handles an "
            "individual pupil's matters."
        )
    assert guard.check("Palaveri 12.10.2025, puh. 040 123 4567") is None
