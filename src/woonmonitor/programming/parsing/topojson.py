"""The woningbouwkaart's project shapes (``project_shape_topo.json[.gz]``, TopoJSON) as GeoJSON
geometries in WGS84, by ``project_id``. Pure: no database, no geometry library.

**TopoJSON** (github.com/topojson/topojson-specification): a ``Topology`` with ``objects`` and
shared ``arcs``. Each arc is a list of positions; with a ``transform`` (``scale``,
``translate``) the file is *quantized* and each arc's positions are delta-encoded integers
(the first absolute, every next one the difference with the previous), decoded as
``x = sum(dx) * scale[0] + translate[0]``. A polygon ring is a list of arc indexes; a negative
index ``~i`` (``-i - 1``) is arc ``i`` reversed; the arcs of a ring are joined dropping the
first position of every arc after the first (it repeats the last one of the previous). The
first ring of a polygon is its outline, the others are holes.

**Objects.** Every object (also inside a ``GeometryCollection``) that names a project, by
``properties.project_id`` (or another spelling the project file reader knows: ``projectid``,
``id``) or by its own ``id``, is that project's shape: a ``Polygon``, a ``MultiPolygon`` or a
``GeometryCollection`` of those (one ``MultiPolygon`` then). A project named by several objects
gets one ``MultiPolygon`` of all their parts (with a warning). An object without a project id
is counted (``ParsedShapes.without_id``), never guessed.

**Coordinates.** WGS84 longitude/latitude are kept. RD New (EPSG:28992: x about 0-300,000,
y about 289,000-629,000 m) is converted with the published approximation of Schreutelkamp &
Strang van Hees ("Benaderingsformules voor de transformatie tussen RD- en
WGS84-kaartcoördinaten", 2001; about 1 m within the Netherlands): ``rd_to_wgs84``. Which of the
two it is follows from the range of all arc positions (a ``crs`` member naming 28992 or 4326,
not part of TopoJSON but written by some tools, must agree with it); anything else refuses the
file. Positions are rounded to 7 decimals (about 1 cm).

**Per project** the geometry is checked with ``programming.geometry.check`` (a polygon of at
least four positions, closed rings, at most ``MAX_VERTICES`` positions, within the Netherlands):
a problem is an ``InvalidRow`` in ``ParsedShapes.errors`` for that project, whose other
projects are unaffected (the caller stores no geometry for it).

**Limits.** The file as ``parsing.woningbouwkaart.decode`` reads the project file (file size,
decompressed size, gzip bomb), at most ``MAX_ARCS`` arcs, ``MAX_POSITIONS`` arc positions and
``limits.max_rows`` objects; beyond one, or not a Topology, is a ``MalformedFile`` (Dutch).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.tables import ADMIN_LIMITS, Limits

from ..geometry import GeometryError, check
from .duplicates import normalise
from .woningbouwkaart import FIELDS, decode, read_bytes

MAX_ARCS = 200_000
MAX_POSITIONS = 5_000_000
#: GeometryCollections inside GeometryCollections, deepest
MAX_DEPTH = 8
DECIMALS = 7
WGS84 = "WGS84"
RD = "RD"
#: x and y of RD New positions in and around the Netherlands (metres)
RD_BOUNDS = ((-7_000.0, 300_000.0), (289_000.0, 629_000.0))
_ID_KEYS = frozenset(FIELDS["project_id"])

Position = tuple[float, float]
Ring = list[Position]


# ------------------------------------------------------------------------- RD -> WGS84

#: (p, q, K_pq): latitude = 52.15517440 + sum(K_pq dX^p dY^q) / 3600
_K = (
    (0, 1, 3235.65389),
    (2, 0, -32.58297),
    (0, 2, -0.24750),
    (2, 1, -0.84978),
    (0, 3, -0.06550),
    (2, 2, -0.01709),
    (1, 0, -0.00738),
    (4, 0, 0.00530),
    (2, 3, -0.00039),
    (4, 1, 0.00033),
    (1, 1, -0.00012),
)
#: (p, q, L_pq): longitude = 5.38720621 + sum(L_pq dX^p dY^q) / 3600
_L = (
    (1, 0, 5260.52916),
    (1, 1, 105.94684),
    (1, 2, 2.45656),
    (3, 0, -0.81885),
    (1, 3, 0.05594),
    (3, 1, -0.05607),
    (0, 1, 0.01199),
    (3, 2, -0.00256),
    (1, 4, 0.00128),
    (0, 2, 0.00022),
    (2, 0, -0.00022),
    (5, 0, 0.00026),
)


def rd_to_wgs84(x: float, y: float) -> Position:
    """RD New ``x, y`` (metres) as WGS84 ``(longitude, latitude)`` in degrees (GeoJSON order),
    by the approximation formulas of Schreutelkamp & Strang van Hees (about 1 m in the
    Netherlands; dX, dY in units of 100 km from Amersfoort, 155000, 463000)."""
    dx = (x - 155_000.0) * 1e-5
    dy = (y - 463_000.0) * 1e-5
    latitude = 52.15517440 + sum(k * dx**p * dy**q for p, q, k in _K) / 3600.0
    longitude = 5.38720621 + sum(k * dx**p * dy**q for p, q, k in _L) / 3600.0
    return longitude, latitude


def crs_of(bounds: tuple[float, float, float, float] | None) -> str | None:
    """``WGS84`` or ``RD`` for positions within ``(min x, min y, max x, max y)``; ``None`` when
    they fit neither (no positions: ``WGS84``)."""
    if bounds is None:
        return WGS84
    min_x, min_y, max_x, max_y = bounds
    if min_x >= -180.0 and max_x <= 180.0 and min_y >= -90.0 and max_y <= 90.0:
        return WGS84
    (low_x, high_x), (low_y, high_y) = RD_BOUNDS
    if min_x >= low_x and max_x <= high_x and min_y >= low_y and max_y <= high_y:
        return RD
    return None


def _declared_crs(document: dict) -> str | None:
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    name = str(properties.get("name", "")).rstrip("/") if isinstance(properties, dict) else ""
    if name.endswith("28992"):
        return RD
    if name.endswith(("4326", "CRS84")):
        return WGS84
    return None


# ------------------------------------------------------------------------------ results


@dataclass
class ParsedShapes:
    #: ``WGS84`` or ``RD`` (converted)
    crs: str = WGS84
    #: objects read that name a project (several parts of one project count once each)
    objects: int = 0
    #: objects without a project id
    without_id: int = 0
    #: project id -> checked GeoJSON Polygon or MultiPolygon in WGS84
    shapes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per project: a shape that is no usable polygon (``row`` is the project id)
    errors: list[InvalidRow] = field(default_factory=list)
    warnings: list[InvalidRow] = field(default_factory=list)

    @property
    def invalid(self) -> dict[str, str]:
        """Project id -> the problems of its shape."""
        found: dict[str, str] = {}
        for error in self.errors:
            found[error.row] = f"{found[error.row]}; {error}" if error.row in found else str(error)
        return found


# ------------------------------------------------------------------------------ reading


def read_path(path: os.PathLike | str, *, limits: Limits = ADMIN_LIMITS) -> ParsedShapes:
    """Read ``project_shape_topo.json`` or ``.json.gz`` from disk within ``limits``."""
    name, data = read_bytes(path, limits=limits)
    try:
        return parse_topology(decode(data, limits=limits), limits=limits)
    except MalformedFile as exc:
        raise MalformedFile(f"{name}: {exc}") from exc


def parse_topology(document: object, *, limits: Limits = ADMIN_LIMITS) -> ParsedShapes:
    """The shapes of a decoded TopoJSON document (rules in the module docstring)."""
    if not (
        isinstance(document, dict)
        and document.get("type") == "Topology"
        and isinstance(document.get("objects"), dict)
        and isinstance(document.get("arcs"), list)
    ):
        raise MalformedFile(
            _(
                "Het bestand is geen TopoJSON: verwacht een object met type 'Topology', "
                "'objects' en 'arcs'."
            )
        )
    arcs = document["arcs"]
    if len(arcs) > MAX_ARCS:
        raise MalformedFile(
            _("Het bestand heeft %(count)s bogen (arcs); hoogstens %(limit)s.")
            % {"count": f"{len(arcs):,}".replace(",", "."), "limit": "200.000"}
        )
    decoded = decode_arcs(arcs, _transform(document.get("transform")))
    crs = crs_of(_bounds(decoded))
    declared = _declared_crs(document)
    if crs is None or (declared is not None and declared != crs):
        raise MalformedFile(
            _(
                "De coördinaten zijn geen WGS84 (lengte, breedte) en geen RD (x ongeveer "
                "0-300.000, y 300.000-625.000 m); een ander stelsel wordt niet geraden."
            )
        )
    if crs == RD:
        decoded = [[_rounded(rd_to_wgs84(x, y)) for x, y in arc] for arc in decoded]
    else:
        decoded = [[_rounded(position) for position in arc] for arc in decoded]
    result = ParsedShapes(crs=crs)
    parts: dict[str, list[list[list[Ring]]]] = {}
    problems: dict[str, list[str]] = {}
    found = list(_named_objects(document["objects"], result, limits))
    for project_id, item in found:
        result.objects += 1
        try:
            polygons = _polygons(item, decoded, depth=0)
        except GeometryError as exc:
            problems.setdefault(project_id, []).append(str(exc))
            polygons = []
        parts.setdefault(project_id, []).append(polygons)
    for project_id, pieces in parts.items():
        if len(pieces) > 1:
            result.warnings.append(
                InvalidRow(
                    _("%(count)s objecten noemen dit project; hun vlakken zijn samengevoegd.")
                    % {"count": len(pieces)},
                    row=project_id,
                )
            )
        if project_id in problems:
            result.errors += [
                InvalidRow(message, row=project_id) for message in problems[project_id]
            ]
            continue
        polygons = [polygon for piece in pieces for polygon in piece]
        try:
            result.shapes[project_id] = check(_geometry(polygons))
        except GeometryError as exc:
            result.errors.append(InvalidRow(str(exc), row=project_id))
    return result


def _transform(transform: object) -> tuple[Position, Position] | None:
    if transform is None:
        return None
    try:
        scale = tuple(float(_number(v)) for v in transform["scale"])  # type: ignore[index]
        translate = tuple(float(_number(v)) for v in transform["translate"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError) as exc:
        raise MalformedFile(
            _("De transform van het bestand heeft geen scale en translate van twee getallen.")
        ) from exc
    if len(scale) != 2 or len(translate) != 2 or 0.0 in scale:
        raise MalformedFile(
            _("De transform van het bestand heeft geen scale en translate van twee getallen.")
        )
    return (scale[0], scale[1]), (translate[0], translate[1])


def _number(value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    return value


def decode_arcs(arcs: list, transform: tuple[Position, Position] | None) -> list[Ring]:
    """Every arc as absolute positions (delta-decoded and transformed when quantized)."""
    decoded: list[Ring] = []
    total = 0
    for number, arc in enumerate(arcs):
        if not isinstance(arc, list) or len(arc) < 2:
            raise MalformedFile(
                _("Boog %(number)s heeft geen lijst van minstens twee posities.")
                % {"number": number}
            )
        total += len(arc)
        if total > MAX_POSITIONS:
            raise MalformedFile(
                _("Het bestand heeft meer dan %(limit)s posities in zijn bogen.")
                % {"limit": f"{MAX_POSITIONS:,}".replace(",", ".")}
            )
        try:
            positions = [(_number(p[0]), _number(p[1])) for p in arc]
        except (TypeError, IndexError, KeyError, ValueError) as exc:
            raise MalformedFile(
                _("Boog %(number)s heeft een positie die geen twee getallen is.")
                % {"number": number}
            ) from exc
        if transform is not None:
            (scale_x, scale_y), (translate_x, translate_y) = transform
            x = y = 0
            absolute = []
            for dx, dy in positions:
                x += dx
                y += dy
                absolute.append((x * scale_x + translate_x, y * scale_y + translate_y))
            decoded.append(absolute)
        else:
            decoded.append([(float(x), float(y)) for x, y in positions])
    return decoded


def _bounds(arcs: list[Ring]) -> tuple[float, float, float, float] | None:
    xs = [x for arc in arcs for x, _y in arc]
    ys = [y for arc in arcs for _x, y in arc]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _rounded(position: Position) -> Position:
    return round(position[0], DECIMALS), round(position[1], DECIMALS)


def project_id_text(value: object) -> str:
    """A project id as the project file reader writes it (``900001.0`` -> ``"900001"``)."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _project_id(item: dict) -> str:
    properties = item.get("properties")
    if isinstance(properties, dict):
        for key, value in properties.items():
            if normalise(str(key)) in _ID_KEYS and project_id_text(value):
                return project_id_text(value)
    return project_id_text(item.get("id"))


