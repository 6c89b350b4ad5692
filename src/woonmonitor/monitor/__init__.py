"""De Wijk- en Dorpenmonitor: indicatorcatalogus (definitie, thema, eenheid, bron, formule,
aggregatie, onthullingsregel) en waarden per gebied per periode (issue 4).

This app is part of the layered design in docs/developers/architecture.md: it may
import from ``areas``, ``accounts`` and ``imports`` (and ``agreements`` may read
figures from the other capability apps through their ``services``), never the
other way round. Its models and pages arrive with the issue that builds it.
"""
