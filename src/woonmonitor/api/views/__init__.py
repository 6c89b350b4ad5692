"""Read-only API views; every queryset starts from ``Model.objects.visible_to(user)``."""

from .areas import AreaViewSet
from .organisations import OrganisationViewSet
from .regions import RegionViewSet

__all__ = ["AreaViewSet", "OrganisationViewSet", "RegionViewSet"]
