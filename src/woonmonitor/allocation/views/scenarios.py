"""Pages of the fair-share scenarios: the list, one scenario with every step of its
calculation, two or more side by side, and the form for a new one; CSV and Excel downloads.
Reads the database; writes only through ``scenarios.save_scenario`` and
``scenarios.publish_scenario``."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.areas.models import Region
from woonmonitor.downloads import csv_response
from woonmonitor.spreadsheets import set_value, sheet_name

from .. import scenarios as service
from ..fairshare import FairShareError
from ..forms_scenarios import KEY_FIELDS, ScenarioForm
from ..models import Group, Scenario

KEY_LABELS = {key: label for key, _field, label in KEY_FIELDS}
FIGURE_LABELS = {
    "inhabitants": gettext_lazy("inwoners"),
    "social_stock": gettext_lazy("sociale huurvoorraad"),
    "vacated": gettext_lazy("vrijgekomen sociale huurwoningen"),
    "presence": gettext_lazy("huidige aanwezigheid van de groep"),
}


def warning_text(warning: dict) -> str:
    """A warning of the calculation (``fairshare``) in words."""
    kind = warning["kind"]
    if kind == "alabama":
        return _(
            "Alabama-paradox: bij een totaal van %(low)s krijgt %(name)s %(before)s, bij "
            "%(high)s maar %(after)s. Een hoger totaal kost deze partij dus een eenheid."
        ) % {**warning, "high": warning["low"] + 1}
    texts = {
        "unplaced": _(
            "%(amount)s kan niet binnen de plafonds per gemeente worden geplaatst: alle "
            "gemeenten zitten aan hun plafond."
        ),
        "association_unplaced": _(
            "In %(name)s kan %(amount)s niet binnen de plafonds van de corporaties worden "
            "geplaatst; dat deel is niet over corporaties verdeeld."
        ),
        "no_cap": _("%(name)s heeft geen plafond: het aantal vrijgekomen woningen is onbekend."),
        "no_association_cap": _(
            "%(org)s in %(name)s heeft geen plafond: het aantal vrijgekomen woningen van deze "
            "corporatie is onbekend."
        ),
        "no_stock": _("De sociale voorraad van %(org)s in %(name)s is onbekend; niet meegeteld."),
        "unsplit": _(
            "Het aandeel van %(name)s is niet over corporaties verdeeld: er is geen voorraad per "
            "corporatie en geen vaste verdeling."
        ),
        "concentration_fallback": _(
            "Geen gemeente in de regio huisvest de groep al: de sleutel concentratie is gelijk "
            "aan de sleutel inwoners."
        ),
    }
    return texts.get(kind, kind) % warning


def _pct(value) -> float | None:
    return None if value is None else value * 100


def _presentation(scenario: Scenario) -> dict:
    """The saved inputs and result in the shape the templates show."""
    result, inputs = scenario.result, scenario.inputs
    steps = []
    for step in result.get("steps", []):
        step = dict(step)
        if step["step"] == "key":
            step["label"] = KEY_LABELS.get(step["key"], step["key"])
            step["rows"] = [{**row, "pct": _pct(row["share"])} for row in step["rows"]]
        elif step["step"] == "combine":
            keys = list(step["weights"])
            step["columns"] = [(KEY_LABELS.get(k, k), _pct(step["weights"][k])) for k in keys]
            step["rows"] = [
                {
                    **row,
                    "pct": _pct(row["share"]),
                    "parts": [_pct(row["parts"][k]) for k in keys],
                }
                for row in step["rows"]
            ]
        steps.append(step)
    sources = []
    for municipality in inputs.get("figures", []):
        for attribute, label in FIGURE_LABELS.items():
            figure = municipality[attribute]
            sources.append({"name": municipality["name"], "what": str(label), **figure})
        for association in municipality["associations"]:
            for attribute, label in (
                ("stock", _("sociale huurvoorraad van %(org)s")),
                ("vacated", _("vrijgekomen sociale huurwoningen van %(org)s")),
            ):
                figure = association[attribute]
                if figure["value"] is not None:
                    sources.append(
                        {
                            "name": municipality["name"],
                            "what": label % {"org": association["name"]},
                            **figure,
                        }
                    )
    associations = [
        {"municipality": row["name"], **association}
        for row in result.get("municipalities", [])
        for association in row["associations"]
    ]
    names = {m["code"]: m["name"] for m in inputs.get("figures", [])}
    organisations = {
        a["slug"]: a["name"] for m in inputs.get("figures", []) for a in m["associations"]
    }
    fixed = [
        (names.get(code, code), [(organisations.get(s, s), w) for s, w in parts.items()])
        for code, parts in inputs.get("association_split", {}).get("fixed", {}).items()
    ]
    return {
        "fixed": fixed,
        "steps": steps,
        "warnings": [warning_text(w) for w in result.get("warnings", [])],
        "alabama": any(w["kind"] == "alabama" for w in result.get("warnings", [])),
        "sources": sources,
        "associations": associations,
        "keys": [(KEY_LABELS.get(k, k), w) for k, w in inputs.get("keys", {}).items()],
    }


def _visible(request: HttpRequest):
    return Scenario.objects.visible_to(request.user).select_related("region", "group", "owner")


def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = _visible(request).order_by("region__name", "group__order", "-year", "name")
    region = request.GET.get("regio") or ""
    group = request.GET.get("groep") or ""
    if region:
        scenarios = scenarios.filter(region__slug=region)
    if group:
        scenarios = scenarios.filter(group__key=group)
    sections: dict[tuple, list] = {}
    for scenario in scenarios:
        sections.setdefault((scenario.region, scenario.group), []).append(scenario)
    return render(
        request,
        "allocation/scenario_list.html",
        {
            "sections": [(r, g, items) for (r, g), items in sections.items()],
            "regions": Region.objects.order_by("name"),
            "groups": Group.objects.all(),
            "region": region,
            "group": group,
            "may_create": service.may_create(request.user),
            "any_demo": any(s.is_demo for items in sections.values() for s in items),
        },
    )


def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(_visible(request), pk=pk)
    return render(
        request,
        "allocation/scenario_detail.html",
        {
            "scenario": scenario,
            "inputs": scenario.inputs,
            "result": scenario.result,
            "may_publish": service.may_publish(request.user, scenario),
        }
        | _presentation(scenario),
    )


@require_POST
@login_redirect
def scenario_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: publish a draft. Who cannot see it gets 404; who sees it but may not publish it,
    403 with the reason."""
    require_login(request)
    scenario = get_object_or_404(_visible(request), pk=pk)
    if not service.may_publish(request.user, scenario):
        raise PermissionDenied(
            _(
                "Alleen bewerkers van de organisatie waarvoor het scenario is gemaakt, "
                "publiceren een concept."
            )
        )
    service.publish_scenario(user=request.user, scenario=scenario)
    messages.success(request, _("Het scenario is gepubliceerd: iedereen kan het nu zien."))
    return redirect("allocation:scenario", pk=scenario.pk)


