from .views import imports

urlpatterns = [
    *imports.urlpatterns,
]
