"""factory_boy factories shared by every test module."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from woonmonitor.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from woonmonitor.allocation import models as allocation
from woonmonitor.areas.models import Area, Boundary, KeyFigure, Level, Region, RegionMember
from woonmonitor.imports.models import ImportRun
from woonmonitor.monitor.models import (
    Aggregation,
    AreaGroup,
    Computation,
    DisclosureKind,
    Indicator,
    IndicatorValue,
    Polarity,
    SourceKind,
    Unit,
    ValueOrigin,
    ValueStatus,
)
from woonmonitor.monitor.models import Theme as MonitorTheme


class ImportRunFactory(DjangoModelFactory):
    class Meta:
        model = ImportRun

    command = "load_test"
    source = "CBS testbron"
    status = ImportRun.Status.SUCCEEDED


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code", "vintage")

    vintage = 2024
    level = Level.MUNICIPALITY
    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")

    class Params:
        province = factory.Trait(
            level=Level.PROVINCE, code=factory.Sequence(lambda n: f"PV{20 + n % 80:02d}")
        )
        district = factory.Trait(
            level=Level.DISTRICT, code=factory.Sequence(lambda n: f"WK{900000 + n:06d}")
        )
        neighbourhood = factory.Trait(
            level=Level.NEIGHBOURHOOD, code=factory.Sequence(lambda n: f"BU{90000000 + n:08d}")
        )


class BoundaryFactory(DjangoModelFactory):
    class Meta:
        model = Boundary

    area = factory.SubFactory(AreaFactory)
    source = "CBS wijk- en buurtkaart (test)"
    geometry = factory.LazyFunction(
        lambda: {
            "type": "Polygon",
            "coordinates": [[[6.8, 52.9], [6.9, 52.9], [6.9, 53.0], [6.8, 53.0], [6.8, 52.9]]],
        }
    )


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    area = factory.SubFactory(AreaFactory)
    key = "inhabitants"
    value = 1000
    reference_date = "2024-01-01"
    source = "CBS Kerncijfers wijken en buurten 2024 (85984NED)"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")


class RegionMemberFactory(DjangoModelFactory):
    class Meta:
        model = RegionMember

    region = factory.SubFactory(RegionFactory)
    municipality_code = "GM1681"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MUNICIPALITY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "wachtwoord-voor-tests")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.READER


# --------------------------------------------------------------------------- agreements
import datetime as _dt  # noqa: E402

from woonmonitor.agreements.masking import source_status  # noqa: E402
from woonmonitor.agreements.models import (  # noqa: E402
    Agreement,
    AgreementStatus,
    Commitment,
    NumberCell,
    NumberTable,
    Party,
    Target,
    Theme,
)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    title = "Prestatieafspraken 2023"
    municipality = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MUNICIPALITY)
    municipality_code = factory.LazyAttribute(lambda o: o.municipality.area_code or "GM1681")
    period_start = _dt.date(2023, 1, 1)
    period_end = _dt.date(2023, 12, 31)
    edition = 2023
    status = AgreementStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=AgreementStatus.DRAFT)


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    abbreviation = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda o: o.organisation.name if o.organisation else "Partij")
    kind = factory.LazyAttribute(
        lambda o: o.organisation.kind if o.organisation else OrganisationKind.OTHER
    )
    order = factory.Sequence(lambda n: n)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    agreement = factory.SubFactory(AgreementFactory)
    code = factory.Sequence(lambda n: chr(ord("A") + n % 26) + str(n // 26 or ""))
    title = "Voldoende geschikte en betaalbare woningen"
    vision = "Visie op het thema."
    order = factory.Sequence(lambda n: n)


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    theme = factory.LazyAttribute(lambda o: ThemeFactory(agreement=o.agreement))
    number = factory.Sequence(lambda n: f"A{n + 1}")
    order = factory.Sequence(lambda n: n)
    content = "Minimaal 90% van de woningvoorraad heeft een huurprijs tot de 2e aftoppingsgrens."
    result = "Betaalbare sociale huurvoorraad"
    period = "2021-2024"
    period_start = 2021
    period_end = 2024
    year_entry_label = "Jaarschijf 2023"
    year_entry = "Continueren"

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)


class NumberTableFactory(DjangoModelFactory):
    class Meta:
        model = NumberTable

    agreement = factory.SubFactory(AgreementFactory)
    key = factory.Sequence(lambda n: f"tabel-{n}")
    title = "Planning"
    kind = NumberTable.Kind.PRODUCTION
    period = "2023-2027"
    columns = factory.LazyFunction(lambda: ["Borger-Odoorn", "2023", "2024"])
    order = factory.Sequence(lambda n: n)


class NumberCellFactory(DjangoModelFactory):
    class Meta:
        model = NumberCell

    table = factory.SubFactory(NumberTableFactory)
    row = 0
    row_label = "Nieuwbouw"
    measure = "new_build"
    col = factory.Sequence(lambda n: n)
    column = "2023"
    raw = "10"
    value = 10
    year = 2023
    # as the importer sets it: readable with a value, else masked/unreadable/empty from the raw
    status = factory.LazyAttribute(lambda cell: source_status(cell.raw, cell.value))


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    commitment = factory.SubFactory(CommitmentFactory)
    key = factory.Sequence(lambda n: f"doel-{n}")
    description = "Nieuwe standplaatsen"
    kind = "cumulative"
    measure = "new_pitches"
    comparison = "gte"
    value = 17
    unit = "standplaatsen"
    period_start = _dt.date(2023, 1, 1)
    deadline = _dt.date(2027, 12, 31)


class IndicatorFactory(DjangoModelFactory):
    """A monitor indicator; by default a count of persons that adds up."""

    class Meta:
        model = Indicator
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    description = "Een indicator voor de tests."
    theme = MonitorTheme.DEMOGRAPHY
    unit = Unit.COUNT
    decimals = 0
    source_kind = SourceKind.CBS
    source_table = "85984NED"
    computation = Computation.DIRECT
    aggregation = Aggregation.SUM
    polarity = Polarity.NEUTRAL
    disclosure = DisclosureKind.COUNT_PERSONS
    catalogue_version = "test"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory)
    period = 2024
    value = 100.0
    status = ValueStatus.DEFINITIVE
    origin = ValueOrigin.IMPORTED


class AreaGroupFactory(DjangoModelFactory):
    class Meta:
        model = AreaGroup

    slug = factory.Sequence(lambda n: f"groep-{n}")
    name = factory.Sequence(lambda n: f"Dorp {n}")
    kind = AreaGroup.Kind.VILLAGE
    member_codes = factory.LazyFunction(list)


# ----------------------------------------------------------------------------- allocation


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = allocation.Group
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"groep-{n}")
    name = factory.Sequence(lambda n: f"Aandachtsgroep {n}")
    unit = allocation.Unit.PERSONS


class GroupDefinitionFactory(DjangoModelFactory):
    class Meta:
        model = allocation.GroupDefinition

    group = factory.SubFactory(GroupFactory)
    valid_from = factory.LazyFunction(lambda: datetime.date(2014, 1, 1))
    text = "Omschrijving van de groep."
    source = "Testbron"


class NationalNumberFactory(DjangoModelFactory):
    class Meta:
        model = allocation.NationalNumber

    year = 2023
    half = 1
    number = 21200
    source = "Circulaire taakstelling (test)"


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = allocation.Task

    group = factory.SubFactory(GroupFactory)
    municipality_code = "GM1681"
    year = 2023
    half = 1
    amount = 10
    origin = allocation.Task.Origin.ENTERED
    source = "Testbron"


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = allocation.Placement

    group = factory.SubFactory(GroupFactory)
    municipality_code = "GM1681"
    organisation = factory.SubFactory(OrganisationFactory)
    year = 2023
    month = 1
    count = 1


class AllocationFigureFactory(DjangoModelFactory):
    class Meta:
        model = allocation.AllocationFigure

    kind = allocation.FigureKind.SOCIAL_STOCK
    municipality_code = "GM1681"
    year = 2023
    value = 1000
    source = "Testbron"


class ScenarioFactory(DjangoModelFactory):
    class Meta:
        model = allocation.Scenario

    region = factory.SubFactory(RegionFactory)
    group = factory.SubFactory(GroupFactory)
    year = 2024
    name = factory.Sequence(lambda n: f"Scenario {n}")
    inputs = factory.LazyFunction(dict)
    result = factory.LazyFunction(dict)


class RatioSetFactory(DjangoModelFactory):
    class Meta:
        model = allocation.RatioSet

    name = factory.Sequence(lambda n: f"Verhoudingen {n}")
    age_indicator = "inwoners-80-plus"
    base_year = 2025
    horizon_year = 2030
    valid_from = factory.LazyFunction(lambda: datetime.date(2025, 1, 1))
    source = "Testbron"


class RatioFactory(DjangoModelFactory):
    class Meta:
        model = allocation.Ratio

    ratio_set = factory.SubFactory(RatioSetFactory)
    home_type = allocation.HomeType.STEP_FREE
    per_thousand = 100
    source = "Testbron"