def _named_objects(
    objects: dict, result: ParsedShapes, limits: Limits
) -> Iterator[tuple[str, dict]]:
    """(project id, object) for every object that names a project; the rest counted."""
    seen = 0
    stack: list[tuple[object, int]] = [(item, 0) for item in reversed(list(objects.values()))]
    while stack:
        item, depth = stack.pop()
        seen += 1
        if seen > limits.max_rows:
            raise MalformedFile(
                _("Het bestand heeft meer dan %(limit)s objecten.") % {"limit": limits.max_rows}
            )
        if not isinstance(item, dict):
            result.without_id += 1
            continue
        project_id = _project_id(item)
        if project_id:
            yield project_id, item
        elif item.get("type") == "GeometryCollection" and depth < MAX_DEPTH:
            members = item.get("geometries")
            if isinstance(members, list):
                stack += [(member, depth + 1) for member in reversed(members)]
        else:
            result.without_id += 1


def _arc(index: object, arcs: list[Ring]) -> Ring:
    if isinstance(index, bool) or not isinstance(index, int):
        raise GeometryError(_("Een ring verwijst naar een boog zonder nummer."))
    number = ~index if index < 0 else index
    if number >= len(arcs):
        raise GeometryError(
            _("Een ring verwijst naar boog %(number)s, die niet in het bestand staat.")
            % {"number": index}
        )
    return arcs[number][::-1] if index < 0 else arcs[number]


