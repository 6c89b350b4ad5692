"""Serializers of the API, one module per module of ``api/views/`` (``fields`` is shared)."""
