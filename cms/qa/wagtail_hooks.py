"""Moderation of citizens' questions in the Wagtail admin: the queue, its actions, answer and publish."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cms.core.models import BODY_FEATURES, ReformArea
from cms.qa.models import Question, QuestionIndexPage
from cms.qa.moderation import (
    FLAG_CHOICES,
    filter_flagged,
    flagged_marker,
    may_moderate,
    moderation_bulk_actions,
    moderation_buttons,
    register_moderation_log_actions,
    unit_filter,
)
from cms.qa.services import (
    ANSWER_DRAFTED,
    ANSWER_PUBLISHED,
    QuestionAlreadyPublished,
    QuestionIndexMissing,
    question_answer_draft,
    question_redact,
)
from cms.units.models import Unit


class QuestionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Question.Status.choices, empty_label="Tất cả trạng thái"
    )
    flagged = django_filters.ChoiceFilter(
        label="Nghi gửi hàng loạt", choices=FLAG_CHOICES, empty_label="Tất cả", method=filter_flagged
    )
    assigned_unit = unit_filter("Đơn vị được giao")

    class Meta:
        model = Question
        fields = ["status", "flagged", "assigned_unit"]


class QuestionIndexView(IndexView):
    """The queue: each row has the moderation actions and, while open, "Trả lời và công bố"."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_moderate(self.request.user, instance):
            buttons += moderation_buttons(instance, next_url=self.request.get_full_path())
        return buttons

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        open_statuses = (Question.Status.NEW, Question.Status.APPROVED)
        if instance.status in open_statuses and may_moderate(self.request.user, instance):
            url = reverse(self.model.snippet_viewset.get_url_name("answer"), args=[instance.pk])
            buttons.insert(0, ListingButton("Trả lời và công bố", url=url, icon_name="doc-full", priority=5))
        return buttons


class RichTextInput(DraftailRichTextArea):
    """Draftail's widget; a posted value that is not its JSON counts as empty instead of failing."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return ""


class AnswerForm(forms.Form):
    title = forms.CharField(label="Tiêu đề câu hỏi (ngắn gọn)", max_length=255)
    question = forms.CharField(
        label="Nội dung câu hỏi để công bố",
        widget=forms.Textarea,
        help_text=(
            "Họ tên, thư điện tử và số điện thoại đã được tự động thay bằng «[…]»; hãy đọc lại trước khi gửi."
        ),
    )
    topic = forms.ModelChoiceField(
        label="Lĩnh vực", queryset=ReformArea.objects.all(), required=False, empty_label="Chưa chọn"
    )
    asker_province = forms.ModelChoiceField(
        label="Tỉnh, thành phố của người hỏi",
        queryset=Unit.objects.provincial().order_by("name"),
        required=False,
        empty_label="Không rõ",
    )
    answer = forms.CharField(label="Trả lời", widget=RichTextInput(features=BODY_FEATURES))
    answering_unit = forms.ModelChoiceField(
        label="Đơn vị trả lời", queryset=Unit.objects.order_by("name"), empty_label="Chọn đơn vị"
    )


def _heading(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


class QuestionAnswerView(WagtailAdminTemplateMixin, FormView):
    """ "Trả lời và công bố": a draft QuestionPage without the asker's personal data, sent for approval."""

    form_class = AnswerForm
    template_name = "qa/question/answer.html"
    page_title = "Trả lời và công bố"
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        self.question = get_object_or_404(Question, pk=kwargs["pk"])
        if not may_moderate(request.user, self.question):
            raise PermissionDenied
        page = getattr(self.question, "published_page", None)
        if page is not None:
            messages.info(request, "Câu hỏi này đã có trang hỏi – đáp; hãy sửa trang đó.")
            return redirect("wagtailadmin_pages:edit", page.pk)
        self.parent = QuestionIndexPage.objects.order_by("path").first()
        if self.parent is not None and not self.parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.question.tracking_code

    def get_initial(self):
        question = self.question
        text = question_redact(text=question.body, name=question.name, email=question.email)
        return {"title": _heading(text), "question": text, "answering_unit": question.assigned_unit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            question=self.question,
            parent=self.parent,
            action_url=self.request.path,
            submit_button_label="Gửi duyệt để công bố",
            submit_button_active_label="Đang gửi…",
            media=form.media,
        )
        return context

    def form_valid(self, form):
        try:
            data = dict(form.cleaned_data)
            text = data.pop("question")
            page = question_answer_draft(question=self.question, user=self.request.user, text=text, **data)
        except QuestionIndexMissing:
            form.add_error(
                None, "Chưa có chuyên mục hỏi – đáp để đăng câu trả lời; hãy tạo chuyên mục trước."
            )
            return self.form_invalid(form)
        except QuestionAlreadyPublished:
            form.add_error(None, "Câu hỏi này đã có trang hỏi – đáp.")
            return self.form_invalid(form)
        if page.current_workflow_state is not None:
            messages.success(
                self.request, f"Đã gửi duyệt trang «{page.title}»; trang được công bố khi được duyệt."
            )
        else:
            messages.success(self.request, f"Đã lưu bản nháp trang «{page.title}».")
        return redirect("wagtailadmin_pages:edit", page.pk)


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Câu hỏi của người dân"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = QuestionIndexView
    filterset_class = QuestionFilterSet
    list_display = [
        "tracking_code",
        "body",
        "status",
        Column("flagged", label="Nghi gửi hàng loạt", accessor=flagged_marker),
        Column("assigned_unit", label="Đơn vị được giao"),
        DateColumn("created_at", label="Ngày gửi"),
    ]
    search_fields = ["tracking_code", "body"]
    search_backend_name = None  # plain database filtering; questions are not in the site index
    ordering = ["-created_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tracking_code", read_only=True), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("assigned_unit"), FieldPanel("flagged")]),
                FieldPanel("body"),
            ],
            heading="Câu hỏi",
        ),
        MultiFieldPanel([FieldPanel("name"), FieldPanel("email")], heading="Người hỏi (không công bố)"),
        FieldPanel("answer"),
    ]

    @property
    def answer_view(self):
        return QuestionAnswerView.as_view()

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("answer/<int:pk>/", self.answer_view, name="answer")]


register_snippet(QuestionViewSet)

for action_class in moderation_bulk_actions(Question):
    hooks.register("register_bulk_action", action_class)


@hooks.register("register_log_actions")
def moderation_log_actions(actions):
    register_moderation_log_actions(actions)
    actions.register_action(
        ANSWER_DRAFTED, "Trả lời: gửi duyệt", "Đã soạn trả lời và gửi duyệt trang hỏi – đáp"
    )
    actions.register_action(ANSWER_PUBLISHED, "Trả lời: công bố", "Trang hỏi – đáp đã được xuất bản")
