"""Errors that services raise and both pages and the API answer the same way."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class ObjectNotFound(Http404):
    """No such object for this actor: missing, or another municipality's — never told apart.

    A subclass of Http404, so pages answer 404 and DRF answers its plain 404 body, with the same text
    whichever the cause was."""

    def __init__(self) -> None:
        super().__init__(_("Not found."))
