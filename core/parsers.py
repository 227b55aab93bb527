"""The API's JSON parser: only what our models can hold, never a 500 for a strange body.

DRF's own parser accepts numbers and nesting that later fail deep inside a view: `1e309` becomes
infinity (int() of it is an OverflowError), an integer past 64 bits cannot be bound to a query, and
JSON nested a few thousand levels deep raises RecursionError. Each of them is a 400 here.
"""

from __future__ import annotations

import codecs
import json
import math
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json as drf_json

from .access import MAX_ID

# Far deeper than any body of this API (two or three levels), far shallower than Python's stack.
MAX_DEPTH = 64


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(_("Number out of range."))
    return value


def _int64(text: str) -> int:
    value = int(text)
    if not -MAX_ID - 1 <= value <= MAX_ID:
        raise ValueError(_("Number out of range."))
    return value


def _too_deep(data: Any, limit: int) -> bool:
    """True when containers nest deeper than `limit` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class StrictJSONParser(JSONParser):
    """JSON without NaN/Infinity, with finite floats, 64-bit integers and at most MAX_DEPTH levels."""

    max_depth = MAX_DEPTH

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = json.load(
                codecs.getreader(get_encoding(parser_context or {}))(stream),
                parse_constant=drf_json.strict_constant,
                parse_float=_finite_float,
                parse_int=_int64,
            )
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        if _too_deep(data, self.max_depth):
            raise ParseError(_("JSON parse error - nested too deeply."))
        return data
