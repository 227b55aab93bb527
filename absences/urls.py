"""The absence pages (each view module brings its own patterns)."""

from .views import classes, imports, model, standings

urlpatterns = [*model.urlpatterns, *classes.urlpatterns, *imports.urlpatterns, *standings.urlpatterns]
