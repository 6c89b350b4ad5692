"""Reading the national woningbouwkaart's project file (``project2.json.gz``) into typed records.

Pure: no database. domain.md ("Programming and plan capacity") describes the file as one
record per project with ``project_id``, ``Plannaam``, ``Planstatus``, ``peilmoment``,
``gemeente_naam``, ``provincie_naam``, ``Netto Plancapaciteit``, ``Bruto Plancapaciteit`` and
seven price classes each split hard/zacht (``Sociale huur``, ``Middenhuur``, ``Dure huur``,
``Huur onbekend``, ``Betaalbare koop``, ``Dure koop``, ``Koop onbekend``); the polygons are a
separate file (``project_shape_topo.json.gz``) joined on ``project_id``. So the project file
is read as a JSON list of records; domain.md does not say so in as many words, and a
GeoJSON-like ``{"features": [{"properties": {...}}]}`` is read as well (the shape found is
reported in ``ParsedFile.shape``). Neither is the exact spelling of the hard/zacht keys given:
``"Sociale huur hard"``, ``"Sociale huur_zacht"``, ``"hard Sociale huur"`` and a nested
``{"Sociale huur": {"hard": 3, "zacht": 5}}`` are all read (keys compared without case,
accents and punctuation); keys that are not recognised are listed in
``ParsedFile.unknown_fields`` so a change of format shows in the report.

**Absent is unknown.** A price field that is absent, ``null``, empty or ``"onbekend"`` is
``None``, never 0. A fraction is refused, not rounded.

**Limits.** The file is not a table, so the table reader does not apply; its limits do:
the stored or uploaded file at most ``limits.max_file_bytes`` (``check_size``; 200 MB with
``ADMIN_LIMITS``, 5 MB with ``UPLOAD_LIMITS``), the JSON text after decompressing at most
``min(limits.max_unzipped_bytes, MAX_JSON_BYTES)`` (100 MB; a national file of some tens of
thousands of projects of about 1 kB each is some tens of MB; decompressed in a bounded read, a
gzip bomb stops at the limit), at most ``limits.max_rows`` records. A file beyond a limit,
not gzip or JSON, or not of this shape is a ``MalformedFile`` with a Dutch message.

**Records.** Each record is checked on its own; its problems are ``InvalidRow`` errors
(``row`` names the record and project id) in ``ParsedFile.errors``. An import is all or
nothing: the caller stores nothing unless ``ParsedFile.ok``. Doubts that do not stop a
record (price classes that do not add up to the net capacity, net above gross) are
``warnings``: the national figures are kept as published. Possible duplicates (same id, or
same name and municipality) are listed in ``duplicates`` for review and never summed.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.tables import ADMIN_LIMITS, Limits, TableError, check_size

# find_duplicates and parse_peilmoment are re-exported: callers of this reader use them here.
from .duplicates import Candidate, PossibleDuplicate, normalise
from .duplicates import find_duplicates as find_duplicates
from .peilmoment import parse_peilmoment as parse_peilmoment
from .segments import (
    WONINGBOUWKAART_CLASSES,
    Certainty,
    Segment,
    Tally,
    Units,
    parse_count,
    sum_problem,
    tally,
)

SOURCE = "woningbouwkaart"
MB = 1024 * 1024
#: Upper bound of the JSON text after decompressing, whatever the limits allow.
MAX_JSON_BYTES = 100 * MB
GZIP_MAGIC = b"\x1f\x8b"

#: The file's field -> the normalised keys it is read from.
FIELDS: dict[str, tuple[str, ...]] = {
    "project_id": ("project id", "projectid", "id"),
    "name": ("plannaam", "plan naam", "naam"),
    "status": ("planstatus", "plan status"),
    "peilmoment": ("peilmoment",),
    "municipality": ("gemeente naam", "gemeentenaam", "gemeente"),
    "province": ("provincie naam", "provincienaam", "provincie"),
    "net": ("netto plancapaciteit",),
    "gross": ("bruto plancapaciteit",),
}
LABELS = {
    "project_id": "project_id",
    "name": "Plannaam",
    "peilmoment": "peilmoment",
    "municipality": "gemeente_naam",
    "net": "Netto Plancapaciteit",
    "gross": "Bruto Plancapaciteit",
}
_FIELD_OF = {key: name for name, keys in FIELDS.items() for key in keys}
_CLASS_OF = {normalise(label): segment for segment, label in WONINGBOUWKAART_CLASSES.items()}
_PRICE_KEYS: dict[str, tuple[Segment, Certainty]] = {}
for _class, _segment in _CLASS_OF.items():
    for _certainty in Certainty:
        _PRICE_KEYS[f"{_class} {_certainty.value}"] = (_segment, _certainty)
        _PRICE_KEYS[f"{_certainty.value} {_class}"] = (_segment, _certainty)

#: Plan statuses whose hard/zacht is certain from the text alone; others stay ``None``
#: (the phase ladder is data, to be matched when stored).
HARD_STATUSES = frozenset({"hard", "harde plancapaciteit", "vastgesteld", "onherroepelijk"})
SOFT_STATUSES = frozenset(
    {"zacht", "zachte plancapaciteit", "in voorbereiding", "plan in voorbereiding", "initiatief"}
)


def certainty_of_status(status: str) -> str | None:
    """``Certainty.HARD``/``SOFT`` for a status that says so plainly, else ``None``."""
    text = normalise(status)
    if text in HARD_STATUSES:
        return Certainty.HARD
    if text in SOFT_STATUSES:
        return Certainty.SOFT
    return None


@dataclass(frozen=True)
class ParsedProject:
    """One project of the file, typed; counts ``None`` are unknown."""

    #: the record's number in the file (1 is the first)
    position: int
    project_id: str
    name: str
    plan_status: str
    #: hard/zacht when the plan status says so plainly, else ``None``
    certainty: str | None
    peilmoment: date
    #: the peilmoment as the file gives it
    peilmoment_text: str
    municipality_name: str
    province_name: str
    net: int | None
    gross: int | None
    #: every price class twice (hard, zacht), in the order of ``WONINGBOUWKAART_CLASSES``
    units: tuple[Units, ...]

    def count(self, segment: str, certainty: str) -> int | None:
        return next(
            unit.count
            for unit in self.units
            if unit.segment == segment and unit.certainty == certainty
        )

    def segment_total(self, segment: str) -> int | None:
        """Hard plus zacht; ``None`` when either is unknown."""
        parts = [self.count(segment, certainty) for certainty in Certainty]
        return None if None in parts else sum(parts)  # type: ignore[arg-type]

    def tally(self) -> Tally:
        """All price classes against the net capacity."""
        return tally(self.units, total=self.net)

    def candidate(self) -> Candidate:
        return Candidate(SOURCE, self.project_id, self.name, self.municipality_name, self.position)


@dataclass
class ParsedFile:
    #: ``"list"`` (a list of records) or ``"features"`` (GeoJSON-like)
    shape: str
    records: int = 0
    projects: list[ParsedProject] = field(default_factory=list)
    errors: list[InvalidRow] = field(default_factory=list)
    warnings: list[InvalidRow] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No record has an error: the file may be stored (duplicates still to review)."""
        return not self.errors


