"""Which import runs a person may see: a registry of rules from the apps above. Reads.

A run is a record of what was loaded; its report can quote rows of the file. The history is
for members of an organisation and staff (``ImportRunQuerySet.visible_to``). An app whose
imports are not public until later (the agreements app: a draft is seen only by its parties
and the province) registers a rule that hides its runs from whoever may not see what they
imported. The imports app knows no app above it; the rules come to it (``register``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

#: rule(user) -> Q of the runs this user may NOT see; None when it hides nothing
Rule = Callable[[object], Q | None]
_RULES: list[Rule] = []


def register(rule: Rule) -> Rule:
    """Add a rule (usually from an app's ``AppConfig.ready``); returns it, so it can decorate."""
    if rule not in _RULES:
        _RULES.append(rule)
    return rule


def hidden_from(user) -> Q | None:
    """One Q of every run some rule hides from ``user``, or None."""
    hidden = None
    for rule in _RULES:
        condition = rule(user)
        if condition is not None:
            hidden = condition if hidden is None else hidden | condition
    return hidden
