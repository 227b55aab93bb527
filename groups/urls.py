from .views import documents, structure

urlpatterns = [
    *structure.urlpatterns,
    *documents.urlpatterns,
]
