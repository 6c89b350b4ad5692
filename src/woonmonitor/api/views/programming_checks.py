"""The need for homes and the checks of woningbouwprogrammering, per woondeal region and
municipality (``GET /api/v1/programming/need/`` and ``/checks/``). Reads the database.

Public. Plan figures go through disclosure control for the caller (``programming.plans``):
anonymous callers get public figures (a hidden figure is ``null`` with status ``afgeschermd``),
parties the full figures of what they may see. ``?format=csv`` answers one flat table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from woonmonitor.programming import dashboard, need_figures, plans
from woonmonitor.programming.parameters import woondeal_regions

from ..renderers.csv import CSV_RESPONSE, FORMAT_PARAMETER, CSVDownloadMixin
from ..serializers.programming_checks import (
    ChecksAnswerSerializer,
    ChecksQuerySerializer,
    NeedAnswerSerializer,
    NeedQuerySerializer,
)

TAGS = ["programming"]
BAD_QUERY = OpenApiResponse(description="An unknown woondeal region or a bad year (Dutch).")
NEED_COLUMNS = (
    "region",
    "area",
    "name",
    "confirmed",
    "need_kind",
    "homes",
    "shrink",
    "social_rent",
    "middle",
    "expensive",
    "details",
    "source",
)
CHECK_COLUMNS = ("region", "area", "name", "check_key", "need_used", "status", "sentence", "basis")


def _regions(slug: str | None):
    regions = woondeal_regions()
    if not slug:
        return list(regions)
    found = [r for r in regions if r.slug == slug]
    if not found:
        raise ValidationError(
            {"region": [_("Onbekende woondealregio: %(slug)s.") % {"slug": slug}]}
        )
    return found


def need_results(regions, year: int) -> list[dict]:
    today = timezone.localdate()
    results = []
    for region in regions:
        need = need_figures.region_need(region, horizon=year, on=today)
        members = []
        for member in region.members:
            demo = need.demographic_for(member.code)
            split = need.split_for(member.code)
            members.append(
                {
                    "code": member.code,
                    "name": member.name,
                    "confirmed": member.confirmed,
                    "note": member.note,
                    "demographic": demo.as_dict() if demo else None,
                    "woondeal_split": split.as_dict() if split else None,
                }
            )
        results.append(
            {
                "region": region.slug,
                "name": region.name,
                "source": region.source,
                "target": (
                    {
                        "homes": need.target.homes,
                        "horizon_year": need.target.horizon_year,
                        "source": need.target.source,
                    }
                    if need.target
                    else None
                ),
                "target_segments": (
                    need.split.segments.as_dict() if need.split and need.split.segments else None
                ),
                "split_basis": {"indicator": need.stock_label, "period": need.stock_period},
                "split_note": _(
                    "De woondeals geven hier geen cijfers per gemeente: de verdeling naar "
                    "woningvoorraad is van Woonmonitor."
                ),
                "prognosis": {
                    "vintage": need.prognosis.vintage,
                    "start_year": need.prognosis.start_year,
                    "horizon_year": need.prognosis.horizon_year,
                    "citation": need.prognosis.citation,
                },
                "citations": need.citations,
                "municipalities": members,
            }
        )
    return results


class NeedView(CSVDownloadMixin, APIView):
    renderer_classes = CSVDownloadMixin.csv_renderer_classes

    @extend_schema(
        operation_id="programming_need",
        tags=TAGS,
        summary="Need for homes per woondeal region and municipality",
        description=(
            "For every woondeal region (or `?region=`): the woondeal target with its source and "
            "segment mix, and per municipality the demographic need (extra households from the "
            "PBL/CBS prognosis divided by the latest household size, 0 with the shrink when the "
            "population shrinks) and Woonmonitor's split of the target by housing stock "
            "(largest remainder). `?format=csv` gives one row per need."
        ),
        parameters=[NeedQuerySerializer, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): NeedAnswerSerializer,
            (200, "text/csv"): CSV_RESPONSE,
            400: BAD_QUERY,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = NeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        results = need_results(_regions(query.validated_data.get("region")), year)
        return Response({"year": year, "count": len(results), "results": results})

    def csv_table(self, data: dict) -> tuple[str, Sequence[str], Iterable[dict]]:
        rows = []
        for region in data["results"]:
            target = region["target"] or {}
            segments = region["target_segments"] or {}
            rows.append(
                {
                    "region": region["region"],
                    "area": region["region"],
                    "name": region["name"],
                    "confirmed": True,
                    "need_kind": "woondealdoel",
                    "homes": target.get("homes"),
                    "social_rent": segments.get("social_rent"),
                    "middle": segments.get("middle"),
                    "expensive": segments.get("expensive"),
                    "source": target.get("source", ""),
                }
            )
            for member in region["municipalities"]:
                demo = member["demographic"] or {}
                split = member["woondeal_split"] or {}
                common = {
                    "region": region["region"],
                    "area": member["code"],
                    "name": member["name"],
                    "confirmed": member["confirmed"],
                }
                demo_segments = demo.get("segments") or {}
                rows.append(
                    common
                    | {
                        "need_kind": "demografisch",
                        "homes": demo.get("households"),
                        "shrink": demo.get("shrink"),
                        "social_rent": demo_segments.get("social_rent"),
                        "middle": demo_segments.get("middle"),
                        "expensive": demo_segments.get("expensive"),
                        "details": (
                            f"({demo.get('population_horizon')} - {demo.get('population_start')})"
                            f" / {demo.get('household_size')}"
                        ),
                        "source": region["prognosis"]["citation"],
                    }
                )
                split_segments = split.get("segments") or {}
                rows.append(
                    common
                    | {
                        "need_kind": "woondealverdeling (Woonmonitor)",
                        "homes": split.get("homes"),
                        "social_rent": split_segments.get("social_rent"),
                        "middle": split_segments.get("middle"),
                        "expensive": split_segments.get("expensive"),
                        "details": f"woningvoorraad {split.get('stock')}",
                        "source": region["split_basis"]["indicator"],
                    }
                )
        rows = [{column: row.get(column) for column in NEED_COLUMNS} for row in rows]
        name = "-".join(
            [
                "behoefte",
                data["results"][0]["region"] if len(data["results"]) == 1 else "drenthe",
                str(data["year"]),
            ]
        )
        return f"{name}.csv", NEED_COLUMNS, rows


class ChecksView(CSVDownloadMixin, APIView):
    renderer_classes = CSVDownloadMixin.csv_renderer_classes

    @extend_schema(
        operation_id="programming_checks",
        tags=TAGS,
        summary="Checks of plan capacity, mix and realisation per region and municipality",
        description=(
            "Per woondeal region (or `?region=`) and horizon `year`: plan capacity against 130% "
            "of the need (region: woondeal target; municipality: Woonmonitor's split and the "
            "demographic need), the regional and municipal mix, production signals between "
            "neighbours and realisation (CBS new-build) against planned deliveries. Each check "
            "has a status (`voldaan`, `niet-voldaan`, `afwijking-toegelicht`, `onbeslist`, "
            "`niet-van-kracht`, `geen-gegevens`, `afgeschermd`) and the numbers behind it. "
            "Anonymous callers get public figures: a figure that would reveal a plan published "
            "only in totals is withheld (`afgeschermd`); parties get the full figures of what "
            "they may see."
        ),
        parameters=[ChecksQuerySerializer, FORMAT_PARAMETER],
        responses={
            (200, "application/json"): ChecksAnswerSerializer,
            (200, "text/csv"): CSV_RESPONSE,
            400: BAD_QUERY,
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = ChecksQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        regions = _regions(params.get("region"))
        figures = plans.project_figures(request.user)
        published = plans.published_capacity()
        results = []
        for region in regions:
            dash = dashboard.build(
                region,
                figures=figures,
                published=published,
                on=timezone.localdate(),
                year=params["year"],
                basis=params.get("basis"),
            )
            rows = [*dash.all_checks(), *dash.realisation_rows]
            results.append(
                {
                    "region": region.slug,
                    "name": region.name,
                    "basis": dash.basis,
                    "basis_label": dash.basis_label,
                    "peilmoment": dash.peilmoment(),
                    "sources": dash.sources(),
                    "price_limit": (
                        {
                            "amount": dash.price_limit.amount,
                            "year": dash.price_limit.year,
                            "for_year": dash.price_year,
                            "source": dash.price_limit.source,
                        }
                        if dash.price_limit
                        else None
                    ),
                    "checks": [row.as_dict() for row in rows],
                    "signals": dash.signals.as_dict() if dash.signals else None,
                }
            )
        return Response(
            {
                "year": params["year"],
                "disclosure": "volledig" if figures.full else "openbaar",
                "count": len(results),
                "results": results,
            }
        )

    def csv_table(self, data: dict) -> tuple[str, Sequence[str], Iterable[dict]]:
        rows = [
            {
                "region": region["region"],
                "area": check["area"],
                "name": check["name"],
                "check_key": check["check_key"],
                "need_used": check["need_used"],
                "status": check["status"],
                "sentence": check["sentence"],
                "basis": region["basis"],
            }
            for region in data["results"]
            for check in region["checks"]
        ]
        return f"toetsen-{data['year']}.csv", CHECK_COLUMNS, rows
