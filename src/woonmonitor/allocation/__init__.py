"""Verdeling van aandachtsgroepen: groepen, taakstellingen en vraag per gemeente en periode,
verdeelsleutels en fair-share-uitkomsten tegen gerealiseerde plaatsingen.

This app is part of the layered design in docs/developers/architecture.md: it may
import from ``areas``, ``accounts`` and ``imports`` (and ``agreements`` may read
figures from the other capability apps through their ``services``), never the
other way round. Its models and pages arrive with the issue that builds it.
"""
