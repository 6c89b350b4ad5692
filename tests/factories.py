"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from woonmonitor.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from woonmonitor.areas.models import Area, Boundary, KeyFigure, Level, Region, RegionMember
from woonmonitor.imports.models import ImportRun


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
