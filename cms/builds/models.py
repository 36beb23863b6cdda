"""The build queue: why a build of the static site was asked for, and each build that ran."""

from django.conf import settings
from django.db import models


class BuildRun(models.Model):
    """One run of the build pipeline, covering every request that was pending when it started."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang dựng"
        SUCCEEDED = "succeeded", "Thành công"
        FAILED = "failed", "Thất bại"

    status = models.CharField("Trạng thái", max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("Bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("Kết thúc", null=True, blank=True)
    seconds = models.FloatField("Thời gian (giây)", null=True, blank=True)
    steps = models.JSONField("Các bước", default=list, blank=True)
    failed_step = models.CharField("Bước lỗi", max_length=32, blank=True)
    error = models.TextField("Lỗi", blank=True)
    worker = models.CharField("Tiến trình dựng", max_length=200, blank=True)

    class Meta:
        verbose_name = "lần dựng trang tĩnh"
        verbose_name_plural = "lần dựng trang tĩnh"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        permissions = [("rebuild_site", "Có thể dựng lại trang tĩnh")]

    STEP_LABELS = {
        "export": "Xuất nội dung",
        "render": "Dựng trang",
        "index": "Lập chỉ mục tìm kiếm",
        "deploy": "Triển khai lên kho S3",
    }

    def __str__(self) -> str:
        return f"Lần dựng #{self.pk} ({self.get_status_display()})"

    @property
    def duration_display(self) -> str:
        if self.seconds is None:
            return "—"
        minutes, seconds = divmod(round(self.seconds), 60)
        if minutes:
            return f"{minutes} phút {seconds} giây"
        return f"{self.seconds:.1f} giây".replace(".", ",")

    @property
    def failed_step_display(self) -> str:
        return self.STEP_LABELS.get(self.failed_step, self.failed_step)

    def steps_display(self) -> list[dict]:
        """The finished steps with Vietnamese names, for the admin."""
        return [
            {**step, "label": self.STEP_LABELS.get(step.get("name"), step.get("name", ""))}
            for step in self.steps
        ]


class BuildRequest(models.Model):
    """Something that changed the public site; pending until a run claims it."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Xuất bản"
        UNPUBLISH = "unpublish", "Ngừng xuất bản"
        DELETE = "delete", "Xóa trang"
        MOVE = "move", "Di chuyển trang"
        IMPORT = "import", "Nhập văn bản"
        MANUAL = "manual", "Dựng lại thủ công"
        RETRY = "retry", "Dựng lại sau sự cố"

    action = models.CharField("Thao tác", max_length=16, choices=Action.choices)
    # No foreign key: the page may be deleted, and its request must still say which page it was.
    page_id = models.PositiveIntegerField("Mã trang", null=True, blank=True)
    page_title = models.CharField("Tiêu đề trang", max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("Yêu cầu lúc", auto_now_add=True)
    run = models.ForeignKey(
        BuildRun,
        verbose_name="Lần dựng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )

    class Meta:
        verbose_name = "yêu cầu dựng trang tĩnh"
        verbose_name_plural = "yêu cầu dựng trang tĩnh"
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["run", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.page_title or '—'}"
