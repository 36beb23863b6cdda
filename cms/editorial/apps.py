"""App config for the editorial workflow; sets up the roles and the workflow after every migrate."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "cms.editorial"
    label = "editorial"
    verbose_name = "Quy trình biên tập"

    def ready(self) -> None:
        from cms.editorial.services import editorial_setup_on_migrate

        post_migrate.connect(editorial_setup_on_migrate, sender=self)
