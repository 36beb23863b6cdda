"""App config for the administrative units."""

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "cms.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"
