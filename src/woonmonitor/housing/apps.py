from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "woonmonitor.housing"
    verbose_name = _("Woningvoorraad en productie")
