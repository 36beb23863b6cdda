"""App config for the legal-document database."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cms.documents"
    label = "documents"
    verbose_name = "Văn bản pháp luật"
