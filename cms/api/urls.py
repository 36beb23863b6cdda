"""URLs of the public API alone: what public hosts serve (CMS_ROLE=api)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cms.api.status import SubmissionStatusApi
from cms.consultations.api import OpinionSubmitApi
from cms.indices.api import EditionDetailApi, EditionListApi, UnitListApi, UnitProfileApi
from cms.qa.api import QuestionSubmitApi
from cms.search.api import SearchApi
from cms.surveys.api import SurveyResponseSubmitApi

app_name = "api"

urlpatterns = [
    path("api/v1/questions", QuestionSubmitApi.as_view(), name="question-submit"),
    path("api/v1/consultations/<int:page_id>/opinions", OpinionSubmitApi.as_view(), name="opinion-submit"),
    path("api/v1/status/<str:code>", SubmissionStatusApi.as_view(), name="submission-status"),
    path(
        "api/v1/surveys/<int:page_id>/responses",
        SurveyResponseSubmitApi.as_view(),
        name="survey-response-submit",
    ),
    path("api/v1/search", SearchApi.as_view(), name="search"),
    path("api/v1/indices/editions", EditionListApi.as_view(), name="index-editions"),
    path("api/v1/indices/editions/<str:slug>", EditionDetailApi.as_view(), name="index-edition"),
    path("api/v1/indices/units", UnitListApi.as_view(), name="index-units"),
    path("api/v1/indices/units/<str:key>", UnitProfileApi.as_view(), name="index-unit"),
    path("api/v1/schema/", SpectacularAPIView.as_view(urlconf="cms.api.urls"), name="schema"),
    # Swagger UI from local static files (drf-spectacular-sidecar), reading the schema above.
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url="/api/v1/schema/"), name="docs"),
]

# Unknown URLs under /api/v1/ get the API's JSON 404 in Vietnamese (also when this is the root urlconf).
handler404 = "cms.api.errors.page_not_found"
