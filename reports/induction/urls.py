from django.urls import path

from . import views

urlpatterns = [
    path("induction-pack/", views.InductionPackView.as_view(), name="induction_pack"),
    path(
        "induction-pack/<int:pk>/status/",
        views.InductionPackStatusView.as_view(),
        name="induction_pack_status",
    ),
    path(
        "induction-pack/<int:pk>/download/",
        views.InductionPackDownloadView.as_view(),
        name="induction_pack_download",
    ),
]
