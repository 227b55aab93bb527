"""Concrete paths for every pattern of the URL conf, with a chosen value for each id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _regex_part(regex: str, number: str) -> str:
    def sample(match: re.Match) -> str:
        if match["name"] == "format":
            return "json"
        if re.fullmatch(r"[\w|]+", match["body"]):  # an alternation of literals: the admin's app labels
            return match["body"].split("|")[0]
        return number

    return GROUP.sub(sample, regex).lstrip("^").rstrip("$").replace("/?", "/").replace("\\.", ".")


def _route_part(pattern: RoutePattern, number: str) -> str:
    def sample(match: re.Match) -> str:
        converter = pattern.converters[match["name"]]
        return next(c for c in (number, "abc", ".json") if re.fullmatch(converter.regex, c))

    return CONVERTER.sub(sample, str(pattern))


def _walk(patterns, number: str, prefix: str = "") -> Iterator[tuple[str, bool]]:
    for p in patterns:
        pattern = p.pattern
        if isinstance(pattern, RoutePattern):
            part = _route_part(pattern, number)
        elif isinstance(pattern, RegexPattern):
            part = _regex_part(pattern.regex.pattern, number)
        else:
            raise AssertionError(f"unknown pattern type {pattern!r}")
        has_number = number in part
        if isinstance(p, URLResolver):
            yield from (
                (path, has or has_number) for path, has in _walk(p.url_patterns, number, prefix + part)
            )
        elif isinstance(p, URLPattern):
            yield "/" + prefix + part, has_number


def every_path(number: str = "1", *, only_with_ids: bool = False) -> list[str]:
    """One path per pattern, ids set to `number`; all checked to resolve."""
    paths = sorted(
        {path for path, has in _walk(get_resolver().url_patterns, number) if has or not only_with_ids}
    )
    unresolved = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(path)
    assert not unresolved, f"cannot build a path for: {unresolved}"
    return paths
