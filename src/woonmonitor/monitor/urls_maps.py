"""URLs of the monitor: maps pages."""

urlpatterns: list = []
