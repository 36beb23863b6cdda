"""URLs of the public API alone: what public hosts serve (CMS_ROLE=api)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from cms.qa.api import QuestionSubmitApi
from cms.search.api import SearchApi

app_name = "api"

urlpatterns = [
    path("api/v1/questions", QuestionSubmitApi.as_view(), name="question-submit"),
    path("api/v1/search", SearchApi.as_view(), name="search"),
    path("api/v1/schema/", SpectacularAPIView.as_view(urlconf="cms.api.urls"), name="schema"),
]
