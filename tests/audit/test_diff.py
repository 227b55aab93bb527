"""Word-level differences: only the words that changed are marked, the text keeps its shape, and
whatever the text holds is shown as text, never run as HTML."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape

from audit.diff import DELETE, EQUAL, INSERT, Field, field_changes, line_diff, tokens, word_diff
from audit.models import AuditEvent

PARAGRAPH = (
    "Opettaja huolehtii luokkansa hyvinvoinnista ja turvallisuudesta osana opetustyötä.\n\n"
    "Hän seuraa oppilaiden oppimista."
)


def joined(ops, *keep: str) -> str:
    return "".join(text for op, text in ops if op in keep)


def marks(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<(del|ins) class="diff">(?:<span class="visually-hidden">[^<]*</span>)?(.*?)</\1>', html, re.S
    )


class TestWordDiff:
    def test_an_insertion_in_the_middle_marks_only_the_inserted_words(self):
        after = PARAGRAPH.replace("luokkansa hyvinvoinnista", "luokkansa ja koko koulun hyvinvoinnista")
        ops = word_diff(PARAGRAPH, after)
        changed = [(op, text) for op, text in ops if op != EQUAL]
        assert [(op, text.strip()) for op, text in changed] == [(INSERT, "ja koko koulun")]
        assert ops[0][1].startswith("Opettaja huolehtii luokkansa")
        assert ops[-1][1].endswith("Hän seuraa oppilaiden oppimista.")

    def test_a_deletion_marks_only_the_deleted_words(self):
        after = PARAGRAPH.replace(" osana opetustyötä", "")
        changed = [(op, text) for op, text in word_diff(PARAGRAPH, after) if op != EQUAL]
        assert [(op, text.strip()) for op, text in changed] == [(DELETE, "osana opetustyötä")]

    def test_a_replaced_word_is_one_deletion_and_one_insertion(self):
        ops = word_diff("Hän seuraa oppimista.", "Hän tukee oppimista.")
        assert ops == [(EQUAL, "Hän "), (DELETE, "seuraa"), (INSERT, "tukee"), (EQUAL, " oppimista.")]

    def test_a_rewritten_phrase_reads_as_one_change_not_word_by_word(self):
        ops = word_diff("the cat sat on the mat", "a dog sat on the mat")
        assert ops == [(DELETE, "the cat"), (INSERT, "a dog"), (EQUAL, " sat on the mat")]

    @pytest.mark.parametrize(
        "before, after",
        [
            (PARAGRAPH, PARAGRAPH.replace("\n\n", "\n\nUusi kappale.\n\n")),
            (
                "Rivi yksi\r\n  sisennetty\trivi\n\n\nkolme",
                "Rivi yksi\r\n  sisennetty\trivi  ja lisää\n\n\nkolme",
            ),
            ("", "Kokonaan uusi."),
            ("Kokonaan poistettu.", ""),
            ("Sama.", "Sama."),
        ],
    )
    def test_whitespace_is_kept_so_both_texts_come_back_exactly(self, before, after):
        ops = word_diff(before, after)
        assert joined(ops, EQUAL, DELETE) == before
        assert joined(ops, EQUAL, INSERT) == after

    def test_identical_texts_have_no_changes(self):
        assert word_diff(PARAGRAPH, PARAGRAPH) == [(EQUAL, PARAGRAPH)]
        assert word_diff("", "") == []

    def test_tokens_split_words_punctuation_and_whitespace(self):
        assert tokens("Hyvä, että  näin.\n") == ["Hyvä", ",", " ", "että", "  ", "näin", ".", "\n"]


class TestLineDiff:
    def test_each_line_is_compared_and_an_edited_line_shows_its_words(self):
        before = ["Seuraa poissaoloja", "Pitää yhteyttä huoltajiin", "Vanha tehtävä", "Poistuva"]
        after = [
            "Seuraa poissaoloja viikoittain",
            "Pitää yhteyttä huoltajiin",
            "Uusi tehtävä kokonaan toinen",
        ]
        lines = line_diff(before, after)
        assert [line.kind for line in lines] == ["changed", "equal", "deleted", "inserted", "deleted"]
        assert lines[0].ops == ((EQUAL, "Seuraa poissaoloja"), (INSERT, " viikoittain"))
        assert lines[1].text == "Pitää yhteyttä huoltajiin"
        # Too different to be an edit: shown as the old line removed and a new one added.
        assert lines[2].ops == ((DELETE, "Vanha tehtävä"),)
        assert lines[3].ops == ((INSERT, "Uusi tehtävä kokonaan toinen"),)
        assert lines[4].ops == ((DELETE, "Poistuva"),)

    def test_a_small_edit_of_a_short_line_is_an_edit(self):
        lines = line_diff(["Vanha tehtävä"], ["Uusi tehtävä"])
        assert [(line.kind, line.ops) for line in lines] == [
            ("changed", ((DELETE, "Vanha"), (INSERT, "Uusi"), (EQUAL, " tehtävä")))
        ]

    def test_a_line_that_only_moved_is_shown_as_moved(self):
        lines = line_diff(["A", "B", "C"], ["C", "A", "B"])
        assert [(line.kind, line.text) for line in lines if line.kind != "equal"] == [
            ("moved_here", "C"),
            ("moved_away", ""),
        ]
        assert [line.ops for line in lines if line.kind == "moved_away"] == [((DELETE, "C"),)]

    def test_unchanged_lists_are_all_equal(self):
        assert {line.kind for line in line_diff(["a", "b"], ["a", "b"])} == {"equal"}


class FakeEvent:
    def __init__(self, before, after):
        self.before, self.after = before, after


class TestFieldChanges:
    def test_only_labelled_changed_fields_are_shown_in_the_callers_order(self):
        event = FakeEvent(
            {"text": "Vanha", "role": "Opettaja", "secret": 1, "months": [8, 9], "carried_over": True},
            {"text": "Uusi", "role": "Opettaja", "secret": 2, "months": [9, 10], "carried_over": False},
        )
        labels = {
            "carried_over": "Carried over",
            "months": Field("When", format=lambda months: [f"kk{m}" for m in months]),
            "role": "Role",
            "text": "What",
        }
        changes = field_changes(event, labels)
        assert [(c.name, c.kind) for c in changes] == [
            ("carried_over", "value"),
            ("months", "lines"),
            ("text", "text"),
        ]
        with translation.override("en"):
            value = field_changes(event, {"carried_over": "x"})[0]
        assert (value.before, value.after) == ("Yes", "No")
        months = changes[1]
        assert [(line.kind, line.text) for line in months.lines] == [
            ("deleted", ""),
            ("equal", "kk9"),
            ("inserted", "kk10"),
        ]

    def test_a_creation_shows_every_labelled_value_as_inserted(self):
        changes = field_changes(
            FakeEvent(None, {"text": "Uusi teko", "order": 3}), {"text": "What", "order": "Order"}
        )
        assert changes[0].ops == [(INSERT, "Uusi teko")]
        assert (changes[1].kind, changes[1].before, changes[1].after) == ("value", "", "3")


class TestRendering:
    def render(self, source: str, **context) -> str:
        with translation.override("en"):
            return Template("{% load audit_tags %}" + source).render(Context(context))

    def test_the_tag_marks_deleted_and_inserted_words_for_eyes_and_screen_readers(self):
        html = self.render("{% word_diff a b %}", a="Hän seuraa oppimista.", b="Hän tukee oppimista.")
        assert html == (
            'Hän <del class="diff"><span class="visually-hidden">deleted: </span>seuraa</del>'
            '<ins class="diff"><span class="visually-hidden">inserted: </span>tukee</ins> oppimista.'
        )

    def test_the_marks_hold_words_and_the_spaces_stay_outside(self):
        html = self.render("{% word_diff a b %}", a="huolehtii koulun", b="huolehtii aina koulun")
        assert html == (
            'huolehtii <ins class="diff"><span class="visually-hidden">inserted: </span>aina</ins> koulun'
        )
        html = self.render("{% word_diff a b %}", a="yksi kaksi kolme", b="yksi kolme")
        assert html.startswith('yksi <del class="diff">') and html.endswith("kaksi</del> kolme")

    def test_html_in_the_texts_is_escaped(self):
        before = "Turvallinen <b>teksti</b>"
        after = 'Turvallinen <script>alert("x")</script> <img src=x onerror=alert(1)> teksti & muuta'
        html = self.render("{% word_diff a b %}", a=before, b=after)
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        # Without our own markup, each text reads back exactly, escaped.
        unmarked = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
        old = re.sub(r"<ins[^>]*>.*?</ins>|</?del[^>]*>", "", unmarked, flags=re.S)
        new = re.sub(r"<del[^>]*>.*?</del>|</?ins[^>]*>", "", unmarked, flags=re.S)
        assert old.split() == escape(before).split()
        assert new.split() == escape(after).split()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in new

    def test_the_history_partial_escapes_values_and_labels_and_shows_whitespace(self):
        event = AuditEvent(
            pk=1,
            actor_name="<i>Eve</i>",
            action="updated",
            before={"text": "Eka kappale.\n\nToka <u>kappale</u>.", "name": "<b>x</b>"},
            after={"text": "Eka kappale.\n\nToka <u>kappale</u> muutettu.", "name": "<b>y</b>"},
        )
        from django.template.loader import render_to_string
        from django.utils import timezone

        event.at = timezone.now()
        with translation.override("en"):
            html = render_to_string(
                "audit/_history.html",
                {"events": [event], "labels": {"text": "Text", "name": "<em>Name</em>"}},
            )
        assert "<i>" not in html and "<u>" not in html and "<em>" not in html and "<b>" not in html
        assert "By &lt;i&gt;Eve&lt;/i&gt;" in html
        assert ("ins", "muutettu") in marks(html)
        assert ("del", "x") in marks(html) and ("ins", "y") in marks(html)
        assert "Eka kappale.\n\nToka &lt;u&gt;kappale&lt;/u&gt;" in html
        assert "&lt;em&gt;Name&lt;/em&gt;" in html
