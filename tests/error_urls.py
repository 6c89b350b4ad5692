"""The site's URLs plus views that fail, for the error page tests (tests/test_security.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from woonmonitor.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied("U mag dit niet.")


urlpatterns = [
    path("test-fout/", broken),
    path("test-verboden/", forbidden),
    *site_urlpatterns,
]
