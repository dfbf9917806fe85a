"""A programme (områdesatsing): documents, sub-programmes, goal tree and governance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omrade.areas.models import Area, Indicator
from omrade.tenancy.models import MunicipalUnit, Organisation, Person, TenantModel

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Under planlegging")
    ACTIVE = "active", _("Pågår")
    CLOSED = "closed", _("Avsluttet")


class PartTerms(models.TextChoices):
    """What a programme calls its parts (sub-programmes) and its areas."""

    SUB_PROGRAMMES = "sub-programmes", _("Delprogrammer og områder (områdesatsing)")
    FOCUS_AREAS = (
        "focus-areas",
        _("Innsatsområder og boligavdelinger (dansk boligsocial helhetsplan)"),
    )
    THEMES = "themes", _("Temaer og områder")


@dataclass(frozen=True)
class Terms:
    """The words for a programme's parts and areas, singular and plural, in the active
    language (each is a lazy translation)."""

    part: str | Promise
    parts: str | Promise
    area: str | Promise
    areas: str | Promise


_OMRADE = pgettext_lazy("programdel", "Område")
_OMRADER = pgettext_lazy("programdel", "Områder")
TERMS: dict[str, Terms] = {
    PartTerms.SUB_PROGRAMMES: Terms(
        pgettext_lazy("programdel", "Delprogram"),
        pgettext_lazy("programdel", "Delprogrammer"),
        _OMRADE,
        _OMRADER,
    ),
    PartTerms.FOCUS_AREAS: Terms(
        pgettext_lazy("programdel", "Innsatsområde"),
        pgettext_lazy("programdel", "Innsatsområder"),
        pgettext_lazy("programdel", "Boligavdeling"),
        pgettext_lazy("programdel", "Boligavdelinger"),
    ),
    PartTerms.THEMES: Terms(
        pgettext_lazy("programdel", "Tema"),
        pgettext_lazy("programdel", "Temaer"),
        _OMRADE,
        _OMRADER,
    ),
}


class Programme(TenantModel):  # program for områdesatsing / boligsocial helhedsplan
    name = models.CharField(_("navn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("fra år"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("til år"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    political_basis = models.TextField(
        _("politisk grunnlag"),
        blank=True,
        help_text=_("For eksempel strategien bystyret vedtok, med dato."),
    )
    mandate = models.TextField(_("mandat"), blank=True)
    target_groups = models.TextField(
        _("målgrupper"), blank=True, help_text=_("For eksempel «barn, unge og deres familier».")
    )
    themes = models.TextField(_("temaer"), blank=True)
    network = models.CharField(
        _("nettverk"),
        max_length=300,
        blank=True,
        help_text=_("Byene programmet deler kunnskap med, for eksempel KDDs byer."),
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="programmes", verbose_name=_("områder")
    )
    part_terms = models.CharField(
        _("ord for delene og områdene"),
        max_length=20,
        choices=PartTerms.choices,
        default=PartTerms.SUB_PROGRAMMES,
        help_text=_(
            "Brukes i menyer, overskrifter, skjemaer og lister på programmets sider, for "
            "eksempel «innsatsområder» og «boligavdelinger» i en dansk helhetsplan."
        ),
    )

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programmer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="programme_name_unique_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="programme_ends_after_it_starts",
                violation_error_message=_("Programmet kan ikke slutte før det begynner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.municipality.code, self.pk])

    @property
    def terms(self) -> Terms:
        return TERMS.get(self.part_terms, TERMS[PartTerms.SUB_PROGRAMMES])


class StateAgreement(models.Model):  # avtale med staten (e.g. KDD, 5 September 2023)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="agreements")
    party = models.CharField(_("part"), max_length=200)
    signed_on = models.DateField(_("inngått"))
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["signed_on"]
        verbose_name = _("avtale med staten")
        verbose_name_plural = _("avtaler med staten")

    def __str__(self) -> str:
        return f"{self.party} {date_format(self.signed_on, 'SHORT_DATE_FORMAT')}"


class DocumentKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategi")
    STATE_AGREEMENT = "state_agreement", _("Avtale med staten")
    PROGRAMME_DESCRIPTION = "programme_description", _("Programbeskrivelse")
    ACTION_PLAN = "action_plan", _("Handlingsplan")
    MUNICIPAL_PLAN = "municipal_plan", _("Kommunedelplan")
    OTHER = "other", _("Annet")


class GoverningDocument(models.Model):  # styringsdokument
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    dated = models.DateField(_("dato"), null=True, blank=True)
    version = models.CharField(_("versjon"), max_length=30, blank=True)
    file = models.FileField(_("fil"), upload_to="documents/%Y/", blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("erstatter"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-dated"]
        verbose_name = _("styringsdokument")
        verbose_name_plural = _("styringsdokumenter")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.replaces_id and self.replaces and self.replaces.programme_id != self.programme_id:
            raise ValidationError({"replaces": _("Dokumentet må høre til samme program.")})


class SubProgramme(models.Model):  # delprogram
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sub_programmes"
    )
    name = models.CharField(_("navn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    coordinator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_sub_programmes",
        verbose_name=_("koordinator"),
    )
    coordinator_share = models.DecimalField(
        _("koordinators stillingsandel (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("delprogram")
        verbose_name_plural = _("delprogrammer")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="sub_programme_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class GoalKind(models.TextChoices):
    MAIN = "main", _("Hovedmål")
    OVERARCHING = "overarching", _("Overordnet mål")
    CITIZEN = "citizen", _("Innbyggerorientert delmål")
    ORGANISATIONAL = "organisational", _("Organisatorisk delmål")


# Which kind of goal may sit under which: the seed's tree, main → overarching → sub-goals.
ALLOWED_PARENT_KIND = {
    GoalKind.MAIN: None,
    GoalKind.OVERARCHING: GoalKind.MAIN,
    GoalKind.CITIZEN: GoalKind.OVERARCHING,
    GoalKind.ORGANISATIONAL: GoalKind.OVERARCHING,
}


class Goal(models.Model):  # mål
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("type mål"), max_length=20, choices=GoalKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet mål"),
    )
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("delprogram"),
    )
    text = models.TextField(_("mål"))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        kind = GoalKind(self.kind) if self.kind else None
        if kind is None:
            return
        wanted = ALLOWED_PARENT_KIND[kind]
        parent = self.parent if self.parent_id else None
        if wanted is None and parent is not None:
            raise ValidationError(
                {"parent": _("Hovedmålet ligger øverst og har ikke noe mål over seg.")}
            )
        if wanted is not None and (parent is None or parent.kind != wanted):
            raise ValidationError(
                {
                    "parent": _("Et %(kind)s må ligge under et %(parent)s.")
                    % {"kind": kind.label.lower(), "parent": wanted.label.lower()}
                }
            )
        if parent is not None and parent.programme_id != self.programme_id:
            raise ValidationError({"parent": _("Målet over må høre til samme program.")})
        if kind is not GoalKind.MAIN and self.sub_programme_id is None:
            raise ValidationError({"sub_programme": _("Velg delprogrammet målet hører til.")})
        if self.sub_programme_id and self.sub_programme.programme_id != self.programme_id:  # type: ignore[union-attr]
            raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme program.")})


class GoalIndicator(models.Model):  # how a goal is measured: an area indicator or an own measure
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator fra områdestatistikken"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("område"),
        help_text=_("Området indikatoren måles i."),
    )
    own_measure = models.CharField(
        _("programmets eget mål"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel «andel elever som leser på forventet nivå»."),
    )
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("høyere er bedre"), default=True)
    baseline_value = models.FloatField(_("utgangsverdi"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("utgangsår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_value = models.FloatField(_("målverdi"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("målår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("måleindikator")
        verbose_name_plural = _("måleindikatorer")
        constraints = [
            models.CheckConstraint(
                condition=(Q(indicator__isnull=False) & Q(own_measure=""))
                | (Q(indicator__isnull=True) & ~Q(own_measure="")),
                name="goal_indicator_is_area_indicator_or_own_measure",
                violation_error_message=_(
                    "Velg enten en indikator fra områdestatistikken eller skriv programmets "
                    "eget mål."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(baseline_year__isnull=True)
                | Q(target_year__gt=models.F("baseline_year")),
                name="goal_indicator_target_after_baseline",
                violation_error_message=_("Målåret må komme etter utgangsåret."),
            ),
        ]

    def __str__(self) -> str:
        return self.indicator.name if self.indicator else self.own_measure

    def clean(self) -> None:
        if self.indicator_id and not self.area_id:
            raise ValidationError({"area": _("Velg området indikatoren skal måles i.")})


class Measurement(models.Model):  # a value of a programme's own measure (målepunkt)
    goal_indicator = models.ForeignKey(
        GoalIndicator, on_delete=models.CASCADE, related_name="measurements"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    value = models.FloatField(_("verdi"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(
                fields=["goal_indicator", "year"], name="measurement_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal_indicator} {self.year}: {self.value}"


class RoleKind(models.TextChoices):  # the roles of the seed's "Hvem gjør hva?"
    COMMISSIONER = "commissioner", _("Oppdragsgiver")
    OWNER = "owner", _("Programeier")
    BOARD = "board", _("Programstyret")
    MANAGER = "manager", _("Programleder")
    CHANGE_TEAM = "change_team", _("Endringsteamet")
    SUB_PROGRAMME_COORDINATOR = "coordinator", _("Delprogramkoordinator")
    AREA_DEVELOPER = "area_developer", _("Områdeutvikler")
    SUPPORT = "support", _("Programstøtte")
    RESOURCE_GROUP = "resource_group", _("Ressursgruppe")
    REFERENCE_GROUP = "reference_group", _("Referansegruppe")
    OTHER = "other", _("Annen rolle")


class ProgrammeRole(models.Model):  # a role in the programme's governance
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rolle"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    duties = models.TextField(_("oppgaver"), blank=True, help_text=_("Én oppgave per linje."))
    success_factors = models.TextField(
        _("suksessfaktorer"), blank=True, help_text=_("Én per linje.")
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("rolle i programmet")
        verbose_name_plural = _("roller i programmet")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]

    @property
    def success_factor_list(self) -> list[str]:
        return [line.strip() for line in self.success_factors.splitlines() if line.strip()]


class Occupant(models.Model):
    """Who fills a place: a person, a municipal unit, an organisation, or only an office
    (the seed names the board by office: «etatsjef Kulturetaten»), from/to dates."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("person")
    )
    unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("kommunal enhet"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("organisasjon"),
    )
    office = models.CharField(
        _("verv eller stilling"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Kommunedirektøren» eller «etatsjef Skoleetaten»."),
    )
    from_date = models.DateField(_("fra"), null=True, blank=True)
    to_date = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        names = [str(x) for x in (self.person, self.unit, self.organisation) if x is not None]
        return ", ".join([self.office, *names] if self.office else names) or "–"

    def clean(self) -> None:
        if not (self.person_id or self.unit_id or self.organisation_id or self.office):
            raise ValidationError(
                _("Oppgi hvem: en person, en enhet, en organisasjon eller et verv.")
            )
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": _("Til-datoen må være etter fra-datoen.")})


class Holder(Occupant):  # rolleinnehaver, with a share of a position (e.g. 50 %)
    role = models.ForeignKey(ProgrammeRole, on_delete=models.CASCADE, related_name="holders")
    share = models.DecimalField(
        _("stillingsandel (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    note = models.CharField(
        _("merknad"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel delprogrammet eller nærmiljøarenaen rollen gjelder."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("rolleinnehaver")
        verbose_name_plural = _("rolleinnehavere")


class BodyKind(models.TextChoices):
    BOARD = "board", _("Programstyre")
    CHANGE_TEAM = "change_team", _("Endringsteam")
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    RESOURCE_GROUP = "resource_group", _("Ressursgruppe")
    REFERENCE_GROUP = "reference_group", _("Referansegruppe")
    LOCAL_COMMITTEE = "local_committee", _("Lokalt utvalg")
    OTHER = "other", _("Annet organ")


class Body(models.Model):  # organ: board, working group, change team, resource group ...
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("type"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("delprogram"),
    )
    purpose = models.TextField(_("formål"), blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="body_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Leder")
    MEMBER = "member", _("Medlem")
    SECRETARY = "secretary", _("Sekretær")
    CANDIDATE = "candidate", _("Aktuell deltaker")
    OBSERVER = "observer", _("Observatør")


class BodyMember(Occupant):  # medlem: by office, and who holds it now where known
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(
        _("rolle i organet"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")


# --- meetings, decisions and follow-up actions ------------------------------------------------


class Meeting(models.Model):  # møte i et organ
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("organ")
    )
    starts_at = models.DateTimeField(_("tidspunkt"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    agenda_intro = models.TextField(_("innledning til sakslisten"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    is_public = models.BooleanField(
        _("offentlig møte"),
        default=False,
        help_text=_("Offentlige møter og referater kan leses av alle med en rolle i kommunen."),
    )

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")

    def __str__(self) -> str:
        return f"{self.body} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        programme = self.body.programme
        return reverse(
            "programmes:meeting_detail",
            args=[programme.municipality.code, programme.pk, self.pk],
        )


class AgendaItem(models.Model):  # sak på sakslisten
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    is_public = models.BooleanField(_("offentlig sak"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saker på sakslisten")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attendance(models.Model):  # oppmøte: a member of the body, or a name
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        BodyMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medlem"),
    )
    name = models.CharField(
        _("navn"), max_length=200, blank=True, help_text=_("For den som ikke er medlem.")
    )
    present = models.BooleanField(_("til stede"), default=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")

    def __str__(self) -> str:
        return self.name or (self.member.display_name if self.member else "–")

    def clean(self) -> None:
        if not self.member_id and not self.name.strip():
            raise ValidationError({"name": _("Velg et medlem eller skriv et navn.")})


class Decision(models.Model):  # vedtak, numbered per programme and year: «Sak 12/2024»
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("sak på sakslisten"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("saksnummer"))
    reference = models.CharField(_("saksreferanse"), max_length=40)
    text = models.TextField(_("vedtak"))
    is_public = models.BooleanField(_("offentlig vedtak"), default=False)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="decision_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "number"], name="decision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åpen")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Utført")
    CANCELLED = "cancelled", _("Avlyst")


UNFINISHED_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class FollowUpAction(models.Model):  # oppfølgingspunkt
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("vedtak"),
    )
    text = models.TextField(_("oppfølgingspunkt"))
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("ansvarlig"),
    )
    owner_unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig enhet"),
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not done or cancelled."""
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.status in UNFINISHED_ACTION_STATUSES
        )


# --- structural barriers ------------------------------------------------------------------------


class BarrierLevel(models.TextChoices):  # escalated step by step (seed 001)
    CHANGE_TEAM = "change_team", _("Endringsteamet")
    BOARD = "board", _("Programstyret")
    COMMISSIONER = "commissioner", _("Oppdragsgiver")


class BarrierStatus(models.TextChoices):
    OPEN = "open", _("Åpen")
    ESCALATED = "escalated", _("Løftet")
    RESOLVED = "resolved", _("Løst")
    REJECTED = "rejected", _("Avvist")


class Barrier(models.Model):  # strukturell barriere
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="barriers")
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("delprogram"),
    )
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    registered_at = models.DateTimeField(_("registrert"), default=timezone.now)
    level = models.CharField(
        _("nivå"), max_length=12, choices=BarrierLevel.choices, default=BarrierLevel.CHANGE_TEAM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BarrierStatus.choices, default=BarrierStatus.OPEN
    )
    resolution = models.TextField(_("avgjørelse"), blank=True)
    resolved_at = models.DateTimeField(_("avgjort"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("strukturell barriere")
        verbose_name_plural = _("strukturelle barrierer")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "programmes:barrier_detail",
            args=[self.programme.municipality.code, self.programme_id, self.pk],
        )
