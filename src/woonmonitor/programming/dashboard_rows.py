"""The figures of a woondeal region's dashboard as one long table, for the CSV and Excel
downloads: every figure with its area, unit, basis, peilmoment and source. Pure over a built
``dashboard.Dashboard`` (no queries of its own). Hidden figures are written as empty values with
the remark "afgeschermd", never as a number.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .dashboard import Dashboard
from .plans import BASIS_PROJECTS, SEGMENT_LABELS

HEADER = [
    "onderdeel",
    "gebiedscode",
    "gebied",
    "onderwerp",
    "waarde",
    "eenheid",
    "basis",
    "peilmoment",
    "bron",
    "opmerking",
]


def _decimal_text(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def need_rows(dash: Dashboard, codes=None) -> list[list[object]]:
    need = dash.need
    info = need.prognosis
    rows: list[list[object]] = []
    wanted = codes or dash.region.codes
    source = "; ".join(need.citations)
    for item in need.demographic:
        if item.code not in wanted:
            continue
        common = [item.code, item.name]
        part = _("behoefte demografisch")
        vintage = info.vintage
        rows += [
            [
                part,
                *common,
                _("bevolking %(y)s") % {"y": item.start_year},
                _int(item.population_start),
                "personen",
                vintage,
                item.start_year,
                info.citation,
                "",
            ],
            [
                part,
                *common,
                _("bevolking %(y)s") % {"y": item.horizon_year},
                _int(item.population_horizon),
                "personen",
                vintage,
                item.horizon_year,
                info.citation,
                "",
            ],
            [
                part,
                *common,
                _("huishoudensgrootte"),
                _decimal_text(_dec(item.household_size)),
                "personen",
                "",
                item.household_year,
                source,
                "",
            ],
            [
                part,
                *common,
                _("extra huishoudens"),
                item.households,
                "huishoudens",
                vintage,
                f"{item.start_year}-{item.horizon_year}",
                source,
                _("krimp: %(n)s huishoudens minder") % {"n": item.shrink} if item.shrink else "",
            ],
        ]
        if item.segments:
            for key in ("social_rent", "middle", "expensive"):
                rows.append(
                    [
                        part,
                        *common,
                        _segment(key),
                        getattr(item.segments, key),
                        "woningen",
                        _("woondealmix"),
                        "",
                        "",
                        "",
                    ]
                )
    if need.target and (codes is None):
        rows.append(
            [
                _("woondealdoel"),
                dash.region.slug,
                dash.region.name,
                _("woningen tot %(y)s") % {"y": need.target.horizon_year},
                need.target.homes,
                "woningen",
                "",
                "",
                need.target.source,
                "",
            ]
        )
    if need.split:
        for member in need.split.members:
            if member.code not in wanted:
                continue
            note = "" if member.confirmed else _("lidmaatschap niet bevestigd")
            common = [_("woondealverdeling (Woonmonitor)"), member.code, member.name]
            rows.append(
                [
                    *common,
                    _("woningvoorraad"),
                    member.stock,
                    "woningen",
                    need.stock_label,
                    need.stock_period,
                    source,
                    note,
                ]
            )
            rows.append(
                [
                    *common,
                    _("aandeel in het woondealdoel"),
                    member.homes,
                    "woningen",
                    _("naar woningvoorraad, grootste overschot"),
                    need.stock_period,
                    need.target.source if need.target else "",
                    note,
                ]
            )
            if member.segments:
                for key in ("social_rent", "middle", "expensive"):
                    rows.append(
                        [
                            *common,
                            _segment(key),
                            getattr(member.segments, key),
                            "woningen",
                            _("woondealmix"),
                            "",
                            "",
                            note,
                        ]
                    )
    return rows


def _segment(key: str) -> str:
    return {
        "social_rent": _("sociale huur"),
        "middle": _("middensegment"),
        "expensive": _("duurder"),
    }[key]


def _int(value):
    return None if value is None else int(value)


def _dec(value):
    if value is None:
        return None
    return round(value.numerator / value.denominator, 2)


def plan_rows(dash: Dashboard, areas) -> list[list[object]]:
    rows: list[list[object]] = []
    basis = dash.basis_label
    names = {m.code: m.name for m in dash.region.members} | {dash.region.slug: dash.region.name}
    if dash.basis != BASIS_PROJECTS:
        for area in areas:
            codes = dash.region.codes if area == dash.region.slug else (area,)
            rows.append(
                [
                    _("plancapaciteit"),
                    area,
                    names.get(area, area),
                    _("totaal"),
                    dash.published.total(codes),
                    "woningen",
                    basis,
                    dash.published.year,
                    "; ".join(dash.published.sources(codes)),
                    "",
                ]
            )
        return rows
    labels = {
        "certainty": {"hard": _("hard"), "zacht": _("zacht")},
        "phase": dict(dash.figures.phases),
        "segment": {k: str(v) for k, v in SEGMENT_LABELS.items()},
        "year": {"onbekend": _("jaar onbekend")},
    }
    for area in areas:
        codes = dash.region.codes if area == dash.region.slug else (area,)
        peil = dash.peilmoment(codes)
        source = "; ".join(dash.sources(codes))
        entries = [("total", _("totaal"), ("total", area))]
        for dimension in ("certainty", "phase", "segment", "year"):
            for cat in dash.figures.categories(dimension):
                label = labels[dimension].get(cat, str(cat))
                entries.append((dimension, label, (dimension, area, cat)))
        for dimension, label, key in entries:
            value = dash.figures.value(*key)
            rows.append(
                [
                    _("plannen naar %(d)s") % {"d": dimension},
                    area,
                    names.get(area, area),
                    label,
                    value,
                    "woningen",
                    basis,
                    peil,
                    source,
                    _("afgeschermd") if value is None else "",
                ]
            )
    return rows


def check_rows(dash: Dashboard, codes=None) -> list[list[object]]:
    rows: list[list[object]] = []
    items = (
        dash.all_checks()
        if codes is None
        else [r for c in codes for r in dash.municipality_checks.get(c, [])]
    )
    realisation = [r for c in (codes or dash.region.codes) for r in dash.realisation.get(c, [])]
    for row in [*items, *realisation]:
        rows.append(
            [
                _("toets"),
                row.area,
                row.area_name,
                f"{row.title} ({row.need_label})",
                row.status_label,
                "",
                dash.basis_label,
                dash.peilmoment(),
                row.check.source,
                row.check.sentence,
            ]
        )
    for row in realisation:
        if row.reported is None:
            continue
        rows.append(
            [
                _("nieuwbouw opgegeven door corporaties"),
                row.area,
                row.area_name,
                str(row.year),
                row.reported.homes,
                "woningen",
                "",
                str(row.year),
                "; ".join(row.reported.agreements),
                ", ".join(row.reported.parties),
            ]
        )
    if codes is None and dash.signals:
        for signal in dash.signals.signals:
            rows.append(
                [
                    _("signaal over- en onderproductie"),
                    signal.over,
                    signal.over_name,
                    signal.under_name,
                    signal.over_surplus,
                    "woningen",
                    dash.basis_label,
                    dash.peilmoment(),
                    dash.neighbours_source,
                    signal.sentence,
                ]
            )
    return rows


def dashboard_rows(dash: Dashboard, codes=None) -> list[list[object]]:
    areas = [dash.region.slug, *dash.region.codes] if codes is None else list(codes)
    return [*need_rows(dash, codes), *plan_rows(dash, areas), *check_rows(dash, codes)]
