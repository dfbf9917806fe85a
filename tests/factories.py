"""factory_boy factories for every model. Each app adds its own section."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from omrade.areas.models import (
    Area,
    AreaLevel,
    Baseline,
    BaselineValue,
    Direction,
    IndexDefinition,
    Indicator,
    Observation,
    Unit,
)
from omrade.areas.statuses import ValueStatus
from omrade.tenancy import services
from omrade.tenancy.models import (
    ApiToken,
    Country,
    Municipality,
    MunicipalUnit,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    UnitKind,
)

PASSWORD = "test-password-1"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # Four digits whatever the sequence has reached (PostgreSQL enforces max_length=4).
    code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    country = Country.NORWAY


class MunicipalUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalUnit

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Etat {n}")
    kind = UnitKind.DEPARTMENT


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    kind = OrganisationKind.NGO


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.VIEWER


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row; use `services.token_create` when the test needs the secret key."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    prefix = factory.Sequence(lambda n: f"omr_{n:06d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")


def user_with_role(role: Role, municipality: Municipality | None, username: str | None = None):
    """A user holding one role, granted through the real service (platform admins get staff)."""
    user = UserFactory(**({"username": username} if username else {}))
    services.role_grant(by=None, user=user, role=role, municipality=municipality)
    return user


# --- areas ---------------------------------------------------------------------------


class AreaLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaLevel
        django_get_or_create = ("municipality", "code")

    municipality = factory.SubFactory(MunicipalityFactory)
    code = "bydel"
    name = "Bydel"
    depth = 1


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    level = factory.SubFactory(AreaLevelFactory)
    municipality = factory.SelfAttribute("level.municipality")
    code = factory.Sequence(lambda n: f"{n:04d}")
    name = factory.Sequence(lambda n: f"Område {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name_nb = factory.Sequence(lambda n: f"Indikator {n}")
    name_da = factory.Sequence(lambda n: f"Indikator {n} (da)")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Unit.PERCENT
    direction = Direction.HIGHER_IS_WORSE
    min_count = 5


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    area = factory.SubFactory(AreaFactory)
    municipality = factory.SelfAttribute("area.municipality")
    indicator = factory.SubFactory(IndicatorFactory)
    period_code = "2024"
    period_kind = "year"
    period_start = factory.LazyFunction(lambda: timezone.datetime(2024, 1, 1).date())
    period_end = factory.LazyFunction(lambda: timezone.datetime(2024, 12, 31).date())
    value = 10.0
    status = ValueStatus.OK
    imported_at = factory.LazyFunction(timezone.now)


class IndexDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndexDefinition

    level = factory.SubFactory(AreaLevelFactory)
    municipality = factory.SelfAttribute("level.municipality")
    name = factory.Sequence(lambda n: f"Indeks {n}")
    method = "zscore"
    weights = factory.LazyFunction(dict)


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Baseline

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Nullpunkt {n}")
    period_code = "2023"


class BaselineValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaselineValue

    baseline = factory.SubFactory(BaselineFactory)
    area = factory.SubFactory(AreaFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 10.0
    status = ValueStatus.OK
