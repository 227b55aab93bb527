from django.urls import include, path

urlpatterns = [
    path("", include("reports.dashboard.urls")),
    path("", include("reports.evaluation.urls")),
    path("", include("reports.induction.urls")),
]
