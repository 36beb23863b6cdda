"""Citizens' questions held for moderation, and the published Q&A pages (without personal data)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import receiver
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.signals import page_published

from cms.core.models import BODY_FEATURES, BasePage
from cms.core.serializers import AttrsField

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def tracking_code(prefix: str) -> str:
    """A short code a citizen can read out on the phone: no 0/O or 1/I confusion.

    Eight characters of the 32-letter alphabet from eight random bytes (256 is a multiple of 32, so
    every character is equally likely): 40 bits.
    """
    return prefix + "".join(TRACKING_ALPHABET[b % 32] for b in secrets.token_bytes(8))


def new_tracking_code() -> str:
    return tracking_code("HD-")


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
    assigned_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="Đơn vị được giao trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Key of the text insensitive to case, diacritics and spacing (cms.api.abuse.fingerprint).
    fingerprint = models.CharField(
        "Dấu vân tay nội dung", max_length=40, blank=True, editable=False, db_index=True
    )
    flagged = models.BooleanField("Nghi gửi hàng loạt", default=False)
    created_at = models.DateTimeField("Ngày gửi", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)

    # Blanked by `python -m cms purge_personal_data` once the retention period has passed.
    personal_data_fields = ("name", "email", "ip_hash")
    retention_date_field = "created_at"

    class Meta:
        verbose_name = "Câu hỏi"
        verbose_name_plural = "Câu hỏi của người dân"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["ip_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.body[:60]}"


class QuestionIndexPage(BasePage):
    """Hỏi – đáp: the published, answered questions."""

    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types = ["qa.QuestionPage"]

    class Meta:
        verbose_name = "Chuyên mục hỏi – đáp"
        verbose_name_plural = "Chuyên mục hỏi – đáp"


class QuestionPage(BasePage):
    """One question as published with its answer. It carries no personal data of the asker.

    The title is the question's short heading; `question` is the text as edited for publication
    (names, phone numbers and addresses removed by the moderator).
    """

    question = models.TextField("Nội dung câu hỏi (đã biên tập để công bố)")
    topic = models.ForeignKey(
        "core.ReformArea",
        verbose_name="Lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asker_province = models.ForeignKey(
        "units.Unit",
        verbose_name="Tỉnh, thành phố của người hỏi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": ["tinh", "thanh_pho_tw"]},
    )
    asked_on = models.DateField("Ngày hỏi")
    answer = RichTextField("Trả lời", features=BODY_FEATURES)
    answering_unit = models.ForeignKey(
        "units.Unit", verbose_name="Đơn vị trả lời", on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField("Ngày trả lời")
    source_question = models.OneToOneField(
        Question,
        verbose_name="Câu hỏi gốc",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_page",
        help_text="Câu hỏi người dân đã gửi; thông tin cá nhân trong đó không được công bố.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("question"),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("asker_province")]),
                FieldPanel("asked_on"),
                FieldPanel("source_question"),
            ],
            heading="Câu hỏi",
        ),
        MultiFieldPanel(
            [FieldPanel("answer"), FieldRowPanel([FieldPanel("answering_unit"), FieldPanel("answered_on")])],
            heading="Trả lời",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("question", boost=2),
        index.SearchField("answer"),
        index.FilterField("answered_on"),
    ]
    # source_question stays out of the API: it leads to the asker's personal data.
    api_fields = BasePage.api_fields + [
        APIField("question"),
        APIField("topic", serializer=AttrsField("slug", "name")),
        APIField("asker_province", serializer=AttrsField("code", "name")),
        APIField("asked_on"),
        APIField("answer"),
        APIField("answering_unit", serializer=AttrsField("code", "name")),
        APIField("answered_on"),
    ]
    parent_page_types = ["qa.QuestionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Hỏi – đáp"
        verbose_name_plural = "Hỏi – đáp"

    def clean(self) -> None:
        super().clean()
        if self.asked_on and self.answered_on and self.answered_on < self.asked_on:
            raise ValidationError({"answered_on": "Ngày trả lời không được trước ngày hỏi."})


@receiver(page_published, sender=QuestionPage)
def question_page_published(sender, instance: QuestionPage, **kwargs) -> None:
    """The answer is public: the citizen's question is answered (the status lookup shows the answer)."""
    from cms.qa.services import question_answered  # services import these models

    question_answered(page=instance)
