"""What every form that takes a spreadsheet from the template checks before reading it. No
database. The file is refused by its name and size before anything reads it into memory
(``tables.check_size`` with ``UPLOAD_LIMITS``); reading goes through ``tables.template``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from .tables import UPLOAD_LIMITS, TableTooLarge, check_size


def clean_table_upload(upload):
    """The upload when it is a non-empty .csv or .xlsx within the limits; a Dutch
    ``ValidationError`` otherwise."""
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise forms.ValidationError(_("Kies een .csv- of .xlsx-bestand, zoals het sjabloon."))
    try:  # refused by its size before it is read into memory
        check_size(upload.size, UPLOAD_LIMITS)
    except TableTooLarge as exc:
        raise forms.ValidationError(str(exc)) from exc
    if upload.size == 0:
        raise forms.ValidationError(_("Het bestand is leeg."))
    return upload
