from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "woonmonitor.housing"
    verbose_name = _("Woningvoorraad en productie")

    def ready(self) -> None:
        from woonmonitor.areas import source_sections

        from .sources import sources_section

        source_sections.register(sources_section)
