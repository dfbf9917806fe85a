"""Tenants (municipalities), the units and organisations that work in them, people and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Country(models.TextChoices):
    NORWAY = "NO", _("Norge")
    DENMARK = "DK", _("Danmark")


class Language(models.TextChoices):
    BOKMAL = "nb", _("Norsk bokmål")
    DANISH = "da", _("Dansk")
    ENGLISH = "en", _("English")


# Norwegian kommunenummer have four digits (0301 Oslo, 3107 Fredrikstad);
# Danish kommunekoder three (101 København, 607 Fredericia).
MUNICIPALITY_CODE_LENGTH = {Country.NORWAY: 4, Country.DENMARK: 3}


class Municipality(models.Model):  # kommune / kommune (DK): the tenant
    code = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    country = models.CharField(_("land"), max_length=2, choices=Country.choices)
    default_language = models.CharField(
        _("standardspråk"), max_length=5, choices=Language.choices, default=Language.BOKMAL
    )
    # The map background (tenancy.tiles): empty means the country's default source.
    tile_url = models.CharField(
        _("bakgrunnskart (URL-mal)"),
        max_length=500,
        blank=True,
        help_text=_(
            "XYZ- eller WMTS-mal med {z}, {x} og {y}, for eksempel "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Tom: landets standardkart."
        ),
    )
    tile_attribution = models.CharField(
        _("kreditering for bakgrunnskartet"),
        max_length=200,
        blank=True,
        help_text=_("Vises i hjørnet av kartet, for eksempel «© Kartverket»."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("shell:dashboard", kwargs={"municipality_code": self.code})

    def clean(self) -> None:
        if self.tile_url:  # the Django admin edits it too
            from omrade.tenancy.tiles import validate_tile_url

            validate_tile_url(self.tile_url)
        expected = MUNICIPALITY_CODE_LENGTH.get(Country(self.country)) if self.country else None
        if expected and (not self.code.isdigit() or len(self.code) != expected):
            raise ValidationError(
                {
                    "code": _("Kommunenummeret må ha %(digits)s sifre for %(country)s.")
                    % {"digits": expected, "country": Country(self.country).label}
                }
            )


class TenantQuerySet(models.QuerySet):
    """The one way non-public rows are read: always through a municipality."""

    def in_municipality(self, municipality: Municipality) -> TenantQuerySet:
        return self.filter(municipality=municipality)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> TenantQuerySet:
        from omrade.tenancy.selectors import municipality_ids_for_user

        if not user.is_authenticated:
            return self.none()
        if getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(municipality_id__in=municipality_ids_for_user(user))


class TenantModel(models.Model):
    """Base for every row that belongs to one municipality and is not public by default."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class UnitKind(models.TextChoices):
    SECTION = "section", _("Seksjon")
    DEPARTMENT = "department", _("Etat")
    SERVICE = "service", _("Virksomhet")
    OFFICE = "office", _("Kontor")
    OTHER = "other", _("Annet")


class MunicipalUnit(TenantModel):  # etat / seksjon / virksomhet
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet enhet"),
    )
    head_title = models.CharField(
        _("leders tittel"), max_length=200, blank=True, help_text=_("For eksempel «etatsjef».")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommunal enhet")
        verbose_name_plural = _("kommunale enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unit_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("Overordnet enhet må høre til samme kommune.")})


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("Frivillig organisasjon")
    BUSINESS = "business", _("Næringsliv")
    HOUSING_ASSOCIATION = "housing", _("Boligorganisasjon")
    SCHOOL = "school", _("Skole")
    UNIVERSITY = "university", _("Universitet eller høgskole")
    STATE_BODY = "state", _("Statlig organ")
    REGIONAL_BODY = "regional", _("Fylkeskommune")
    LOCAL_COMMITTEE = "local_committee", _("Lokalsamfunnsutvalg")
    OTHER = "other", _("Annet")


class Organisation(TenantModel):  # samarbeidspartner outside the municipal organisation
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        help_text=_("Norsk organisasjonsnummer (9 sifre) eller dansk CVR-nummer (8 sifre)."),
    )
    website = models.URLField(_("nettside"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from omrade.tenancy.organisation_numbers import organisation_number_problem

        number = self.organisation_number
        if number and self.municipality_id is not None:
            danish = self.municipality.country == Country.DENMARK
            problem = organisation_number_problem(number, danish=danish)
            if problem:
                raise ValidationError({"organisation_number": problem})


class Person(TenantModel):  # a person who takes part in the work; contact details are not public
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("kommunal enhet"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisasjon"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("brukerkonto"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit and self.unit.municipality_id != self.municipality_id:
            errors["unit"] = _("Enheten må høre til samme kommune.")
        if (
            self.organisation_id
            and self.organisation
            and self.organisation.municipality_id != self.municipality_id
        ):
            errors["organisation"] = _("Organisasjonen må høre til samme kommune.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Plattformadministrator")
    MUNICIPAL_ADMIN = "municipal_admin", _("Kommuneadministrator")
    PROGRAMME_MANAGER = "programme_manager", _("Programleder")
    COORDINATOR = "coordinator", _("Koordinator")
    BOARD_MEMBER = "board_member", _("Styremedlem")
    ANALYST = "analyst", _("Analytiker")
    GRANT_OFFICER = "grant_officer", _("Saksbehandler tilskudd")
    FINANCE_OFFICER = "finance_officer", _("Økonomi")
    VIEWER = "viewer", _("Leser")


MUNICIPAL_ROLES = [role for role in Role if role is not Role.PLATFORM_ADMIN]


class RoleAssignment(models.Model):  # a user's role in one municipality (platform admin: none)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("bruker"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("kommune"),
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "role"]
        verbose_name = _("rolletildeling")
        verbose_name_plural = _("rolletildelinger")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="role_assignment_unique"
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.PLATFORM_ADMIN) & Q(municipality__isnull=True))
                | (~Q(role=Role.PLATFORM_ADMIN) & Q(municipality__isnull=False)),
                name="role_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.municipality.name if self.municipality else _("alle kommuner")
        return f"{self.user} – {self.get_role_display()} ({where})"


class ApiToken(models.Model):  # personal token for the API; only its hash is stored
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
