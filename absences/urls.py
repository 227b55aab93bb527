from .views import standings

urlpatterns = [
    *standings.urlpatterns,
]
