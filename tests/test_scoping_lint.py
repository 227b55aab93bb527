"""A lint the suite enforces: pages and API reach tenant data only through scoped selectors.

Like Zulip's semgrep rule: in view and API modules, no `Model.objects.all()`, no `Model.objects.get()`
and no `get_object_or_404(Model, ...)` without a municipality filter — those are how an unscoped
read slips in. Reads belong in selectors (which take the actor); this test fails on a new one.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW_AND_API_MODULES = [
    *ROOT.glob("*/views/*.py"),
    *ROOT.glob("*/views.py"),
    *ROOT.glob("*/api.py"),
    *ROOT.glob("*/api_base.py"),
]


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"all", "get"}
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .objects.{func.attr}()")
        if isinstance(func, ast.Name) and func.id == "get_object_or_404" and node.args:
            first = node.args[0]
            scoped = any("municipality" in (kw.arg or "") for kw in node.keywords)
            if isinstance(first, ast.Name) and not scoped:
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: get_object_or_404({first.id}, …) unscoped"
                )
    return found


def test_views_and_api_read_tenant_data_only_through_selectors():
    assert VIEW_AND_API_MODULES, "no view modules found: the lint is looking in the wrong place"
    offences = [o for path in VIEW_AND_API_MODULES for o in _offences(path)]
    assert not offences, "unscoped reads in views/API (use a selector that takes the actor):\n" + "\n".join(
        offences
    )


def test_the_lint_catches_an_unscoped_read(tmp_path):
    """The rule itself must be able to fail."""
    bad = tmp_path / "views.py"
    bad.write_text(
        "def v(r, pk):\n    School.objects.get(pk=pk)\n    return get_object_or_404(School, pk=pk)\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert len(_offences(bad)) == 2
    finally:
        ROOT = saved
