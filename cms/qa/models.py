"""A citizen's question, held for moderation. Its personal data never leaves the CMS."""

import secrets

from django.db import models

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    """A short code a citizen can read out on the phone: no 0/O or 1/I confusion."""
    return "HD-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


class Question(models.Model):
    """A question sent from the static site's "Gửi câu hỏi" widget."""

    class Status(models.TextChoices):
        NEW = "new", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        ANSWERED = "answered", "Đã trả lời"
        REJECTED = "rejected", "Từ chối"
        SPAM = "spam", "Thư rác"

    tracking_code = models.CharField("Mã theo dõi", max_length=16, unique=True, default=new_tracking_code)
    client_key = models.UUIDField("Khóa gửi", unique=True, editable=False)
    body = models.TextField("Nội dung câu hỏi")
    name = models.CharField("Họ và tên", max_length=200, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    ip_hash = models.CharField("Mã băm địa chỉ IP", max_length=64, blank=True, editable=False)
    status = models.CharField("Trạng thái", max_length=16, choices=Status.choices, default=Status.NEW)
    answer = models.TextField("Trả lời", blank=True)
    created_at = models.DateTimeField("Ngày gửi", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)

    class Meta:
        verbose_name = "Câu hỏi"
        verbose_name_plural = "Câu hỏi của người dân"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.body[:60]}"
