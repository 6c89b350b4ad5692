"""URLs of the monitor: area pages."""

urlpatterns: list = []
