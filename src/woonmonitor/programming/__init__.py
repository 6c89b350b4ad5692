"""Regionale woningbouwprogrammering: woonprojecten (plannen) met locatie, aantallen per segment,
fase en jaar; woningbehoefte per gemeente; plancapaciteit tegen behoefte per regio.

This app is part of the layered design in docs/developers/architecture.md: it may
import from ``areas``, ``accounts`` and ``imports`` (and ``agreements`` may read
figures from the other capability apps through their ``services``), never the
other way round. Its models and pages arrive with the issue that builds it.
"""
