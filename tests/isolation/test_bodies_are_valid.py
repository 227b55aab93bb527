"""The matrix's bodies are real: each one succeeds on the attacker's own comparable object.

For every route and method of OBJECT_ROUTES, the coordinator who is also the school's principal (who
may do everything there) sends the very body the matrix sends to the other town, to their own town's
object: the answer is a success (2xx, or a redirect with no error message and no form errors). So the
matrix's 404s come from isolation, not from a body that validation would have refused anyway.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .client import error_messages, form_errors, send
from .routes import OBJECT_ROUTES, all_routes, offered
from .towns import signed_in

_DUMMY = {"pk": 1, "role_pk": 1, "number": 1}


def _offered_for(name: str) -> list[str]:
    # The route's own parameters, filled with any number: only the view class is looked at.
    params = all_routes()[name]
    return sorted(offered(reverse(name, kwargs={p: _DUMMY[p] for p in params})))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), [(n, m) for n in OBJECT_ROUTES for m in _offered_for(n)])
def test_the_body_succeeds_on_the_attackers_own_object(towns, name, method):
    own = towns["A"]
    route = OBJECT_ROUTES[name]
    if method != "get":
        assert route.body is not None, f"{name} takes {method.upper()}: give it a body in OBJECT_ROUTES"
    client = signed_in(own.coord_principal, own)
    url = reverse(name, kwargs=route.kwargs(own))
    response = send(client, method, url, route.body(own) if route.body else {})
    assert 200 <= response.status_code < 400, (method, url, response.status_code, response.content[:500])
    assert not error_messages(response), (method, url, error_messages(response))
    assert not form_errors(response), (method, url, form_errors(response))
