"""The demo's pupils and absences (issue 11): classes, day rows, monthly sums, the pupils above 10 % and
20 %, and a second run that changes nothing."""

from __future__ import annotations

from django.db.models import Count, Sum

from absences.models import AbsenceDay, ClassSetting, Pupil, PupilMonth
from demo.absences_data import seed_absences
from demo.schools import KESKUSTA, POHJOINEN, TOISALA_SCHOOL, SeedReport

from ..factories import run_seed_demo


def _shares(school_name: str) -> dict[int, float]:
    """Each pupil's absence share of the lessons held, from the monthly sums."""
    rows = (
        PupilMonth.objects.filter(school__name=school_name)
        .values("pupil_id")
        .annotate(held=Sum("lessons_held"), e=Sum("excused"), u=Sum("unexcused"), o=Sum("other"))
    )
    return {r["pupil_id"]: (r["e"] + r["u"] + r["o"]) / r["held"] for r in rows}


class TestDemoAbsences:
    def test_pupils_and_classes(self, seeded):
        keskusta = Pupil.objects.filter(school__name=KESKUSTA)
        assert 55 <= keskusta.count() <= 65
        classes = dict(keskusta.values_list("group_name").annotate(n=Count("id")))
        assert set(classes) == {"3A", "5B", "7A", "8C"}
        assert 15 <= Pupil.objects.filter(school__name=POHJOINEN).count() <= 25
        assert 1 <= Pupil.objects.filter(school__name=TOISALA_SCHOOL).count() <= 8
        five_b = keskusta.filter(group_name="5B")
        assert {p.homeroom_teacher.email for p in five_b} == {"opettaja@esimerkkila.fi"}
        assert set(five_b.values_list("grade", "stage")) == {(5, "primary")}
        settings = ClassSetting.objects.filter(school__name=KESKUSTA)
        assert settings.count() == 4
        for setting in settings:
            assert 24 <= setting.weekly_lessons <= 30 and setting.homeroom_teacher is not None
        # Invented names: no pupil has a demo staff member's full name.
        assert not Pupil.objects.filter(first_name="Olli", last_name="Virtanen").exists()

    def test_day_rows_are_school_days(self, seeded):
        days = AbsenceDay.objects.filter(school__name=KESKUSTA)
        assert days.exists()
        dates = set(days.values_list("date", flat=True))
        assert all(d.weekday() < 5 for d in dates)
        assert all(5 <= h <= 7 for h in days.values_list("lessons_held", flat=True).distinct())
        one = days.first()
        holidays = one.school_year.holidays.all()
        assert not any(h.starts_on <= d <= h.ends_on for h in holidays for d in dates)
        assert days.filter(unexcused__gt=0).exists() and days.filter(excused__gt=0).exists()

    def test_pupil_months_are_the_sums_of_the_days(self, seeded):
        by_days = {
            (r["pupil_id"], r["date__month"]): r
            for r in AbsenceDay.objects.values("pupil_id", "date__month").annotate(
                n=Count("id"), held=Sum("lessons_held"), e=Sum("excused"), u=Sum("unexcused"), o=Sum("other")
            )
        }
        months = list(PupilMonth.objects.all())
        assert len(months) == len(by_days)
        for month in months:
            row = by_days[(month.pupil_id, month.month.month)]
            assert month.month.day == 1 and month.held_known
            assert (month.days, month.lessons_held, month.excused, month.unexcused, month.other) == (
                row["n"],
                row["held"],
                row["e"],
                row["u"],
                row["o"],
            )

    def test_six_pupils_above_ten_percent_and_two_above_twenty(self, seeded):
        shares = _shares(KESKUSTA)
        above_10 = {pk for pk, share in shares.items() if share >= 0.10}
        above_20 = {pk for pk, share in shares.items() if share >= 0.20}
        assert len(above_10) == 6 and len(above_20) == 2
        assert Pupil.objects.filter(pk__in=above_10, group_name="5B").count() == 2
        assert sum(1 for share in shares.values() if share < 0.07) == len(shares) - 6
        assert any(share >= 0.10 for share in _shares(POHJOINEN).values())

    def test_a_second_run_changes_nothing(self, seeded):
        counts = (Pupil.objects.count(), AbsenceDay.objects.count(), PupilMonth.objects.count())
        sums = AbsenceDay.objects.aggregate(e=Sum("excused"), u=Sum("unexcused"))
        report = SeedReport()
        seed_absences(report)
        assert not report.changed
        assert "nothing to create" in run_seed_demo()
        assert (Pupil.objects.count(), AbsenceDay.objects.count(), PupilMonth.objects.count()) == counts
        assert AbsenceDay.objects.aggregate(e=Sum("excused"), u=Sum("unexcused")) == sums
