"""Writes for the editorial set-up: MoHA groups, an editor and a moderator group per unit, the workflow.

Everything here is idempotent: it runs after every `migrate` and whenever a section gets a unit.
"""

import secrets
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.editorial.models import FourEyesApprovalTask

MOHA_EDITORS = "Biên tập viên Bộ Nội vụ"
MOHA_MODERATORS = "Kiểm duyệt viên Bộ Nội vụ"
WORKFLOW_NAME = "Soạn thảo → Duyệt → Xuất bản"
TASK_NAME = "Duyệt nội dung (người thứ hai)"

# Editors write and submit; moderators also approve, unpublish and unlock. Nobody publishes directly
# while the workflow is active (see wagtail_hooks), so "publish_page" serves unpublishing only.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
MODERATOR_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "unlock_page")
MEDIA_PERMISSIONS = ("add_image", "choose_image", "add_document", "choose_document")
# Reference data every editor picks from in the page editor (snippet choosers need view permission).
CHOOSER_MODELS = (
    "units.unit",
    "core.reformarea",
    "documents.documentkind",
    "documents.issuer",
    "documents.signertitle",
)
INDEX_MODELS = (
    "indices.indexedition",
    "indices.indexcomponent",
    "indices.indexresult",
    "indices.componentvalue",
    "indices.regionalaverage",
)
MOHA_TAXONOMY_MODELS = (
    "core.reformarea",
    "documents.documentkind",
    "documents.issuer",
    "documents.signertitle",
)


def unit_editors_name(unit) -> str:
    return f"Biên tập viên – {unit.name}"


def unit_moderators_name(unit) -> str:
    return f"Kiểm duyệt viên – {unit.name}"


def _permissions(codenames: Iterable[str], app_label: str | None = None) -> list[Permission]:
    found = Permission.objects.filter(codename__in=list(codenames))
    return list(found.filter(content_type__app_label=app_label) if app_label else found)


def _model_permissions(labels: Iterable[str], actions: Iterable[str]) -> list[Permission]:
    perms = []
    for label in labels:
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        perms += list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return perms


def _group(name: str, *, legacy_name: str | None = None) -> Group:
    """The group by name; Wagtail's own default group is renamed rather than duplicated."""
    group = Group.objects.filter(name=name).first()
    if group is None and legacy_name:
        group = Group.objects.filter(name=legacy_name).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or Group.objects.create(name=name)


def _grant_pages(group: Group, page: Page, codenames: Iterable[str]) -> None:
    for permission in _permissions(codenames, "wagtailcore"):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_common(group: Group) -> None:
    group.permissions.add(*_permissions(["access_admin"], "wagtailadmin"))
    group.permissions.add(*_model_permissions(CHOOSER_MODELS, ["view"]))
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(MEDIA_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def approval_task_ensure() -> FourEyesApprovalTask:
    task = FourEyesApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = FourEyesApprovalTask.objects.create(name=TASK_NAME)
    return task


@transaction.atomic
def editorial_setup() -> Workflow:
    """The MoHA groups with rights on the whole tree and the workflow every page goes through."""
    editors = _group(MOHA_EDITORS, legacy_name="Editors")
    moderators = _group(MOHA_MODERATORS, legacy_name="Moderators")
    root = Page.get_first_root_node()
    for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        _grant_common(group)
        group.permissions.add(*_model_permissions(MOHA_TAXONOMY_MODELS, ["add", "change"]))
        if root is not None:
            _grant_pages(group, root, codenames)
        # Wagtail's default moderators may publish directly; here publishing goes through the workflow.
    if root is not None:
        GroupPagePermission.objects.filter(
            group=editors, page=root, permission__codename__in=["publish_page", "bulk_delete_page"]
        ).delete()
    moderators.permissions.add(
        *_model_permissions(
            ["qa.question", "consultations.opinion", "surveys.surveyresponse"], ["view", "change"]
        )
    )
    # The index data (PAR Index, SIPAS) is MoHA's: both its roles keep and import it.
    for group in (editors, moderators):
        group.permissions.add(*_model_permissions(INDEX_MODELS, ["view", "add", "change", "delete"]))

    task = approval_task_ensure()
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        assigned = WorkflowPage.objects.filter(page=root).first()
        if assigned is None or assigned.workflow_id != workflow.pk:
            WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's default one-step "Moderators approval" lets a moderator approve their own page.
    Workflow.objects.exclude(pk=workflow.pk).filter(name="Moderators approval").update(
        active=False, name="Duyệt một bước (mặc định của Wagtail, không dùng)"
    )
    Task.objects.filter(name="Moderators approval").update(
        active=False, name="Duyệt một bước (mặc định của Wagtail, không dùng)"
    )
    Collection.objects.filter(depth=1, name="Root").update(name="Thư viện chung")
    return workflow


@transaction.atomic
def unit_roles_ensure(*, section: Page) -> tuple[Group, Group] | None:
    """Editors and moderators of the section's unit, with rights on this section's subtree only."""
    unit = getattr(section, "unit", None)
    if unit is None:
        return None
    editors = _group(unit_editors_name(unit))
    moderators = _group(unit_moderators_name(unit))
    for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        _grant_common(group)
        _grant_pages(group, section, codenames)
    approval_task_ensure().groups.add(moderators)
    return editors, moderators


def roles_sync() -> int:
    """Run unit_roles_ensure for every section that has a unit; returns how many sections."""
    from cms.core.models import SectionPage

    sections = SectionPage.objects.filter(unit__isnull=False).select_related("unit")
    for section in sections:
        unit_roles_ensure(section=section)
    return len(sections)


def editorial_setup_on_migrate(sender, app_config=None, using="default", apps=global_apps, **kwargs) -> None:
    """post_migrate receiver: skip when migrating backwards left Wagtail's tables missing."""
    try:
        apps.get_model("wagtailcore", "Workflow")
        apps.get_model("editorial", "FourEyesApprovalTask")
    except LookupError:
        return
    editorial_setup()
    roles_sync()


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Local-only accounts for the demo, one per role, with fresh passwords: (username, password, role).

    Two people are needed to publish anything, so the demo has an editor and a moderator; the
    administrator sets up users and groups. A province editor shows the per-unit rights.
    """
    accounts = [
        ("quantri", None, "Quản trị hệ thống"),
        ("bientap", MOHA_EDITORS, MOHA_EDITORS),
        ("kiemduyet", MOHA_MODERATORS, MOHA_MODERATORS),
    ]
    province_group = (
        Group.objects.filter(name__startswith="Biên tập viên – Thành phố").order_by("name").first()
        or Group.objects.filter(name__startswith="Biên tập viên – Tỉnh").order_by("name").first()
    )
    if province_group is not None:
        accounts.append(("bientap-tinh", province_group.name, province_group.name))
    created = []
    user_model = get_user_model()
    for username, group_name, role in accounts:
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(
            username=username, defaults={"email": f"{username}@localhost"}
        )
        user.is_staff = group_name is None
        user.is_superuser = group_name is None
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        created.append((username, password, role))
    return created
