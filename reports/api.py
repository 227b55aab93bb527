from rest_framework.routers import DefaultRouter

from .dashboard.api import register as register_dashboard
from .evaluation.api import register as register_evaluation
from .induction.api import register as register_induction


def register(router: DefaultRouter) -> None:
    register_dashboard(router)
    register_evaluation(router)
    register_induction(router)
