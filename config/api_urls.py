"""The REST API: /api/v1/ (router root lists the endpoints), /api/schema/ and /api/docs/."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from absences.api import register as register_absences
from absences.api_cases import register as register_absence_cases
from absences.api_standings import register as register_absence_standings
from core.api import MemberAPIRootView
from groups.api import register as register_groups
from reports.api import register as register_reports
from roles.api import register as register_roles
from schools.api import register as register_schools
from yearclock.api import register as register_yearclock

# No `.json` suffix routes: the router passes `format=` to every action, and the custom actions do
# not take it (a TypeError, so a 500, for e.g. /roles/1/history.json/). `?format=json` still works.
router = DefaultRouter()
router.include_format_suffixes = False
router.APIRootView = MemberAPIRootView
register_schools(router)
register_roles(router)
register_groups(router)
register_yearclock(router)
register_absences(router)
register_absence_standings(router)
register_absence_cases(router)
register_reports(router)

# Swagger UI with its start-up script served as a file (the split view) and our own page template
# without inline code; its stylesheet draws icons from data: URIs, allowed on this page alone.
api_docs = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
]
