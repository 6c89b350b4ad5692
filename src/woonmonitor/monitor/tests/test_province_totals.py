"""Province totals in vintages where some gemeente has no known province: the list of a
province's gemeenten proven from a complete reference vintage (``loading/membership.py``), and
continuity of provinces and the country judged from their gemeenten."""

import pytest
from tests.factories import AreaFactory, IndicatorFactory

from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.services import recording_import
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed, ParsedValue
from woonmonitor.monitor.loading.membership import (
    Membership,
    SameLinks,
    memberships,
    province_membership,
    same_area,
    same_area_evidence,
)
from woonmonitor.monitor.models import Aggregation, IndicatorValue, ValueOrigin, ValueStatus

# --- the pure rule -----------------------------------------------------------------------------

#: 2019 knows every gemeente's province; 2015 misses X (merged away before 2019), and D of
#: Overijssel did not exist yet.
CLASSIFICATION = {
    2015: {"A": "PV22", "B": "PV22", "C": "PV23", "X": None},
    2019: {"A": "PV22", "B": "PV22", "C": "PV23", "D": "PV23"},
}


def chain(code, first, last, broken=()):
    """``same`` links between consecutive years of ``code``, except the years in ``broken``."""
    return [(code, year, year + 1) for year in range(first, last) if year not in broken]


def test_links_join_vintages_through_a_chain_of_one_code_only():
    links = SameLinks([*chain("A", 2015, 2019), *chain("B", 2015, 2019, broken={2017})])
    assert links.joined("A", 2015, 2019) and links.joined("A", 2019, 2016)
    assert not links.joined("B", 2015, 2019)
    assert links.joined("B", 2018, 2019) and not links.joined("B", 2017, 2018)
    assert not links.joined("C", 2015, 2019)
    assert links.joined("C", 2019, 2019)


def test_a_province_whose_gemeenten_are_all_unchanged_is_complete():
    links = SameLinks([*chain("A", 2015, 2019), *chain("B", 2015, 2019)])
    found = province_membership("PV22", 2015, CLASSIFICATION, links)
    assert found.proven and found.members == {"A", "B"} and found.reference == 2019
    # X has no known province, elsewhere in the country: still complete for Drenthe.
    assert "van 1 gemeenten elders is de provincie onbekend" in found.reason


def test_one_changed_member_refuses_the_province():
    links = SameLinks([*chain("A", 2015, 2019), *chain("B", 2015, 2019, broken={2016})])
    found = province_membership("PV22", 2015, CLASSIFICATION, links)
    assert not found.proven and found.members == frozenset()
    assert found.reason == "B niet aantoonbaar ongewijzigd tussen 2015 en 2019"


def test_different_gemeenten_than_in_the_reference_refuse_the_province():
    links = SameLinks([*chain("C", 2015, 2019)])
    overijssel = province_membership("PV23", 2015, CLASSIFICATION, links)
    assert not overijssel.proven
    assert overijssel.reason == "andere gemeenten dan in 2019 (niet in deze jaargang: D)"
    moved = {**CLASSIFICATION, 2015: {**CLASSIFICATION[2015], "B": "PV23", "A": None}}
    drenthe = province_membership("PV22", 2015, moved, links)
    assert drenthe.reason == (
        "andere gemeenten dan in 2019 (provincie onbekend: A; in een andere provincie: B)"
    )
    extra = {**CLASSIFICATION, 2015: {**CLASSIFICATION[2015], "C": "PV22"}}
    assert "alleen in deze jaargang bij de provincie: C" in (
        province_membership("PV22", 2015, extra, links).reason
    )


def test_a_vintage_that_knows_every_province_needs_no_reference():
    found = province_membership("PV23", 2019, CLASSIFICATION, SameLinks([]))
    assert found.proven and found.members == {"C", "D"} and found.reference is None


def test_without_a_complete_vintage_nothing_is_proven():
    only = {2015: CLASSIFICATION[2015]}
    found = province_membership("PV22", 2015, only, SameLinks(chain("A", 2015, 2019)))
    assert not found.proven
    assert "geen jaargang kent de provincie van elke gemeente" in found.reason
    assert "1 van de 4 gemeenten" in found.reason