def _ring(indexes: object, arcs: list[Ring]) -> list[list[float]]:
    if not isinstance(indexes, list) or not indexes:
        raise GeometryError(_("Een ring is geen lijst van bogen."))
    positions: Ring = []
    for index in indexes:
        arc = _arc(index, arcs)
        positions += arc if not positions else arc[1:]
    if positions[0] != positions[-1]:
        raise GeometryError(_("Een ring van het vlak is niet gesloten."))
    return [[x, y] for x, y in positions]


def _polygons(item: dict, arcs: list[Ring], *, depth: int) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon, MultiPolygon or GeometryCollection of those (each polygon a
    list of rings: outline first, then holes)."""
    kind = item.get("type")
    if kind == "Polygon":
        rings = item.get("arcs")
        if not isinstance(rings, list) or not rings:
            raise GeometryError(_("Het vlak heeft geen ringen."))
        return [[_ring(ring, arcs) for ring in rings]]
    if kind == "MultiPolygon":
        polygons = item.get("arcs")
        if not isinstance(polygons, list) or not polygons:
            raise GeometryError(_("Het multivlak heeft geen vlakken."))
        return [
            polygon
            for rings in polygons
            for polygon in _polygons({"type": "Polygon", "arcs": rings}, arcs, depth=depth)
        ]
    if kind == "GeometryCollection" and depth < MAX_DEPTH:
        members = item.get("geometries")
        if not isinstance(members, list):
            raise GeometryError(_("De verzameling heeft geen geometrieën."))
        return [
            polygon
            for member in members
            if isinstance(member, dict)
            for polygon in _polygons(member, arcs, depth=depth + 1)
        ]
    if kind is None:
        raise GeometryError(_("Het object heeft geen geometrie (type null)."))
    raise GeometryError(
        _("Het object is een %(kind)s, geen vlak of multivlak.") % {"kind": str(kind)[:40]}
    )


def _geometry(polygons: list) -> dict[str, Any]:
    if not polygons:
        raise GeometryError(_("Het object heeft geen vlak."))
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}
