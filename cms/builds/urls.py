"""Admin URLs of the builds, mounted under /admin/trang-tinh/ by wagtail_hooks."""

from django.urls import path

from cms.builds import views

app_name = "builds"
urlpatterns = [
    path("", views.BuildRunReportView.as_view(), name="index"),
    path("results/", views.BuildRunReportView.as_view(results_only=True), name="index_results"),
    path("dung-lai/", views.BuildRebuildView.as_view(), name="rebuild"),
]
