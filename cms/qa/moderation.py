"""Moderation shared by the question and opinion queues: approve, reject, mark spam; each change logged."""

from collections.abc import Iterable
from typing import NamedTuple

import django_filters
from django.contrib.admin.utils import quote
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from cms.units.models import Unit


class ModerationAction(NamedTuple):
    status: str
    label: str  # the button
    done: str  # the audit log's message and the success message


MODERATION_ACTIONS = {
    "approve": ModerationAction("approved", "Duyệt", "Đã duyệt"),
    "reject": ModerationAction("rejected", "Từ chối", "Đã từ chối"),
    "spam": ModerationAction("spam", "Thư rác", "Đã đánh dấu là thư rác"),
}
# Statuses a moderation action never changes: an answered question is on the public site.
FINAL_STATUSES = frozenset({"answered"})


def log_action_name(action: str) -> str:
    return f"cchc.moderation.{action}"


def register_moderation_log_actions(actions) -> None:
    """For the `register_log_actions` hook: Vietnamese labels in the history and the audit log."""
    for action, (_, label, done) in MODERATION_ACTIONS.items():
        actions.register_action(log_action_name(action), f"Kiểm duyệt: {label.lower()}", done)


def may_moderate(user: AbstractBaseUser, instance: models.Model) -> bool:
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, "change", instance)


@transaction.atomic
def submissions_moderate(*, objects: Iterable[models.Model], action: str, user: AbstractBaseUser) -> int:
    """Give each submission the action's status; returns how many changed. All or nothing.

    Checked here rather than trusting the view: a user without change permission on one of them
    changes none.
    """
    status = MODERATION_ACTIONS[action].status
    objects = list(objects)
    if not all(may_moderate(user, obj) for obj in objects):
        raise PermissionDenied("Bạn không có quyền kiểm duyệt nội dung này.")
    changed = 0
    for obj in objects:
        if obj.status == status or obj.status in FINAL_STATUSES:
            continue
        previous, obj.status = obj.status, status
        obj.save(update_fields=["status", "updated_at"])
        log(instance=obj, action=log_action_name(action), user=user, data={"from": previous, "to": status})
        changed += 1
    return changed


class ModerationBulkAction(SnippetBulkAction):
    """One moderation action on the rows ticked in a queue (or one row, from its own button)."""

    moderation_action = ""
    template_name = "qa/bulk_actions/confirm_moderation.html"
    classes: set[str] = set()

    def check_perm(self, obj) -> bool:
        return may_moderate(self.request.user, obj)

    def get_execution_context(self):
        return {"user": self.request.user, "action": self.moderation_action}

    @classmethod
    def execute_action(cls, objects, user=None, action="", **kwargs):
        return submissions_moderate(objects=objects, action=action, user=user), 0

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation"] = MODERATION_ACTIONS[self.moderation_action]
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        done = MODERATION_ACTIONS[self.moderation_action].done.lower()
        return f"{done.capitalize()} {num_parent_objects} mục."


def moderation_bulk_actions(model: type[models.Model], priority: int = 10) -> list[type[SnippetBulkAction]]:
    """The three bulk actions of a model's queue, to register with `register_bulk_action`."""
    made = []
    for number, (action, (_, label, _done)) in enumerate(MODERATION_ACTIONS.items()):
        made.append(
            type(
                f"{model.__name__}{action.capitalize()}BulkAction",
                (ModerationBulkAction,),
                {
                    "models": [model],
                    "display_name": label,
                    "action_type": f"moderation-{action}",
                    "aria_label": f"{label} các mục đã chọn",
                    "action_priority": priority + number,
                    "moderation_action": action,
                    "classes": {"serious"} if action == "spam" else set(),
                },
            )
        )
    return made


def moderation_buttons(instance: models.Model, *, next_url: str) -> list[Button]:
    """Per-row items of the "more" menu: each opens the bulk action's confirmation for this one row."""
    opts = instance._meta
    buttons = []
    for number, (action, (status, label, _)) in enumerate(MODERATION_ACTIONS.items()):
        if instance.status == status or instance.status in FINAL_STATUSES:
            continue
        url = reverse("wagtail_bulk_action", args=(opts.app_label, opts.model_name, f"moderation-{action}"))
        query = urlencode({"id": quote(instance.pk), "next": next_url})
        buttons.append(Button(label, url=f"{url}?{query}", icon_name=_ICONS[action], priority=number))
    return buttons


_ICONS = {"approve": "check", "reject": "cross", "spam": "warning"}


# The queues' shared columns and filters.

FLAG_CHOICES = [("true", "Có"), ("false", "Không")]


def flagged_marker(instance: models.Model) -> str:
    return "⚑ Nghi hàng loạt" if instance.flagged else ""


def filter_flagged(queryset, name, value):
    return queryset.filter(flagged=value == "true") if value in ("true", "false") else queryset


def unit_filter(label: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=label, queryset=Unit.objects.order_by("name"), empty_label="Tất cả đơn vị"
    )
