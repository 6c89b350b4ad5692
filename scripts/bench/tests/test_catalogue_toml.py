"""The benchmark's copy of the catalogue reads back as the real one (lists included)."""

from __future__ import annotations

import tomllib

import catalogue_toml


def test_the_real_catalogue_survives_a_round_trip():
    real = tomllib.loads(catalogue_toml.REAL_CATALOGUE.read_text(encoding="utf-8"))
    assert tomllib.loads(catalogue_toml.dumps(real)) == real


def test_values_of_every_kind():
    data = {"version": "1", "indicator": [{"key": "a", "range": [-1, 2.5], "on": True}]}
    assert tomllib.loads(catalogue_toml.dumps(data)) == data
