from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "woonmonitor.allocation"
    verbose_name = _("Aandachtsgroepen")
