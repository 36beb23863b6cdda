"""Admin screens for surveys: the list with response counts, one survey's results, and the results as CSV."""

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.surveys.models import SurveyPage
from cms.surveys.selectors import survey_results, surveys_with_counts

RESPONSES_PERMISSION = "surveys.view_surveyresponse"
CSV_HEADER = ("Nhóm", "Số phiếu của nhóm", "Câu hỏi", "Phương án", "Số phiếu chọn", "Tỷ lệ (%)", "Ghi chú")


def user_sees_results(user, page: SurveyPage) -> bool:  # noqa: ANN001 - a Django user
    """Moderators of responses see every survey's results; an editor sees those of pages they may edit."""
    return user.has_perm(RESPONSES_PERMISSION) or page.permissions_for_user(user).can_edit()


def _survey_or_404(request, pk: int) -> SurveyPage:
    page = SurveyPage.objects.filter(pk=pk).first()
    if page is None:
        raise Http404("Không tìm thấy khảo sát.")
    if not user_sees_results(request.user, page):
        raise PermissionDenied
    return page


class SurveyListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "surveys/admin/index.html"
    page_title = "Khảo sát trực tuyến"
    header_icon = "help"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["surveys"] = [page for page in surveys_with_counts() if user_sees_results(user, page)]
        return context


class SurveyResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "surveys/admin/results.html"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.survey = _survey_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Kết quả khảo sát: {self.survey.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_results:index"), "label": "Khảo sát trực tuyến"},
            {"url": "", "label": self.survey.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(survey=self.survey, results=survey_results(survey=self.survey))
        context["csv_url"] = reverse("surveys_results:csv", args=[self.survey.pk])
        return context


def _safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _group_rows(name: str, group: dict[str, Any]) -> Iterator[tuple]:
    for q in group["questions"]:
        if not q["options"]:
            note = "Câu trả lời dạng văn bản không được công bố"
            yield (name, group["total"], q["text"], "", q["answered"], "", f"{note}; bỏ qua: {q['skipped']}")
            continue
        for option in q["options"]:
            yield (name, group["total"], q["text"], option["label"], option["count"], option["percent"], "")
        mean = f"; điểm trung bình: {q['mean']}" if q["mean"] is not None else ""
        yield (
            name,
            group["total"],
            q["text"],
            "(số người trả lời)",
            q["answered"],
            "",
            f"bỏ qua: {q['skipped']}{mean}",
        )


def results_csv(request, pk: int) -> HttpResponse:
    """The aggregates only (UTF-8 with BOM, for Excel): never a response or a text answer."""
    survey = _survey_or_404(request, pk)
    results = survey_results(survey=survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    rows = list(_group_rows("Toàn bộ", results))
    for group in results["by_province"]:
        rows += _group_rows(group["name"], group)
    writer.writerows(tuple(_safe(cell) for cell in row) for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ket-qua-khao-sat-{survey.pk}.csv"'
    return response
