"""Moderation of citizens' opinions on consultation drafts in the Wagtail admin."""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cms.consultations.models import ConsultationPage, Opinion
from cms.consultations.selectors import opinion_counts
from cms.qa.moderation import (
    FLAG_CHOICES,
    filter_flagged,
    flagged_marker,
    may_moderate,
    moderation_bulk_actions,
    moderation_buttons,
    unit_filter,
)


class OpinionPermissionPolicy(ModelPermissionPolicy):
    """Opinions come from citizens through the API only: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _article_choices(consultation_id: str | None) -> list[tuple[str, str]]:
    pages = ConsultationPage.objects.order_by("-opens_at")
    if consultation_id and consultation_id.isdigit():
        pages = pages.filter(pk=consultation_id)
    many = len(pages) > 1
    return [
        (article.id, f"{article.label} – {page.title}" if many else article.label)
        for page in pages
        for article in page.draft_articles()
    ]


class OpinionFilterSet(WagtailFilterSet):
    consultation = django_filters.ModelChoiceFilter(
        label="Dự thảo", queryset=ConsultationPage.objects.order_by("-opens_at"), empty_label="Tất cả dự thảo"
    )
    article_id = django_filters.ChoiceFilter(label="Điều", choices=[], empty_label="Tất cả các điều")
    status = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Opinion.Status.choices, empty_label="Tất cả trạng thái"
    )
    flagged = django_filters.ChoiceFilter(
        label="Nghi gửi hàng loạt", choices=FLAG_CHOICES, empty_label="Tất cả", method=filter_flagged
    )
    assigned_unit = unit_filter("Đơn vị được giao")

    class Meta:
        model = Opinion
        fields = ["consultation", "article_id", "status", "flagged", "assigned_unit"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        chosen = data.get("consultation") if data is not None else None
        self.filters["article_id"].extra["choices"] = _article_choices(chosen)


class OpinionIndexView(IndexView):
    """The list, with the opinions counted per article when one draft is chosen."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters
        if filters is not None and filters.is_valid() and filters.form.cleaned_data.get("consultation"):
            page = filters.form.cleaned_data["consultation"]
            context["opinion_consultation"] = page
            context["opinion_counts"] = opinion_counts(consultation=page)
        return context

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_moderate(self.request.user, instance):
            buttons += moderation_buttons(instance, next_url=self.request.get_full_path())
        return buttons


class OpinionViewSet(SnippetViewSet):
    model = Opinion
    icon = "comment"
    menu_label = "Góp ý dự thảo"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = OpinionIndexView
    index_results_template_name = "consultations/opinion/index_results.html"
    filterset_class = OpinionFilterSet
    list_display = [
        "tracking_code",
        Column("article_label", label="Điều, khoản"),
        "body",
        "status",
        Column("flagged", label="Nghi gửi hàng loạt", accessor=flagged_marker),
        Column("assigned_unit", label="Đơn vị được giao"),
        DateColumn("created_at", label="Ngày gửi"),
    ]
    search_fields = ["tracking_code", "body"]
    search_backend_name = None  # plain database filtering; opinions are not in the site index
    ordering = ["-created_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tracking_code", read_only=True), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("assigned_unit"), FieldPanel("flagged")]),
                FieldPanel("consultation", read_only=True),
                FieldPanel("article_label", read_only=True),
                FieldPanel("body", read_only=True),
            ],
            heading="Ý kiến góp ý",
        ),
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
            ],
            heading="Người góp ý (không công bố)",
        ),
        MultiFieldPanel([FieldPanel("public_body"), FieldPanel("response")], heading="Công bố trong báo cáo"),
    ]


register_permission_policy(Opinion, OpinionPermissionPolicy(Opinion))
register_snippet(OpinionViewSet)

for action_class in moderation_bulk_actions(Opinion):
    hooks.register("register_bulk_action", action_class)
