"""Factories for tests and benchmarks. Tenants get the standard role catalog, as real ones do."""

from __future__ import annotations

import datetime

import factory

from roles.models import Role, RoleKey, StaffAssignment
from roles.services import catalog_install_standard_roles
from schools.models import Membership, Municipality, School, SchoolYear, Stage, User

PASSWORD = "Test-password-2026"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kunta {n}")
    slug = factory.Sequence(lambda n: f"kunta-{n}")

    @factory.post_generation
    def catalog(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            catalog_install_standard_roles(municipality=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.fi")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Koulu {n}")
    stages = factory.LazyFunction(lambda: [Stage.PRIMARY, Stage.LOWER_SECONDARY])


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear

    municipality = factory.SubFactory(MunicipalityFactory)
    starts_on = datetime.date(2026, 8, 10)
    ends_on = datetime.date(2027, 7, 31)


def role(municipality: Municipality, key: str) -> Role:
    return Role.objects.get(municipality=municipality, key=key)


def member(municipality: Municipality, *, coordinator: bool = False, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, municipality=municipality, is_coordinator=coordinator)
    return user


def assign(user: User, school: School, key: str, school_year: SchoolYear) -> StaffAssignment:
    return StaffAssignment.objects.create(
        user=user, school=school, role=role(school.municipality, key), school_year=school_year
    )


class City:
    """A small municipality: one school, two school years, and the people who use them."""

    def __init__(self, name: str) -> None:
        slug = name.lower()
        self.municipality = MunicipalityFactory(name=name, slug=slug)
        m = self.municipality
        self.previous_year = SchoolYearFactory(
            municipality=m, starts_on=datetime.date(2025, 8, 11), ends_on=datetime.date(2026, 7, 31)
        )
        self.year = SchoolYearFactory(municipality=m)
        self.school = SchoolFactory(municipality=m, name=f"{name}n koulu")
        self.other_school = SchoolFactory(
            municipality=m, name=f"{name}n lukio", stages=[Stage.UPPER_SECONDARY]
        )
        self.coordinator = member(m, coordinator=True, email=f"koordinaattori@{slug}.fi", first_name="Kaisa")
        self.principal = member(m, email=f"rehtori@{slug}.fi", first_name="Riitta")
        self.teacher = member(m, email=f"opettaja@{slug}.fi", first_name="Olli")
        self.nurse = member(m, email=f"terveydenhoitaja@{slug}.fi", first_name="Tiina")
        for year in (self.previous_year, self.year):
            assign(self.principal, self.school, RoleKey.PRINCIPAL, year)
            assign(self.teacher, self.school, RoleKey.TEACHER, year)
            assign(self.nurse, self.school, RoleKey.SCHOOL_NURSE, year)


def run_seed_demo() -> str:
    """Run `manage.py seed_demo` and return what it printed."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def publishable(tool, actor, *, text: str = "Opettaja ryhmäyttää luokan syyskuussa."):
    """Give an empty tool the one act publishing needs (an empty tool is refused); returns the tool."""
    from roles import selectors as roles_selectors
    from roles import services as roles_services

    if not tool.acts.exists():
        roles_services.act_create(
            actor=actor,
            tool=tool,
            role=tool.roles.get(key=RoleKey.TEACHER),
            section=roles_selectors.sections_for(actor).first(),
            text=text,
        )
    return tool
