"""App config for surveys."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "cms.surveys"
    label = "surveys"
    verbose_name = "Khảo sát trực tuyến"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_unpublished

        from cms.surveys.models import SurveyPage
        from cms.surveys.services import survey_definitions_clear

        # The fast path's copies of survey definitions in this process (cms.surveys.services).
        post_save.connect(survey_definitions_clear, sender=SurveyPage, dispatch_uid="surveys-definitions")
        page_unpublished.connect(
            survey_definitions_clear, sender=SurveyPage, dispatch_uid="surveys-unpublished"
        )
