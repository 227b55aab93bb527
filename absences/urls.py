from .views import imports, standings

urlpatterns = [
    *imports.urlpatterns,
    *standings.urlpatterns,
]
