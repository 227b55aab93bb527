"""Clients for the API: token-authenticated, optionally naming the municipality in X-Municipality."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """api(user, municipality=None) → an APIClient authenticated with the user's token."""

    def make(user, municipality=None) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
        if municipality is not None:
            headers["HTTP_X_MUNICIPALITY"] = str(municipality.pk)
        client.credentials(**headers)
        return client

    return make
