"""App config for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "cchc_search"
    verbose_name = "Tìm kiếm"
