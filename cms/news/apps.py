"""App config for news."""

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "cms.news"
    label = "news"
    verbose_name = "Tin tức"
