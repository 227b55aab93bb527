"""Word-level differences for the histories: which words were inserted and which deleted.

Texts are split into words, punctuation and whitespace, and the whitespace is kept as tokens, so
joining the pieces gives back each text exactly as it was (line breaks and paragraphs included).
Lists (responsibility lines, months) are compared item by item: an edited line shows its own word
difference, a line that only changed place is shown as moved.

`field_changes(event, labels)` turns one audit event into what the history partial shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
Op = tuple[str, str]

# Words (letters with å ä ö and digits), runs of punctuation, runs of whitespace: every character
# falls in exactly one, so "".join(tokens(text)) == text.
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
# Below this similarity two lines in the same place are a removal and an addition, not an edit.
SAME_LINE_RATIO = 0.5


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _matcher(a: Sequence[str], b: Sequence[str]) -> SequenceMatcher:
    # No autojunk: in a long text it would ignore the commonest tokens (spaces, "ja", "the") and
    # the matching would fall apart. The spaces this matches between two changes are joined in _tidy.
    return SequenceMatcher(None, a, b, autojunk=False)


def word_diff(before: str, after: str) -> list[Op]:
    """(op, text) pieces, op one of "equal", "insert", "delete", in reading order.

    The equal and deleted pieces join to `before`, the equal and inserted ones to `after`.
    A replaced phrase is one deletion followed by one insertion."""
    a, b = tokens(before), tokens(after)
    raw: list[Op] = []
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "equal":
            raw.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            raw.append((INSERT, "".join(b[j1:j2])))
    return _tidy(raw)


def _merge(ops: list[Op]) -> list[Op]:
    """Neighbouring equal pieces joined; each run of changes as one deletion then one insertion."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append((DELETE, "".join(deleted)))
        if inserted:
            out.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op, text in ops:
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
        else:
            (deleted if op == DELETE else inserted).append(text)
    flush()
    return out


def _change_size(ops: list[Op], start: int, step: int) -> int:
    """The length of the run of changes next to `start` (before it with step -1, after with +1)."""
    sizes = {DELETE: 0, INSERT: 0}
    i = start + step
    while 0 <= i < len(ops) and ops[i][0] != EQUAL:
        sizes[ops[i][0]] += len(ops[i][1])
        i += step
    return max(sizes.values())


def _tidy(raw: list[Op]) -> list[Op]:
    """Absorb a short equal piece between two changes at least as long as it (the "semantic
    cleanup" of diff-match-patch): a rewritten sentence that happens to keep a space, a "ja" or a
    full stop reads as one replaced phrase, not as a comb of one-word changes. A small edit in a long
    text keeps its long equal neighbours and stays word-sized."""
    ops = _merge(raw)
    index = 1
    while index < len(ops) - 1:
        op, text = ops[index]
        if op == EQUAL:
            before, after = _change_size(ops, index, -1), _change_size(ops, index, 1)
            if before and after and len(text) <= min(before, after):
                ops = _merge([*ops[:index], (DELETE, text), (INSERT, text), *ops[index + 1 :]])
                index = max(index - 2, 1)  # the merged run may now swallow an earlier equality
                continue
        index += 1
    return ops


def similarity(before: str, after: str) -> float:
    return _matcher(tokens(before), tokens(after)).ratio()


@dataclass(frozen=True)
class LineChange:
    """One item of a list: "equal", "changed" (with its word difference), "inserted", "deleted",
    "moved_here" or "moved_away" (the same text removed in one place and added in another)."""

    kind: str
    ops: tuple[Op, ...]

    @property
    def text(self) -> str:
        return "".join(text for op, text in self.ops if op != DELETE)


def line_diff(before: Sequence[str], after: Sequence[str]) -> list[LineChange]:
    """Item-by-item difference of two lists of strings, in the order of the new list with removed
    items where they were."""
    before, after = list(before), list(after)
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            removed.update(before[i1:i2])
            added.update(after[j1:j2])
    moved_away, moved_here = removed & added, removed & added

    out: list[LineChange] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.extend(LineChange(EQUAL, ((EQUAL, line),)) for line in before[i1:i2])
            continue
        gone: list[str] = []
        for line in before[i1:i2]:
            if moved_away[line] > 0:
                moved_away[line] -= 1
                out.append(LineChange("moved_away", ((DELETE, line),)))
            else:
                gone.append(line)
        new: list[tuple[str, bool]] = []  # (line, moved here from elsewhere)
        for line in after[j1:j2]:
            moved = moved_here[line] > 0
            if moved:
                moved_here[line] -= 1
            new.append((line, moved))
        # A removed and an added line in the same place that still look alike were edited: pair them
        # in order and show the edit's word difference instead of a removal and an addition.
        fresh = iter(range(len(gone)))
        for line, moved in new:
            if moved:
                out.append(LineChange("moved_here", ((INSERT, line),)))
                continue
            k = next(fresh, None)
            if k is None:
                out.append(LineChange("inserted", ((INSERT, line),)))
            elif similarity(gone[k], line) >= SAME_LINE_RATIO:
                out.append(LineChange("changed", tuple(word_diff(gone[k], line))))
            else:
                out.append(LineChange("deleted", ((DELETE, gone[k]),)))
                out.append(LineChange("inserted", ((INSERT, line),)))
        out.extend(LineChange("deleted", ((DELETE, old),)) for old in gone[next(fresh, len(gone)) :])
    return out


# --- One event, field by field --------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """How the history shows one field: its label and, optionally, `format(value)` turning a stored
    value into a text (or a list of texts, shown item by item), e.g. months into month names."""

    label: str | Promise
    format: Callable[[Any], Any] | None = None


@dataclass
class FieldChange:
    """What one event did to one field. `kind` is "text" (word difference in `ops`), "lines" (item
    by item in `lines`) or "value" (`before` -> `after`, e.g. a yes/no or a person)."""

    name: str
    label: str | Promise
    kind: str
    ops: list[Op] = field(default_factory=list)
    lines: list[LineChange] = field(default_factory=list)
    before: str = ""
    after: str = ""


def _display(value: Any, formatter: Callable[[Any], Any] | None) -> Any:
    if value is None:
        return None
    if formatter is not None:
        return formatter(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list | tuple):
        return [_display(item, None) or "" for item in value]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _as_lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def field_changes(event: Any, labels: Mapping[str, str | Promise | Field]) -> list[FieldChange]:
    """The fields of `labels` (in its order) that the event changed; other fields are not shown."""
    before, after = event.before or {}, event.after or {}
    changes: list[FieldChange] = []
    for name, spec in labels.items():
        if name not in before and name not in after:
            continue
        old, new = before.get(name), after.get(name)
        if event.before is not None and event.after is not None and old == new:
            continue  # kept only to say what the row was about
        spec = spec if isinstance(spec, Field) else Field(spec)
        shown_old, shown_new = _display(old, spec.format), _display(new, spec.format)
        if isinstance(shown_old, list) or isinstance(shown_new, list):
            lines = line_diff(_as_lines(shown_old), _as_lines(shown_new))
            changes.append(FieldChange(name, spec.label, "lines", lines=lines))
        elif isinstance(old, str | None) and isinstance(new, str | None) and spec.format is None:
            if not old and not new:
                continue
            changes.append(FieldChange(name, spec.label, "text", ops=word_diff(old or "", new or "")))
        else:
            changes.append(
                FieldChange(name, spec.label, "value", before=shown_old or "", after=shown_new or "")
            )
    return changes
