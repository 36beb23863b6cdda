"""Moderation of citizens' questions in the Wagtail admin."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.qa.models import Question


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Câu hỏi của người dân"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["tracking_code", "body", "status", DateColumn("created_at", label="Ngày gửi")]
    list_filter = ["status"]
    search_fields = ["tracking_code", "body"]
    search_backend_name = None  # plain database filtering; questions are not in the site index
    ordering = ["-created_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tracking_code", read_only=True), FieldPanel("status")]),
                FieldPanel("body"),
            ],
            heading="Câu hỏi",
        ),
        MultiFieldPanel([FieldPanel("name"), FieldPanel("email")], heading="Người hỏi (không công bố)"),
        FieldPanel("answer"),
    ]


register_snippet(QuestionViewSet)
