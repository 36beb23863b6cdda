"""Admin screens of the static site's builds: the report of recent runs and the "rebuild now" action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views import View
from wagtail.admin.views.reports import ReportView

from cms.builds.models import BuildRequest
from cms.builds.selectors import build_requests_pending, build_runs_recent, user_can_rebuild
from cms.builds.services import build_request_enqueue

REBUILD_QUEUED = "Đã xếp lịch dựng lại trang tĩnh; trang sẽ được cập nhật sau ít phút."


class BuildRunReportView(ReportView):
    """Recent builds of the static site, newest first, with the pages that triggered each."""

    page_title = "Trang tĩnh: các lần dựng"
    header_icon = "site"
    template_name = "builds/report.html"
    results_template_name = "builds/report_results.html"
    index_url_name = "builds:index"
    index_results_url_name = "builds:index_results"
    verbose_name_plural = "lần dựng trang tĩnh"
    paginate_by = 20

    def get_queryset(self):
        return build_runs_recent()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_rebuild"] = user_can_rebuild(user=self.request.user)
        context["pending"] = build_requests_pending().count()
        return context


class BuildRebuildView(View):
    """POST only: queue a build of the whole site now (the worker runs it)."""

    http_method_names = ["post"]

    def post(self, request):
        if not user_can_rebuild(user=request.user):
            raise PermissionDenied  # Wagtail's admin answers with its "no permission" redirect
        build_request_enqueue(action=BuildRequest.Action.MANUAL, user=request.user)
        messages.success(request, REBUILD_QUEUED)
        return redirect("builds:index")
