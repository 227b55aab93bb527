from django.http import HttpRequest


def tenancy(request: HttpRequest) -> dict:
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        "active_municipality": actor.municipality if actor else None,
        "switchable_municipalities": actor.municipalities if actor else (),
    }
