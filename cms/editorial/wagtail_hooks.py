"""Nothing goes public without a second person: pages under a workflow are submitted, not published."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from cms.editorial.services import unit_roles_ensure

DIRECT_PUBLISH_DENIED = (
    "Trang này phải được gửi duyệt: nội dung chỉ được xuất bản sau khi người thứ hai phê duyệt."
)


def _under_workflow(page) -> bool:
    return page is not None and page.get_workflow() is not None


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = context.get("page") or context.get("parent_page")
    if _under_workflow(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_direct_publish_on_edit(request, page):
    if request.method == "POST" and request.POST.get("action-publish") and _under_workflow(page):
        raise PermissionDenied(DIRECT_PUBLISH_DENIED)


@hooks.register("before_create_page")
def refuse_direct_publish_on_create(request, parent_page, page_class):
    if request.method == "POST" and request.POST.get("action-publish") and _under_workflow(parent_page):
        raise PermissionDenied(DIRECT_PUBLISH_DENIED)


@hooks.register("before_copy_page")
def refuse_publishing_copies(request, page):
    if request.method == "POST" and request.POST.get("publish_copies") and _under_workflow(page):
        raise PermissionDenied(DIRECT_PUBLISH_DENIED)


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(
        _under_workflow(obj) for obj in objects if hasattr(obj, "get_workflow")
    ):
        raise PermissionDenied(DIRECT_PUBLISH_DENIED)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def section_unit_roles(request, page):
    """A section given a unit gets that unit's editor and moderator groups at once."""
    specific = page.specific
    if getattr(specific, "unit_id", None) and specific._meta.label_lower == "core.sectionpage":
        unit_roles_ensure(section=specific)
