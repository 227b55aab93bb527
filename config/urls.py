from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", include("schools.urls")),
    path("", include("notifications.urls")),
    path("", include("roles.urls")),
    path("", include("groups.urls")),
    path("", include("yearclock.urls")),
    path("", include("absences.urls")),
    path("", include("absences.case_urls")),
    path("", include("reports.urls")),
    path("accounts/", include("schools.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
]

# The admin only where ADMIN_URL puts it (by default: /admin/ with DEBUG, nowhere without).
if settings.ADMIN_URL:
    urlpatterns.append(path(settings.ADMIN_URL, admin.site.urls))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# JSON under /api/, the site's error pages elsewhere.
handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"
