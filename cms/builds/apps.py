"""App config for publish-on-save: page publishing queues a build of the static site."""

from django.apps import AppConfig


class BuildsConfig(AppConfig):
    name = "cms.builds"
    label = "builds"
    verbose_name = "Dựng trang tĩnh"

    def ready(self) -> None:
        from cms.builds import signals

        signals.connect()
