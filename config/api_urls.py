"""The REST API: /api/v1/ (router root lists the endpoints), /api/schema/ and /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import MemberAPIRootView
from roles.api import register as register_roles
from schools.api import register as register_schools

router = DefaultRouter()
router.APIRootView = MemberAPIRootView
register_schools(router)
register_roles(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