def _filename(scenario: Scenario, extension: str) -> str:
    return f"verdeelscenario-{scenario.pk}-{slugify(scenario.name)[:60]}.{extension}"


def scenario_csv(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(_visible(request), pk=pk)
    return csv_response(
        _filename(scenario, "csv"), service.RESULT_HEADER, service.result_rows(scenario)
    )


def scenario_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(_visible(request), pk=pk)
    workbook = Workbook()
    taken: set[str] = set()
    sheet = workbook.active
    sheet.title = sheet_name("Uitkomst", taken)
    _write(sheet, service.RESULT_HEADER, service.result_rows(scenario))
    figures = workbook.create_sheet(sheet_name("Gebruikte cijfers", taken))
    rows = [
        [s["name"], s["what"], s["value"], s["year"], s["source"], "ja" if s["is_demo"] else "nee"]
        for s in _presentation(scenario)["sources"]
    ]
    _write(figures, ("gemeente", "cijfer", "waarde", "jaar", "bron", "demonstratiecijfer"), rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(scenario, "xlsx")}"'
    return response


def _write(sheet, header, rows) -> None:
    for column, name in enumerate(header, start=1):
        set_value(sheet.cell(row=1, column=column), name)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            set_value(sheet.cell(row=number, column=column), value)


def scenario_compare(request: HttpRequest) -> HttpResponse:
    visible = _visible(request)
    picked = request.GET.getlist("keuze")
    raw = ",".join(picked) if picked else request.GET.get("ids", "")
    ids = list(dict.fromkeys(int(part) for part in raw.split(",") if part.strip().isdigit()))
    chosen = {s.pk: s for s in visible.filter(pk__in=ids)}
    if len(chosen) != len(ids):
        raise Http404
    too_few = len(ids) == 1
    scenarios = [chosen[pk] for pk in ids] if len(ids) > 1 else []
    rows = service.comparison(scenarios) if scenarios else []
    if scenarios and request.GET.get("format") == "csv":
        header = ["gemeentecode", "gemeente", "corporatie"]
        header += [s.name for s in scenarios] + ["verschil (laatste - eerste)"]
        return csv_response(
            "verdeelscenarios-vergelijking.csv",
            header,
            [[r["code"], r["name"], r["association"], *r["shares"], r["difference"]] for r in rows],
        )
    return render(
        request,
        "allocation/scenario_compare.html",
        {
            "scenarios": scenarios,
            "presentations": [(s, _presentation(s)) for s in scenarios],
            "rows": rows,
            "ids": ",".join(str(pk) for pk in ids),
            "choices": visible.order_by("region__name", "group__order", "name"),
            "any_demo": any(s.is_demo for s in scenarios),
            "too_few": too_few,
            "chosen_ids": ids,
        },
    )


@login_redirect
def scenario_new(request: HttpRequest) -> HttpResponse:
    require_login(request)
    regions = service.creating_regions(request.user)
    if not regions.exists():
        raise Http404
    form = ScenarioForm(request.POST or None, regions=regions, initial=_initial(regions))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "region": data["region"],
            "group": data["group"],
            "year": data["year"],
            "total": data["total"],
            "keys": form.keys(),
            "caps": form.caps(),
        }
        try:
            if "preview" in request.POST:
                calc = service.calculate(**arguments, split=form.split())
                preview = _preview(calc)
            else:
                scenario = service.save_scenario(
                    user=request.user,
                    half=data["half"],
                    name=data["name"],
                    description=data["description"],
                    status=data["status"],
                    association_split=form.split(),
                    **arguments,
                )
                messages.success(request, _("Het scenario is berekend en opgeslagen."))
                return redirect("allocation:scenario", pk=scenario.pk)
        except FairShareError as error:
            for text in error.messages:
                form.add_error(None, text)
        except PermissionDenied:
            form.add_error(
                "region", _("U kunt in deze regio geen scenario maken voor uw organisatie.")
            )
    return render(request, "allocation/scenario_new.html", {"form": form, "preview": preview})


def _initial(regions) -> dict:
    initial = {"year": 2025, "group": Group.objects.filter(key=service.DEMO_GROUP).first()}
    demo = regions.filter(slug=service.DEMO_REGION).first()
    if demo is not None:
        initial["region"] = demo
        initial["fixed_split"] = "GM1681: lefier=50, woonservice=50"
    return initial


def _preview(calc) -> dict:
    inputs, result, demo = calc
    return {
        "rows": result["municipalities"],
        "warnings": [warning_text(w) for w in result["warnings"]],
        "is_demo": demo,
        "unplaced": result["unplaced"],
    }
