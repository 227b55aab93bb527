"""Page mixins built on the schools app's policy."""

from __future__ import annotations

from core.views import PolicyRequiredMixin

from ..policies import organisation


class OrganisationManagerRequiredMixin(PolicyRequiredMixin):
    """The pages that manage schools, school years and people (organisation policy: `manage`)."""

    policy = organisation
    policy_action = "manage"
