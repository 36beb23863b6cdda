"""The dashboard panel "Trang tĩnh": the last build of the static site, and what waits for the next one."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from cms.builds.selectors import build_requests_pending, build_run_last, user_can_rebuild


class BuildStatusPanel(Component):
    name = "build_status"
    template_name = "builds/panel.html"
    order = 90  # above Wagtail's panels: editors look here first after publishing

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None) -> dict:
        return {
            "run": build_run_last(),
            "pending": build_requests_pending().count(),
            "can_rebuild": user_can_rebuild(user=self.request.user),
            "report_url": reverse("builds:index"),
        }
