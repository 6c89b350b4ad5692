from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammingConfig(AppConfig):
    name = "woonmonitor.programming"
    verbose_name = _("Woningbouwprogrammering")
