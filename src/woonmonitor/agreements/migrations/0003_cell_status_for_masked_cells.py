import re

from django.db import migrations, models

# The rules of agreements.masking at the time of this migration (kept here on purpose: a
# migration must not change when the app's code does).
MASKED_LABEL = re.compile(r"X[xX]+(?:\s+0+)?|0{3,}|X[0X]+")
MASKED_VALUE = re.compile(r"0{2,}|(?=.*[Xx])[X0x]+")
DASHES = {"-", "–", "—"}
ZERO_NOTE = (
    "0 in een rij of kolom die in de bron gemaskeerd is: het getal kan zelf gemaskeerd zijn; "
    "onleesbaar tot een beoordelaar het getal invult"
)


def _masked_label(text):
    return bool(MASKED_LABEL.fullmatch(" ".join((text or "").split())))


def fill_status(apps, schema_editor):
    """Every stored cell gets its status; a 0 in a masked row or column becomes unreadable."""
    NumberCell = apps.get_model("agreements", "NumberCell")
    Flag = apps.get_model("agreements", "Flag")
    for cell in NumberCell.objects.select_related("table").iterator():
        raw = (cell.raw or "").strip()
        if cell.value == 0 and (_masked_label(cell.row_label) or _masked_label(cell.column)):
            cell.value = None
            cell.status = "masked"
            Flag.objects.create(
                agreement_id=cell.table.agreement_id,
                table_id=cell.table_id,
                field=f"rows[{cell.row}].cells[{cell.col}].value",
                kind="masked",
                raw=cell.raw,
                note=ZERO_NOTE,
            )
        elif cell.value is not None:
            cell.status = "readable"
        elif MASKED_VALUE.fullmatch(raw):
            cell.status = "masked"
        elif raw and raw not in DASHES:
            cell.status = "unreadable"
        else:
            cell.status = "empty"
        cell.save(update_fields=["value", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_sign_offs_and_one_party_per_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalnumbercell",
            name="status",
            field=models.CharField(
                choices=[
                    ("readable", "leesbaar in de bron"),
                    ("masked", "onleesbaar gemaakt in de bron"),
                    ("unreadable", "niet als getal te lezen"),
                    ("empty", "leeg in de bron"),
                    ("reviewed", "ingevuld door een beoordelaar"),
                ],
                default="readable",
                max_length=12,
                verbose_name="leesbaarheid",
            ),
        ),
        migrations.AddField(
            model_name="numbercell",
            name="status",
            field=models.CharField(
                choices=[
                    ("readable", "leesbaar in de bron"),
                    ("masked", "onleesbaar gemaakt in de bron"),
                    ("unreadable", "niet als getal te lezen"),
                    ("empty", "leeg in de bron"),
                    ("reviewed", "ingevuld door een beoordelaar"),
                ],
                default="readable",
                max_length=12,
                verbose_name="leesbaarheid",
            ),
        ),
        migrations.RunPython(fill_status, migrations.RunPython.noop),
    ]
