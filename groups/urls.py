from .views import documents

urlpatterns = [
    *documents.urlpatterns,
]
