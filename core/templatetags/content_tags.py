"""`{% load content_tags %}`: mark city content shown in another language than the page's.

    <h1{{ role.name|lang_attr }}>{{ role.name }}</h1>

renders ` lang="fi"` when `role.name` is a Finnish fallback in a Swedish or English page (see
`core.content`), nothing otherwise.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from core.content import foreign_lang

register = template.Library()


@register.filter
def lang_attr(text: object) -> str:
    lang = foreign_lang(text)
    return format_html(' lang="{}"', lang) if lang else ""
