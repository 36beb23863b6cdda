"""App config for Q&A."""

from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "cms.qa"
    label = "qa"
    verbose_name = "Hỏi – đáp"