# ------------------------------------------------------------------------------- reading


def read_path(
    path: os.PathLike | str, *, limits: Limits = ADMIN_LIMITS, default_peilmoment=None
) -> ParsedFile:
    """Read ``project2.json`` or ``project2.json.gz`` from disk within ``limits``."""
    name, data = read_bytes(path, limits=limits)
    return parse_bytes(data, limits=limits, default_peilmoment=default_peilmoment, name=name)


def read_bytes(path: os.PathLike | str, *, limits: Limits = ADMIN_LIMITS) -> tuple[str, bytes]:
    """The file's name and at most one byte more than ``limits`` allow (refused by its size
    before it is read); ``MalformedFile`` (Dutch) when it is too large or cannot be read."""
    name = os.path.basename(path)
    try:
        check_size(os.stat(path).st_size, limits)
    except TableError as exc:
        raise MalformedFile(f"{name}: {exc}") from exc
    except OSError as exc:
        raise MalformedFile(_("%(name)s: het bestand is niet te lezen.") % {"name": name}) from exc
    with open(path, "rb") as handle:
        return name, handle.read(limits.max_file_bytes + 1)


def parse_bytes(
    data: bytes, *, limits: Limits = ADMIN_LIMITS, default_peilmoment=None, name: str = ""
) -> ParsedFile:
    """Parse the file's bytes (gzip or plain JSON, told apart by the gzip signature).

    ``default_peilmoment`` (a ``date``) is used for records without one; without it such a
    record is an error."""
    try:
        document = decode(data, limits=limits)
        shape, records = records_of(document, limits=limits)
    except MalformedFile as exc:
        if not name:
            raise
        raise MalformedFile(f"{name}: {exc}", errors=[f"{name}: {e}" for e in exc.errors]) from exc
    result = ParsedFile(shape=shape, records=len(records))
    unknown: set[str] = set()
    for position, record in enumerate(records, start=1):
        project = parse_record(record, position, result, unknown, default_peilmoment)
        if project is not None:
            result.projects.append(project)
    result.unknown_fields = sorted(unknown)
    result.duplicates = find_duplicates(project.candidate() for project in result.projects)
    return result


