from django.urls import path

from .views import acts, catalog, pdf, people, publishing, school_pages, staff, tools

urlpatterns = [
    path("roles/", catalog.RoleListView.as_view(), name="role_list"),
    path("roles/<int:pk>/", catalog.RoleDetailView.as_view(), name="role_detail"),
    *catalog.urlpatterns,
    *tools.urlpatterns,
    *acts.urlpatterns,
    *school_pages.urlpatterns,
    *staff.urlpatterns,
    *people.urlpatterns,
    *pdf.urlpatterns,
    *publishing.urlpatterns,
]
