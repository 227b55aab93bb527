"""Content a city writes once for all its schools, in Finnish and Swedish.

Texts such as role names, descriptions, responsibilities and act sections are kept as parallel
fields: a required Finnish one (`name_fi`, `description`, `text`) and an optional Swedish one
(`name_sv`, `description_sv`, `text_sv`). Parallel fields rather than django-modeltranslation because
the project already keeps `*_fi`/`*_sv` pairs everywhere (forms, API, frozen documents, audit), and
because the language of the content does not follow the active UI language alone: a school's PDF is
in the school's language and an e-mail in the recipient's, while the page follows the reader.
modeltranslation picks the field from the active language behind the attribute; here the caller
says which language it wants (`localized(fi, sv, language)`), and the answer carries the language
of the text it returns, so templates can mark a Finnish fallback with `lang="fi"`.

English has no content of its own: the English UI shows the Finnish text, marked as Finnish.
"""

from __future__ import annotations

from django.utils.translation import get_language

FINNISH = "fi"
SWEDISH = "sv"


class LocalizedText(str):
    """A content text that knows its language (`fi` or `sv`); otherwise an ordinary string."""

    lang: str

    def __new__(cls, text: str, lang: str) -> LocalizedText:
        value = super().__new__(cls, text or "")
        value.lang = lang
        return value

    def __reduce__(self):  # keep the language through pickling (the page cache, Celery)
        return (LocalizedText, (str(self), self.lang))


def content_language(language: str | None = None) -> str:
    """The content language that serves `language` (the active one by default): Swedish for Swedish,
    Finnish for everything else."""
    language = language if language is not None else (get_language() or FINNISH)
    return SWEDISH if language.lower().startswith(SWEDISH) else FINNISH


def localized(finnish: str, swedish: str = "", language: str | None = None) -> LocalizedText:
    """The Swedish text when Swedish is wanted and one is written, else the Finnish one."""
    if content_language(language) == SWEDISH and swedish:
        return LocalizedText(swedish, SWEDISH)
    return LocalizedText(finnish, FINNISH)


def foreign_lang(text: object, language: str | None = None) -> str:
    """The language to mark on `text` when it differs from `language` (the active UI language by
    default), else "": Finnish text in a Swedish or English page is marked `lang="fi"`."""
    lang = getattr(text, "lang", None)
    if not lang:
        return ""
    language = (language if language is not None else get_language() or FINNISH).lower()
    return "" if language.startswith(lang) else lang
