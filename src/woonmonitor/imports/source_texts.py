"""Words for the sources table: how a source's reference date (peildatum) reads in Dutch.

Pure. Used by the sources page (every source with its rule) and by ``monitor.citations`` (the
source line beside a figure), so that both say the same.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from .sources import Reference


def long_date(moment: date) -> str:
    """ "1 januari 2024"."""
    return formats.date_format(moment, "j F Y")


def rule_text(reference: str, reference_date: date | None = None) -> str:
    """The reference rule of a source for a list over several years: "peildatum 1 januari van
    het jaar"; empty for a source without figures about a moment."""
    if reference == Reference.START_OF_YEAR:
        return _("peildatum 1 januari van het jaar")
    if reference == Reference.END_OF_YEAR:
        return _("peildatum 31 december van het jaar")
    if reference == Reference.YEAR:
        return _("cijfers over het hele jaar")
    if reference == Reference.FIXED and reference_date is not None:
        return _("peildatum %(date)s") % {"date": long_date(reference_date)}
    if reference == Reference.PER_ROW:
        return _("peildatum per regel van de bron")
    return ""
