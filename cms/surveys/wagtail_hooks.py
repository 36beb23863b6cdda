"""Surveys in the admin: one "Khảo sát" menu with the results per survey and the responses for moderators."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.surveys.models import SurveyResponse
from cms.surveys.selectors import response_answers
from cms.surveys.views import SurveyListView, SurveyResultsView, results_csv


class ResponsePermissionPolicy(ModelPermissionPolicy):
    """Responses come from citizens through the API only: nobody adds or deletes one in the admin."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class AnswersPanel(Panel):
    """The province and the answers of one response, readable: choice labels rather than ids."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "surveys/admin/answers_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["province"] = self.instance.province
            context["rows"] = response_answers(response=self.instance)
            return context


class ResultsViewSet(ViewSet):
    name = "surveys_results"
    url_prefix = "khao-sat/ket-qua"
    icon = "table"
    menu_label = "Kết quả khảo sát"

    def get_urlpatterns(self):
        return [
            path("", SurveyListView.as_view(), name="index"),
            path("<int:pk>/", SurveyResultsView.as_view(), name="results"),
            path("<int:pk>/csv/", results_csv, name="csv"),
        ]


def _yes_no(value: bool) -> str:
    # Wagtail's BooleanColumn writes "True"/"False" for screen readers, in English.
    return "Có" if value else "Không"


class ResponseFilterSet(WagtailFilterSet):
    class Meta:
        model = SurveyResponse
        fields = ["survey", "flagged", "is_spam"]


class ResponseViewSet(ModelViewSet):
    model = SurveyResponse
    name = "surveys_responses"
    url_prefix = "khao-sat/phieu"
    icon = "list-ul"
    menu_label = "Phiếu trả lời"
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "tracking_code",
        "survey",
        "province",
        Column("flagged", label="Nghi trùng lặp", accessor=lambda row: _yes_no(row.flagged)),
        Column("is_spam", label="Thư rác", accessor=lambda row: _yes_no(row.is_spam)),
        DateColumn("created_at", label="Ngày gửi"),
    ]
    filterset_class = ResponseFilterSet
    search_fields = ["tracking_code"]
    search_backend_name = None
    ordering = ["-created_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("tracking_code", read_only=True), FieldPanel("created_at", read_only=True)]
                ),
                FieldPanel("survey", read_only=True),
                AnswersPanel(heading="Câu trả lời"),
            ],
            heading="Phiếu trả lời",
        ),
        FieldRowPanel([FieldPanel("flagged"), FieldPanel("is_spam")], heading="Kiểm duyệt"),
    ]


class SurveysGroup(ViewSetGroup):
    menu_label = "Khảo sát"
    menu_icon = "help"
    menu_order = 270
    items = (ResultsViewSet, ResponseViewSet)


register_permission_policy(SurveyResponse, ResponsePermissionPolicy(SurveyResponse))


@hooks.register("register_admin_viewset")
def register_surveys():
    return SurveysGroup()
