"""URLs of the monitor: input pages."""

urlpatterns: list = []
