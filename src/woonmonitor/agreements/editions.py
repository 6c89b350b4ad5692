"""What changed between two editions of the rolling document, commitment by commitment (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

COMPARED_FIELDS = (
    ("number", "nr."),
    ("content", "inhoud"),
    ("result", "resultaat"),
    ("period", "tijd"),
    ("lead_text", "trekker"),
    ("year_entry_label", "kop jaarschijf"),
    ("year_entry", "jaarschijf"),
    ("status", "status"),
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class CommitmentChange:
    kind: str  # "added" / "removed" / "changed" / "unchanged"
    label: str
    old_id: int | None = None
    new_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)


def compare_editions(old: list[dict], new: list[dict]) -> list[CommitmentChange]:
    """Compare two lists of commitments given as dicts with ``id``, ``previous_id`` and the fields.

    A commitment in the new edition is matched to the old one it was copied from
    (``previous_id``); commitments that were not carried over count as removed,
    new ones as added. The order follows the new edition, removed ones last.
    """
    old_by_id = {item["id"]: item for item in old}
    matched: set[int] = set()
    result = []
    for item in new:
        before = old_by_id.get(item.get("previous_id"))
        label = item.get("number") or item.get("label") or ""
        if before is None:
            result.append(CommitmentChange("added", label, new_id=item["id"]))
            continue
        matched.add(before["id"])
        changes = [
            FieldChange(name, text, str(before.get(name) or ""), str(item.get(name) or ""))
            for name, text in COMPARED_FIELDS
            if str(before.get(name) or "") != str(item.get(name) or "")
        ]
        result.append(
            CommitmentChange(
                "changed" if changes else "unchanged", label, before["id"], item["id"], changes
            )
        )
    for item in old:
        if item["id"] not in matched:
            label = item.get("number") or item.get("label") or ""
            result.append(CommitmentChange("removed", label, old_id=item["id"]))
    return result
