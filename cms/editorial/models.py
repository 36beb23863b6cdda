"""The approval step of the workflow: a second person, allowed to edit the page, approves it."""

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import AbstractGroupApprovalTask, Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the task's groups who did not write or submit the revision.

    The approver must also be allowed to edit the page, so a province's moderator approves only
    pages of that province's section. Wagtail's workflow views ask `get_actions` before acting, so
    this is enforced on the server, not just hidden in the page editor.
    """

    def _authors(self, obj) -> set[int]:
        """Who submitted, who wrote the submitted revision, and who changed it since: none may approve.

        Approval publishes the latest revision, so an edit made during review counts as authorship.
        """
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return set()
        authors = {state.requested_by_id}
        task_state = getattr(obj, "current_workflow_task_state", None)
        if task_state and task_state.revision_id:
            authors.add(task_state.revision.user_id)
        since = Revision.objects.for_instance(obj).filter(created_at__gte=state.created_at)
        authors.update(since.values_list("user_id", flat=True))
        return authors - {None}

    def user_can_approve(self, obj, user: AbstractBaseUser) -> bool:
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        if user.pk in self._authors(obj):
            return False
        return self._may_change(obj, user)

    @staticmethod
    def _may_change(obj, user: AbstractBaseUser) -> bool:
        """The user's own page permissions (PagePermissionTester.can_edit would ask this task back)."""
        if not isinstance(obj, Page):
            return True
        return PagePermissionPolicy().user_has_permission_for_instance(user, "change", obj)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._may_change(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._may_change(obj, user)

    def get_actions(self, obj, user):
        return super().get_actions(obj, user) if self.user_can_approve(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not states.exists():
            return states
        hidden = [
            s.pk
            for s in states.select_related("workflow_state")
            if user.pk in self._authors(s.workflow_state.content_object)
            or not self._may_change(s.workflow_state.content_object, user)
        ]
        return states.exclude(pk__in=hidden)

    @classmethod
    def get_description(cls):
        return "Thành viên các nhóm được chọn duyệt nội dung; người duyệt khác người soạn và người gửi duyệt."

    class Meta:
        verbose_name = "Duyệt bởi người thứ hai"
        verbose_name_plural = "Duyệt bởi người thứ hai"
