"""A lint the suite enforces: pages, API, forms and template tags reach data only through selectors
(reads, scoped by the actor) and services (writes).

Like Zulip's semgrep rule, but for every query shape: in those modules any `<Model>.objects` (whatever
method follows: all, get, filter, exclude, create, aggregate…), `<Model>._default_manager` or
`_base_manager`, and `get_object_or_404(Model, …)` without a municipality filter is an offence. The one
exception is `<Model>.objects.none()`, the empty placeholder DRF and form fields are declared with
until the actor's scoped queryset replaces it. This test fails on a new offence.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()]
PATTERNS = [
    "views.py",
    "views/*.py",
    "api.py",
    "*_api.py",
    "api/*.py",
    "forms.py",
    "*_forms.py",
    "forms_*.py",
    "templatetags/*.py",
]
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def checked_modules(root: Path = ROOT) -> list[Path]:
    apps = [p for p in root.iterdir() if (p / "apps.py").exists()]
    return sorted({path for app in apps for pattern in PATTERNS for path in app.glob(pattern)})


def _offences(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            # `X.objects.none()` only: the attribute `none`, called.
            parent = parents.get(node)
            grand = parents.get(parent) if parent is not None else None
            is_none_call = (
                isinstance(parent, ast.Attribute)
                and parent.attr == "none"
                and isinstance(grand, ast.Call)
                and grand.func is parent
            )
            if not is_none_call:
                method = parent.attr if isinstance(parent, ast.Attribute) else ""
                model = ast.unparse(node.value)
                found.append(f"{where}:{node.lineno}: {model}.{node.attr}.{method}")
        is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if is_call and node.func.id == "get_object_or_404":
            first = node.args[0] if node.args else None
            scoped = any("municipality" in (kw.arg or "") for kw in node.keywords)
            if isinstance(first, ast.Name) and not scoped:
                found.append(f"{where}:{node.lineno}: get_object_or_404({first.id}, …) unscoped")
    return found


def test_pages_api_forms_and_tags_query_only_through_selectors_and_services():
    modules = checked_modules()
    names = {str(p.relative_to(ROOT)) for p in modules}
    # The lint must look where the code is: these exist today and must stay covered.
    for expected in ("roles/api.py", "roles/staff_api.py", "roles/views/tools.py", "roles/tool_forms.py",
                     "schools/forms.py", "roles/templatetags/roles_tags.py", "core/views.py"):  # fmt: skip
        assert expected in names, f"the lint does not read {expected}"
    offences = [o for path in modules for o in _offences(path)]
    assert not offences, (
        "queries outside selectors and services (move reads to a selector that takes the actor, "
        "writes to a service):\n" + "\n".join(offences)
    )


def test_the_lint_catches_every_query_shape(tmp_path):
    """The rule itself must be able to fail, for every shape, and let the placeholder through."""
    app = tmp_path / "shop"
    (app / "views").mkdir(parents=True)
    (app / "templatetags").mkdir()
    (app / "apps.py").write_text("")
    (app / "views" / "pages.py").write_text(
        "def v(r, pk):\n"
        "    School.objects.get(pk=pk)\n"
        "    School.objects.filter(pk=pk).first()\n"
        "    rows = School.objects\n"
        "    School._default_manager.all()\n"
        "    return get_object_or_404(School, pk=pk)\n"
    )
    (app / "catalog_forms.py").write_text("q = Role.objects.exclude(pk=1)\nok = Role.objects.none()\n")
    (app / "templatetags" / "tags.py").write_text("def t():\n    return Act.objects.count()\n")
    (app / "selectors.py").write_text("def s():\n    return School.objects.all()\n")  # selectors may
    modules = checked_modules(tmp_path)
    offences = [o for path in modules for o in _offences(path, tmp_path)]
    assert len(offences) == 7, offences
    assert not any("selectors" in o or "none" in o for o in offences)
