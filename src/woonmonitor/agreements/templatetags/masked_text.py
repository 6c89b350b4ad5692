"""Quoted source text with its masked parts marked: ``{{ commitment.content|masked }}``.

The text keeps the masking as the source has it ('0000-0000 000', 'Xxxxxx'); each masked part
is a <mark> that says "onleesbaar in de bron" to everyone: visibly (highlight and title) and to
screen readers (the raw mask characters are hidden from them, the words are read instead).
``|masked:"print"`` writes the words visibly as well, for the PDF report.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..masking import masked_segments

register = template.Library()


@register.filter(needs_autoescape=True)
def masked(text, mode: str = "", autoescape: bool = True) -> SafeString:
    escape = conditional_escape if autoescape else str
    label = _("onleesbaar in de bron")
    out = []
    for part, is_masked in masked_segments(str(text or "")):
        if not is_masked:
            out.append(str(escape(part)))
        elif mode == "print":
            out.append(format_html('<mark class="masked-text">[{}: {}]</mark>', label, part))
        else:
            out.append(
                format_html(
                    '<mark class="wm-masked-text" title="{}"><span aria-hidden="true">{}</span>'
                    '<span class="wm-visually-hidden">[{}]</span></mark>',
                    label,
                    part,
                    label,
                )
            )
    return mark_safe("".join(out))  # every part escaped above
