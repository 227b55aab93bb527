"""A roles-tool document's texts (the dict of `selectors.tool_document`, live or frozen) in one language.

The page reading a document asks for the reader's UI language, the PDF for the school's language
(`documents.document_language`). Each answer is a `core.content.LocalizedText` carrying the language
it is in, so a Finnish fallback can be marked `lang="fi"`. Documents frozen before the catalog had
Swedish descriptions and responsibilities simply lack those keys and read in Finnish.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.content import LocalizedText, localized


def doc_name(item: Mapping[str, Any], language: str | None = None) -> LocalizedText:
    """A document role's or section's name."""
    return localized(item.get("name_fi") or "", item.get("name_sv") or "", language)


def doc_description(role: Mapping[str, Any], language: str | None = None) -> LocalizedText:
    return localized(role.get("description") or "", role.get("description_sv") or "", language)


def doc_responsibilities(role: Mapping[str, Any], language: str | None = None) -> list[LocalizedText]:
    """The role's responsibilities, each line Swedish where its Swedish line is written."""
    finnish = role.get("responsibilities") or []
    swedish = role.get("responsibilities_sv") or []
    return [
        localized(text, swedish[i] if i < len(swedish) else "", language)
        for i, text in enumerate(finnish)
        if text
    ]
