"""Assertions shared by the suite: query counts that must not grow, and axe-core accessibility."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def assert_queries_constant(
    fn: Callable[[], object], grow: Callable[[], object], *, at_most: int | None = None
) -> int:
    """Run `fn`, add rows with `grow`, run `fn` again: the number of queries must not change.

    Returns the count so a test can also pin a ceiling.
    """
    fn()  # warm caches (content types, sessions) so they do not count once and not the next time
    before = count_queries(fn)
    grow()
    after = count_queries(fn)
    assert before == after, f"queries grew with the rows: {before} -> {after}"
    if at_most is not None:
        assert after <= at_most, f"{after} queries, at most {at_most} expected"
    return after


def assert_accessible(page, *, context: str = "") -> None:
    """No serious or critical axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    detail = "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in bad
    )
    assert not bad, f"axe-core violations {context or page.url}: {detail}"
