"""URLs of the monitor: about pages."""

urlpatterns: list = []