def test_the_nearest_reference_that_proves_the_list_is_used():
    classification = {**CLASSIFICATION, 2022: {"A": "PV22", "B": "PV22", "C": "PV23"}}
    everywhere = SameLinks([*chain("A", 2015, 2022), *chain("B", 2015, 2022)])
    assert province_membership("PV22", 2015, classification, everywhere).reference == 2019
    # B redrawn in 2018 is neither the B of 2019 nor of 2022: refused, with the nearest reason.
    broken = SameLinks([*chain("A", 2015, 2022), *chain("B", 2015, 2022, broken={2018})])
    found = province_membership("PV22", 2015, classification, broken)
    assert not found.proven and "tussen 2015 en 2019" in found.reason
    # When 2019 lacks a gemeente of the province, the farther 2022 may still prove it.
    gap = {**classification, 2019: {**CLASSIFICATION[2019], "B": "PV23"}}
    assert province_membership("PV22", 2015, gap, everywhere).reference == 2022


def test_memberships_cover_every_province_in_every_vintage():
    links = SameLinks([*chain("A", 2015, 2019), *chain("B", 2015, 2019)])
    found = memberships(CLASSIFICATION, links)
    assert set(found) == {(p, v) for p in ("PV22", "PV23") for v in (2015, 2019)}
    assert [key for key, m in found.items() if not m.proven] == [("PV23", 2015)]


def test_same_area_needs_proven_equal_lists_of_unchanged_gemeenten():
    def member(vintage, codes, reference=None):
        return Membership("PV22", vintage, frozenset(codes), reference, "")

    links = SameLinks([*chain("A", 2015, 2019), *chain("B", 2015, 2019, broken={2018})])
    assert same_area(member(2015, "AB", 2019), member(2016, "AB"), links)
    assert not same_area(member(2018, "AB", 2019), member(2019, "AB"), links)  # B changed
    assert not same_area(member(2015, "AB"), member(2016, "A"), links)  # other list
    assert not same_area(member(2015, ""), member(2016, ""), links)  # not proven
    text = same_area_evidence(member(2015, "AB", 2019), member(2016, "AB"), "Drenthe")
    assert text == (
        "alle 2 gemeenten van Drenthe ongewijzigd tussen 2015 en 2016 (zie hun continuïteit); "
        "welke gemeenten bij Drenthe horen, blijkt uit de indeling van 2019"
    )


# --- in the database: totals, warnings and continuity ----------------------------------------

DEF = ValueStatus.DEFINITIVE


def load(*values):
    parsed = Parsed(values=[ParsedValue(*v, DEF, "") for v in values], names={})
    parsed.rows_read = parsed.rows_accepted = len(values)
    with recording_import(command="test", source="test") as recorder:
        loading.load_parsed(parsed, vintage=None, recorder=recorder)


def post(vintages=(2018, 2019)):
    with recording_import(command="test", source="afgeleid") as recorder:
        result = loading.post_process(recorder=recorder, vintages=vintages)
    return result, recorder.warnings


def make_stock(*, orphan=True, hardenberg_begin=25500.0):
    """2019 with every province known; 2018 whose GM0003 (``orphan``) has none (merged away in
    2019). The stock at the start of 2019 continues 2018's end, except in Hardenberg (GM0160)
    unless ``hardenberg_begin`` is 25000."""
    for key in ("voorraad-begin", "voorraad-eind"):
        IndicatorFactory(key=key, aggregation=Aggregation.SUM)
    IndicatorFactory(key="oppervlakte-totaal", aggregation=Aggregation.SUM)
    country = AreaFactory(code="NL01", level=Level.COUNTRY, vintage=2019, name="Nederland")
    provinces = {
        code: AreaFactory(code=code, level=Level.PROVINCE, vintage=2019, parent=country, name=name)
        for code, name in (("PV22", "Drenthe"), ("PV23", "Overijssel"))
    }
    for code, province in (("GM1681", "PV22"), ("GM0106", "PV22"), ("GM0160", "PV23")):
        AreaFactory(code=code, vintage=2019, parent=provinces[province])
    ends = {"GM1681": 11000.0, "GM0106": 30000.0, "GM0160": 25000.0}
    if orphan:
        ends["GM0003"] = 6000.0
    begins = {"GM1681": 11000.0, "GM0106": 30000.0, "GM0160": hardenberg_begin}
    load(
        *[(code, 2018, "voorraad-eind", value) for code, value in ends.items()],
        *[(code, 2019, "voorraad-begin", value) for code, value in begins.items()],
    )
    return ends


