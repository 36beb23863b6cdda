"""URLs of the public API alone: what public hosts serve (CMS_ROLE=api)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from cms.consultations.api import OpinionSubmitApi
from cms.indices.api import EditionDetailApi, EditionListApi, UnitListApi, UnitProfileApi
from cms.qa.api import QuestionSubmitApi
from cms.search.api import SearchApi

app_name = "api"

urlpatterns = [
    path("api/v1/questions", QuestionSubmitApi.as_view(), name="question-submit"),
    path("api/v1/consultations/<int:page_id>/opinions", OpinionSubmitApi.as_view(), name="opinion-submit"),
    path("api/v1/search", SearchApi.as_view(), name="search"),
    path("api/v1/indices/editions", EditionListApi.as_view(), name="index-editions"),
    path("api/v1/indices/editions/<str:slug>", EditionDetailApi.as_view(), name="index-edition"),
    path("api/v1/indices/units", UnitListApi.as_view(), name="index-units"),
    path("api/v1/indices/units/<str:key>", UnitProfileApi.as_view(), name="index-unit"),
    path("api/v1/schema/", SpectacularAPIView.as_view(urlconf="cms.api.urls"), name="schema"),
]
