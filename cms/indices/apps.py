"""App config for the index database: PAR Index and SIPAS editions and their results."""

from django.apps import AppConfig


class IndicesConfig(AppConfig):
    name = "cms.indices"
    label = "indices"
    verbose_name = "Chỉ số CCHC và Chỉ số hài lòng"
