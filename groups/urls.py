from .views import documents, meetings, structure

urlpatterns = [
    *structure.urlpatterns,
    *meetings.urlpatterns,
    *documents.urlpatterns,
]
