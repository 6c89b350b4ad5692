from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "woonmonitor.agreements"
    verbose_name = _("Prestatieafspraken")

    def ready(self) -> None:
        from woonmonitor.areas import source_sections
        from woonmonitor.imports import visibility

        from .querysets import hidden_import_runs
        from .sources import sources_section

        visibility.register(hidden_import_runs)
        source_sections.register(sources_section)
