from .views import structure

urlpatterns = [
    *structure.urlpatterns,
]
