"""The builds in the admin: a dashboard panel, a report under "Báo cáo", and the rebuild permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.builds import urls
from cms.builds.components import BuildStatusPanel


@hooks.register("register_admin_urls")
def register_urls():
    return [path("trang-tinh/", include(urls, namespace="builds"))]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        "Trang tĩnh", reverse("builds:index"), name="static-site-builds", icon_name="site", order=50
    )


@hooks.register("construct_homepage_panels")
def add_build_status_panel(request, panels):
    panels.append(BuildStatusPanel(request))


@hooks.register("register_permissions")
def register_rebuild_permission():
    """Shown on the group screen, so an administrator can let another group rebuild the site."""
    return Permission.objects.filter(content_type__app_label="builds", codename="rebuild_site")
