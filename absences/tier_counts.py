"""`TierCount`: pupils per tier, pre-aggregated per school, month, stage and class for the dashboards.

Kept out of `models.py` (another helper's room while the app is being built); imported in
`AbsencesConfig.ready()` so the app registry knows it. When merging, a one-line import in `models.py`
(`from .tier_counts import TierCount  # noqa: F401`) is the tidier home.

A row is a snapshot: `recompute_for_school` replaces the rows of the school's current month, so the
months of a school year keep the standing as it was at the last recompute of each month. Aggregates
(school and city pages, API) read only these rows and `PupilMonth`, never the day rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality, School, SchoolYear, Stage


class TierCount(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", db_index=False)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("month"))  # the first day
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    group_name = models.CharField(_("class"), max_length=40, blank=True)
    # The highest tier the pupils of the row reached; null: below every tier.
    tier = models.ForeignKey("absences.Tier", on_delete=models.CASCADE, null=True, related_name="+")
    pupils = models.PositiveIntegerField(_("pupils"), default=0)
    # Of them, pupils with an open case that has an attendance-support plan.
    with_plan = models.PositiveIntegerField(_("with a plan"), default=0)

    class Meta:
        app_label = "absences"
        verbose_name = _("tier count")
        verbose_name_plural = _("tier counts")
        indexes = [
            models.Index(fields=["municipality", "school_year", "school", "month"], name="tiercount_city"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.month:%Y-%m} {self.group_name} {self.tier_id}: {self.pupils}"
