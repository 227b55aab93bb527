from django.urls import path

from . import views

urlpatterns = [
    path("", views.RoleListView.as_view(), name="role_list"),
    path("<int:pk>/", views.RoleDetailView.as_view(), name="role_detail"),
]
