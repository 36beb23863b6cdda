"""App config for surveys."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "cms.surveys"
    label = "surveys"
    verbose_name = "Khảo sát trực tuyến"