@pytest.fixture
def stock(db):
    return make_stock()


def current(code, vintage, key="voorraad-eind"):
    return IndicatorValue.objects.current().get(
        indicator__key=key, area__code=code, area__vintage=vintage, period=vintage
    )


def test_a_province_total_through_its_unchanged_gemeenten_and_warnings(stock):
    assert Area.objects.get(code="GM0003", vintage=2018).parent is None
    assert Area.objects.get(code="GM0160", vintage=2018).parent.code == "PV23"
    _, warnings = post()
    drenthe = current("PV22", 2018)
    assert drenthe.value == 41000 and drenthe.origin == ValueOrigin.AGGREGATED
    assert drenthe.note == (
        "som van 2 gemeenten (indeling 2018; gemeenten van de provincie als in 2019, ongewijzigd)"
    )
    assert current("NL01", 2018).value == sum(stock.values())
    # Hardenberg's stock does not continue: Overijssel 2018 is not proven, no total.
    assert not IndicatorValue.objects.filter(area__code="PV23", area__vintage=2018).exists()
    said = {w["row"]: w["message"] for w in warnings}
    assert said["PV22 jaargang 2018"].startswith("provincietotalen berekend: gemeenten als in 2019")
    assert said["PV23 jaargang 2018"] == (
        "geen provincietotalen: GM0160 niet aantoonbaar ongewijzigd tussen 2018 en 2019"
    )
    assert "van 1 van de 4 gemeenten is de provincie onbekend (GM0003)" in said["jaargang 2018"]


def test_provinces_get_continuity_from_their_gemeenten_and_a_rerun_changes_nothing(stock):
    first, _ = post()
    link = Continuity.objects.get(earlier__code="PV22")
    assert (link.earlier.vintage, link.later.vintage, link.same) == (2018, 2019, True)
    assert link.evidence == (
        "alle 2 gemeenten van Drenthe ongewijzigd tussen 2018 en 2019 (zie hun continuïteit); "
        "welke gemeenten bij Drenthe horen, blijkt uit de indeling van 2019"
    )
    assert link.source == "Woonmonitor: afgeleid uit de continuïteit van de gemeenten"
    # Overijssel's Hardenberg changed, and the country lost GM0003: neither is judged.
    assert not Continuity.objects.filter(earlier__code__in=["PV23", "NL01"]).exists()
    assert first.continuity.by_kind["gemeenten van provincie of land"] == 1
    second, _ = post()
    assert second.changed == 0


def test_a_judgement_that_no_longer_holds_is_removed(stock):
    post()
    assert Continuity.objects.filter(earlier__code="PV22").exists()
    # A corrected begin stock breaks Assen's continuity: Drenthe is no longer proven the same.
    load(("GM0106", 2019, "voorraad-begin", 30100.0))
    result, warnings = post()
    assert not Continuity.objects.get(earlier__code="GM0106").same
    assert not Continuity.objects.filter(earlier__code="PV22").exists()
    assert result.continuity.recorded == 2  # Assen judged anew, Drenthe's link removed
    assert any("niet meer aantoonbaar" in w["message"] for w in warnings)


@pytest.mark.django_db
def test_the_country_is_the_same_when_all_its_gemeenten_are():
    make_stock(orphan=False, hardenberg_begin=25000.0)
    _, warnings = post()
    assert not [w for w in warnings if "jaargang" in w["row"]]  # every province known
    country = Continuity.objects.get(earlier__code="NL01")
    assert country.same and country.evidence.startswith(
        "alle 3 gemeenten van Nederland ongewijzigd tussen 2018 en 2019"
    )
    # Every province of 2018 is now known directly: no reference vintage in the evidence.
    assert "blijkt uit" not in Continuity.objects.get(earlier__code="PV23").evidence