def decode(data: bytes, *, limits: Limits = ADMIN_LIMITS) -> object:
    """The JSON value in ``data`` within the limits; ``MalformedFile`` (Dutch) otherwise."""
    check_size(len(data), limits)
    cap = min(limits.max_unzipped_bytes, MAX_JSON_BYTES)
    if data[:2] == GZIP_MAGIC:
        try:
            text = gzip.GzipFile(fileobj=io.BytesIO(data)).read(cap + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise MalformedFile(_("Het bestand is geen geldig gzip-bestand.")) from exc
    else:
        text = data
    if len(text) > cap:
        raise MalformedFile(
            _("Het bestand is uitgepakt groter dan %(limit)s MB; zo groot is het niet te lezen.")
            % {"limit": cap // MB}
        )
    try:
        return json.loads(text.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise MalformedFile(_("Het bestand is geen UTF-8-tekst en dus geen JSON.")) from exc
    except RecursionError as exc:
        raise MalformedFile(_("Het JSON-bestand is te diep genest.")) from exc
    except ValueError as exc:
        raise MalformedFile(
            _("Het bestand is geen geldige JSON (%(reason)s).") % {"reason": exc}
        ) from exc


def records_of(document: object, *, limits: Limits = ADMIN_LIMITS) -> tuple[str, list]:
    """``("list", records)`` or ``("features", properties)``; ``MalformedFile`` for any
    other shape."""
    if isinstance(document, list):
        shape, records = "list", document
    elif isinstance(document, dict) and isinstance(document.get("features"), list):
        shape, records = "features", [_properties(item) for item in document["features"]]
    else:
        raise MalformedFile(
            _(
                "Het bestand heeft niet de vorm van project2.json: verwacht een lijst van "
                "projecten of een object met 'features'."
            )
        )
    if len(records) > limits.max_rows:
        raise MalformedFile(
            _("Het bestand heeft %(count)s projecten; hoogstens %(limit)s per keer.")
            % {"count": len(records), "limit": limits.max_rows}
        )
    if records and not any(isinstance(record, dict) for record in records):
        raise MalformedFile(_("Het bestand bevat geen projecten (geen JSON-objecten)."))
    return shape, records


def _properties(feature: object) -> object:
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return feature  # reported per record
    properties = dict(feature["properties"])
    if "id" in feature and not any(normalise(k) in FIELDS["project_id"] for k in properties):
        properties["project_id"] = feature["id"]
    return properties


# ------------------------------------------------------------------------------ checking


def parse_record(
    record: object,
    position: int,
    result: ParsedFile,
    unknown: set[str],
    default_peilmoment: date | None = None,
) -> ParsedProject | None:
    """One record; its errors and warnings go to ``result``, unknown keys to ``unknown``."""
    if not isinstance(record, dict):
        result.errors.append(
            InvalidRow(_("Dit record is geen JSON-object."), row=_where(position, ""))
        )
        return None
    values: dict[str, object] = {}
    prices: dict[tuple[Segment, Certainty], object] = {}
    errors: list[str] = []
    for key, value in record.items():
        normal = normalise(str(key))
        if normal in _FIELD_OF:
            values.setdefault(_FIELD_OF[normal], value)
        elif normal in _PRICE_KEYS:
            _put(prices, _PRICE_KEYS[normal], value, str(key), errors)
        elif normal in _CLASS_OF and isinstance(value, Mapping):
            for part, count in value.items():
                certainty = normalise(str(part))
                if certainty in Certainty.values:
                    where = (_CLASS_OF[normal], Certainty(certainty))
                    _put(prices, where, count, f"{key}.{part}", errors)
                else:
                    unknown.add(f"{key}.{part}")
        else:
            unknown.add(str(key))
    project_id = _text(values.get("project_id"))
    where = _where(position, project_id)
    for required in ("project_id", "name", "municipality"):
        if not _text(values.get(required)):
            errors.append(_("%(field)s ontbreekt.") % {"field": LABELS[required]})
    peilmoment = default_peilmoment
    raw_moment = values.get("peilmoment")
    if _text(raw_moment):
        try:
            peilmoment = parse_peilmoment(raw_moment)
        except ValueError as exc:
            errors.append(str(exc))
    elif peilmoment is None:
        errors.append(_("peilmoment ontbreekt."))
    counts: dict[str, int | None] = {}
    for name in ("net", "gross"):
        try:
            counts[name] = parse_count(values.get(name), LABELS[name])
        except ValueError as exc:
            errors.append(str(exc))
    units = []
    for segment, label in WONINGBOUWKAART_CLASSES.items():
        for certainty in Certainty:
            try:
                count = parse_count(prices.get((segment, certainty)), f"{label} {certainty}")
            except ValueError as exc:
                errors.append(str(exc))
                count = None
            units.append(Units(segment, count, certainty))
    if errors:
        result.errors.extend(InvalidRow(message, row=where) for message in errors)
        return None
    project = ParsedProject(
        position=position,
        project_id=project_id,
        name=_text(values.get("name")),
        plan_status=_text(values.get("status")),
        certainty=certainty_of_status(_text(values.get("status"))),
        peilmoment=peilmoment,  # type: ignore[arg-type]
        peilmoment_text=_text(raw_moment) or (peilmoment.isoformat() if peilmoment else ""),
        municipality_name=_text(values.get("municipality")),
        province_name=_text(values.get("province")),
        net=counts["net"],
        gross=counts["gross"],
        units=tuple(units),
    )
    for warning in _doubts(project):
        result.warnings.append(InvalidRow(warning, row=where))
    return project


def _doubts(project: ParsedProject) -> list[str]:
    doubts = []
    if project.net is None:
        doubts.append(_("Netto Plancapaciteit ontbreekt: de plancapaciteit is onbekend."))
    problem = sum_problem(
        project.tally(), parts=_("De prijsklassen"), total_name="Netto Plancapaciteit"
    )
    if problem:
        doubts.append(problem)
    if project.net is not None and project.gross is not None and project.net > project.gross:
        doubts.append(
            _("Netto Plancapaciteit (%(net)s) is groter dan Bruto Plancapaciteit (%(gross)s).")
            % {"net": project.net, "gross": project.gross}
        )
    return doubts


def _put(prices: dict, where: tuple, value: object, key: str, errors: list[str]) -> None:
    if where in prices and prices[where] != value:
        errors.append(
            _("%(key)s staat twee keer in het record, met verschillende waarden.") % {"key": key}
        )
    prices.setdefault(where, value)


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _where(position: int, project_id: str) -> str:
    if project_id:
        return _("record %(position)s (project %(id)s)") % {
            "position": position,
            "id": project_id,
        }
    return _("record %(position)s") % {"position": position}
