"""The plausible range of every number and text a person enters for an agreement. Pure.

Forms, API serializers and services read their limits from here, so a page and the API refuse
the same input with the same reason, and no number that would overflow the database column
(or make no sense: a million homes in one year for one association) reaches it.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import AgreementError

#: A count of homes in one figure (one association, one measure, one year): the largest Dutch
#: association owns about 80,000 homes; a million leaves room and stays far from 2**31.
MAX_COUNT = 1_000_000
#: Years a report or realised figure can be about; cells and commitments may name older years.
MIN_REPORT_YEAR, MAX_REPORT_YEAR = 2000, 2100
MIN_YEAR, MAX_YEAR = 1900, 2100
#: Texts people write (a progress report, an advice, a note with a figure or a sign-off).
MAX_REPORT_TEXT = 5000
MAX_COMMENT_TEXT = 5000
MAX_NOTE = 2000
MAX_SIGN_OFF_NOTE = 2000


def validate_count(value: int | None, label: str, *, allow_negative: bool = True) -> None:
    """A table cell (may be negative: a net change) or a realised count (not negative)."""
    if value is None:
        return
    low = -MAX_COUNT if allow_negative else 0
    if not low <= value <= MAX_COUNT:
        raise AgreementError(
            _("%(label)s moet tussen %(low)s en %(high)s liggen.")
            % {"label": label, "low": grouped(low), "high": grouped(MAX_COUNT)}
        )


def grouped(number: int) -> str:
    """A whole number with the thousands separator of the active language (1.000.000)."""
    return number_format(number, force_grouping=True)


def validate_year(value: int | None, label: str, *, low: int = MIN_YEAR, high: int = MAX_YEAR):
    if value is not None and not low <= value <= high:
        raise AgreementError(
            _("%(label)s moet een jaartal tussen %(low)d en %(high)d zijn.")
            % {"label": label, "low": low, "high": high}
        )


def validate_text(value: str, label: str, limit: int) -> None:
    if len(value) > limit:
        raise AgreementError(
            _("%(label)s is %(length)d tekens lang; hoogstens %(limit)d is toegestaan.")
            % {"label": label, "length": len(value), "limit": limit}
        )
