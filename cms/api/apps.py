"""App config for the public API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "cchc_api"
    verbose_name = "API công khai"
