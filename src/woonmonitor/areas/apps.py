from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "woonmonitor.areas"
    verbose_name = _("Gebieden")
