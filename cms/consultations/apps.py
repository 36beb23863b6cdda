"""App config for consultations."""

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "cms.consultations"
    label = "consultations"
    verbose_name = "Lấy ý kiến dự thảo"
