"""The absence pages (each view module brings its own patterns)."""

from .views import classes, model

urlpatterns = [*model.urlpatterns, *classes.urlpatterns]
