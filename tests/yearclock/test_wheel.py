"""The year wheel as SVG: what a browser and a screen reader get (structure, links, escaping)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.utils import translation

from yearclock.selectors import entries_of
from yearclock.services import clocks
from yearclock.wheel import entry_numbers, wheel_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def entries(clock):
    return list(entries_of(clock))


def test_twelve_months_from_august_and_one_link_per_entry(city, full_clock, holidays):
    listed = entries(full_clock)
    with translation.override("fi"):
        root = parse(wheel_svg(full_clock, listed, holidays=holidays, today=datetime.date(2026, 11, 12)))

    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "yc-wheel-title yc-wheel-desc"
    assert city.school.name in root.find(f"{SVG}title").text
    assert "15" in root.find(f"{SVG}desc").text

    months = root.findall(f".//{SVG}g[@class='month']") + root.findall(f".//{SVG}g[@class='month current']")
    months.sort(key=lambda g: list(root.iter()).index(g))
    assert [int(g.get("data-month")) for g in months] == [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]
    assert months[0].find(f"{SVG}text").text == "elokuu"

    links = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in links) == sorted(f"#entry-{e.pk}" for e in listed)
    numbers = entry_numbers(listed)
    assert sorted(numbers.values()) == list(range(1, 16))
    for link in links:
        assert link.get("aria-label").startswith(f"{numbers[int(link.get('data-entry'))]}. ")


def test_a_range_over_new_year_is_one_arc(full_clock):
    listed = entries(full_clock)
    absence = next(e for e in listed if e.start_month == 11 and e.end_month == 2)
    root = parse(wheel_svg(full_clock, listed, holidays=[]))

    link = root.find(f".//{SVG}a[@data-entry='{absence.pk}']")
    assert len(link.findall(f"{SVG}path")) == 1
    assert "marraskuu–helmikuu" in link.get("aria-label")


def test_dropped_entries_are_not_drawn_and_done_ones_are_ticked(clock, city, actor_for):
    principal = actor_for(city.principal)
    first, second, third = entries(clock)
    clocks.entry_drop(actor=principal, entry=second)
    clocks.entry_set_status(actor=principal, entry=first, status="done")
    listed = entries(clock)

    root = parse(wheel_svg(clock, listed, holidays=[]))

    assert {a.get("data-entry") for a in root.findall(f".//{SVG}a")} == {str(first.pk), str(third.pk)}
    done = root.find(f".//{SVG}a[@data-entry='{first.pk}']")
    assert "status-done" in done.get("class")
    assert "✓" in "".join(done.itertext())
    assert done.find(f"{SVG}path").get("fill") == "url(#yc-wheel-done)"


def test_holidays_are_marked_and_the_current_month_highlighted(full_clock, holidays):
    listed = entries(full_clock)
    root = parse(wheel_svg(full_clock, listed, holidays=holidays, today=datetime.date(2026, 11, 12)))

    marks = root.findall(f".//{SVG}path[@class='holiday']")
    assert [m.find(f"{SVG}title").text for m in marks] == [
        "Syysloma 19.10.2026–23.10.2026",
        "Joululoma 21.12.2026–6.1.2027",
        "Talviloma 22.2.2027–26.2.2027",
    ]
    current = root.findall(f".//{SVG}g[@class='month current']")
    assert [g.get("data-month") for g in current] == ["11"]
    assert root.find(f".//{SVG}path[@class='current-month']") is not None

    outside = parse(wheel_svg(full_clock, listed, holidays=holidays, today=datetime.date(2027, 8, 20)))
    assert outside.findall(f".//{SVG}g[@class='month current']") == []


def test_themes_are_escaped(clock, city, actor_for):
    clocks.entry_add(
        actor=actor_for(city.principal),
        yearclock=clock,
        theme='<script>alert("x")</script> & "lainaus"',
        start_month=3,
        end_month=3,
    )
    svg = wheel_svg(clock, entries(clock), holidays=[])

    assert "<script>" not in svg
    root = parse(svg)  # still well-formed XML
    labels = [a.get("aria-label") for a in root.findall(f".//{SVG}a")]
    assert any('<script>alert("x")</script>' in label for label in labels)


def test_swedish_month_names_and_deterministic_output(full_clock, holidays):
    listed = entries(full_clock)
    once = wheel_svg(full_clock, listed, holidays=holidays, language="sv")
    again = wheel_svg(full_clock, entries(full_clock), holidays=holidays, language="sv")

    assert once == again
    months = parse(once).findall(f".//{SVG}g[@data-month='8']")
    assert months[0].find(f"{SVG}text").text == "augusti"
