from .views import clocks, entries, template

urlpatterns = [
    *template.urlpatterns,
    *clocks.urlpatterns,
    *entries.urlpatterns,
]
