"""A fingerprint of one agreement's data, for the cached documents (``woonmonitor.document_cache``).

Every record of the document itself has its history (django-simple-history: every save and
every delete adds a historical record with a new id), and progress reports, comments, realised
figures and the parties' other records are append-only. So the highest id and the number of
rows of each of those tables, counted for this agreement, change with every change of anything
the agreement's page, its progress report or its workbook shows. The tables are found from the
app's models, so a model added to the app later is counted without a change here. Beside them:
the latest successful import run (the rent thresholds of the report come from one) and the
latest change of any organisation (their names). One query.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Max, Model, OuterRef, Subquery

from woonmonitor.accounts.models import Organisation
from woonmonitor.imports.models import ImportRun

from .models import Agreement


def _foreign_keys(model: type[Model]):
    return [field for field in model._meta.fields if field.many_to_one and field.related_model]


def agreement_lookup(model: type[Model]) -> str | None:
    """How ``model`` reaches its agreement's id: ``agreement``, ``commitment__agreement``, ...

    None for a model that belongs to no agreement. A historical model of ``Agreement`` itself
    keeps the agreement's id in ``id``.
    """
    if getattr(model, "instance_type", None) is Agreement:
        return "id"
    direct = [field.name for field in _foreign_keys(model) if field.related_model is Agreement]
    if direct:
        return direct[0]
    origin = getattr(model, "instance_type", model)
    for field in _foreign_keys(model):
        if field.related_model in (model, origin):
            continue  # a link to another record of the same table (a correction, an edition)
        for inner in _foreign_keys(field.related_model):
            if inner.related_model is Agreement:
                return f"{field.name}__{inner.name}"
    return None


def counted_models() -> list[tuple[type[Model], str]]:
    """The tables whose rows make up an agreement, with the lookup to it.

    A model with history is counted through its historical table (which also records
    deletes); the history of a many-to-many table is left out (every change of it also adds a
    historical record of the record it belongs to).
    """
    counted = []
    for model in apps.get_app_config("agreements").get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue  # the live table of a model with history
        origin = getattr(model, "instance_type", None)
        if origin is not None and origin._meta.auto_created:
            continue  # history of a many-to-many table
        lookup = agreement_lookup(model)
        if lookup is not None:
            counted.append((model, lookup))
    return counted


def agreement_fingerprint(agreement: Agreement) -> str:
    annotations = {}
    for index, (model, lookup) in enumerate(counted_models()):
        rows = (
            model._default_manager.filter(**{lookup: OuterRef("pk")})
            .order_by()
            .values(lookup)
            .annotate(latest=Max("pk"), count=Count("pk"))
        )
        annotations[f"latest_{index}"] = Subquery(rows.values("latest")[:1])
        annotations[f"count_{index}"] = Subquery(rows.values("count")[:1])
    organisations = Organisation.history.order_by("-pk").values("pk")[:1]
    runs = ImportRun.objects.succeeded().order_by("-pk").values("pk")[:1]
    annotations["organisations"] = Subquery(organisations)
    annotations["run"] = Subquery(runs)
    found = Agreement.objects.filter(pk=agreement.pk).annotate(**annotations)
    values = found.values(*annotations).first() or {}
    return "-".join(f"{name}{values.get(name)}" for name in annotations)
