"""Sections of the sources page from the apps above: a registry. Reads.

The sources page (``views.sources``) says where every figure comes from. Apps above the
foundation (agreements, housing) have sources of their own: documents, reference values
with a working note. They register a section here, usually from ``AppConfig.ready``; the
areas app knows no app above it.
"""

from __future__ import annotations

from collections.abc import Callable

#: section(request) -> (template name, context) or None when it has nothing to show
Section = Callable[[object], tuple[str, dict] | None]
_SECTIONS: list[Section] = []


def register(section: Section) -> Section:
    """Add a section; returns it, so it can decorate."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def sections_for(request) -> list[tuple[str, dict]]:
    """(template, context) of every registered section with something to show."""
    return [found for section in _SECTIONS if (found := section(request)) is not None]
