"""A consultation page: the draft by article, its dates, the body in charge and the outcome."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.consultations.blocks import DraftBlock
from cms.core.models import BODY_FEATURES, Attachment, BasePage, OpenPeriodMixin
from cms.core.serializers import AttrsField
from cms.qa.models import tracking_code


class ConsultationStatus(models.TextChoices):
    UPCOMING = "sap-mo", "Sắp lấy ý kiến"
    OPEN = "dang-lay-y-kien", "Đang lấy ý kiến"
    CLOSED = "da-ket-thuc", "Đã kết thúc"


class DraftArticle(NamedTuple):
    """One article of a draft as an opinion form and the outcome report see it."""

    id: str
    number: str
    title: str
    clause_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


def clause_id(article_id: str, position: int) -> str:
    """A clause's id on the static page (cms.publish.pagefile._clause): the article's id and its rank."""
    return f"{article_id}-k{position}"


class ConsultationPage(OpenPeriodMixin, BasePage):
    """Dự thảo xin ý kiến: open between two dates; opinions point at one article."""

    drafting_unit = models.ForeignKey(
        "units.Unit", verbose_name="Cơ quan chủ trì soạn thảo", on_delete=models.PROTECT, related_name="+"
    )
    opens_at = models.DateTimeField("Bắt đầu lấy ý kiến")
    closes_at = models.DateTimeField("Kết thúc lấy ý kiến")
    introduction = RichTextField("Giới thiệu dự thảo", features=BODY_FEATURES, blank=True)
    draft = StreamField(DraftBlock(), verbose_name="Nội dung dự thảo")
    outcome_report = RichTextField(
        "Báo cáo tiếp thu, giải trình",
        features=BODY_FEATURES,
        blank=True,
        help_text="Công bố sau khi kết thúc lấy ý kiến.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("drafting_unit"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading="Thông tin lấy ý kiến",
        ),
        FieldPanel("introduction"),
        FieldPanel("draft"),
        InlinePanel("files", heading="Tệp dự thảo", label="Tệp"),
        FieldPanel("outcome_report"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("closes_at"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("drafting_unit", serializer=AttrsField("code", "name")),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status"),
        APIField("status_label"),
        APIField("introduction"),
        APIField("draft"),
        APIField("files"),
        APIField("outcome_report"),
        APIField("outcome_by_article"),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []

    period_status = ConsultationStatus

    class Meta:
        verbose_name = "Dự thảo lấy ý kiến"
        verbose_name_plural = "Dự thảo lấy ý kiến"

    def article_ids(self) -> set[str]:
        """Block ids of the draft's articles: what an opinion may point at."""
        return {block.id for block in self.draft if block.block_type == "article"}

    def draft_articles(self) -> list[DraftArticle]:
        """The draft's articles in order, with the ids of their clauses as the static page names them."""
        return [
            DraftArticle(
                id=block.id,
                number=block.value["number"],
                title=block.value["title"],
                clause_ids=tuple(clause_id(block.id, n) for n in range(1, len(block.value["clauses"]) + 1)),
            )
            for block in self.draft
            if block.block_type == "article"
        ]

    @property
    def outcome_by_article(self) -> list[dict]:
        """Per article: opinions counted and the approved ones' responses; empty until the outcome is out."""
        from cms.consultations.selectors import consultation_outcome  # selectors import this module

        return consultation_outcome(consultation=self)

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Thời điểm kết thúc phải sau thời điểm bắt đầu lấy ý kiến."})


class ConsultationFile(Attachment):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="files")

    class Meta(Attachment.Meta):
        verbose_name = "Tệp dự thảo"


def new_tracking_code() -> str:
    """A short code a citizen can read out on the phone: no 0/O or 1/I confusion."""
    return tracking_code("GY-")


class Opinion(models.Model):
    """A citizen's opinion on one article (or one clause of it) of a consultation draft."""

    class Status(models.TextChoices):
        NEW = "new", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        REJECTED = "rejected", "Từ chối"
        SPAM = "spam", "Thư rác"

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name="Dự thảo", on_delete=models.CASCADE, related_name="opinions"
    )
    article_id = models.CharField("Mã điều", max_length=64, editable=False)
    clause_id = models.CharField("Mã khoản", max_length=80, blank=True, editable=False)
    # The article's number and title when the opinion came: articles may be renumbered later.
    article_label = models.CharField("Điều, khoản góp ý", max_length=320, blank=True)
    tracking_code = models.CharField("Mã theo dõi", max_length=16, unique=True, default=new_tracking_code)
    client_key = models.UUIDField("Khóa gửi", unique=True, editable=False)
    body = models.TextField("Nội dung góp ý")
    name = models.CharField("Họ và tên", max_length=200, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    phone = models.CharField("Số điện thoại", max_length=20, blank=True)
    ip_hash = models.CharField("Mã băm địa chỉ IP", max_length=64, blank=True, editable=False)
    status = models.CharField("Trạng thái", max_length=16, choices=Status.choices, default=Status.NEW)
    public_body = models.TextField(
        "Nội dung góp ý để công bố",
        blank=True,
        help_text=(
            "Đưa vào báo cáo tiếp thu, giải trình cùng phần giải trình. Khi duyệt, nếu để trống, được điền "
            "nội dung góp ý với họ tên, thư điện tử, số điện thoại thay bằng «[…]»."
        ),
    )
    response = models.TextField(
        "Giải trình, tiếp thu của cơ quan soạn thảo",
        blank=True,
        help_text="Được tổng hợp vào báo cáo tiếp thu, giải trình; không kèm thông tin cá nhân người góp ý.",
    )
    assigned_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="Đơn vị được giao xử lý",
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
    personal_data_fields = ("name", "email", "phone", "ip_hash")
    retention_date_field = "created_at"

    class Meta:
        verbose_name = "Ý kiến góp ý dự thảo"
        verbose_name_plural = "Ý kiến góp ý dự thảo"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["consultation", "article_id", "status"]),
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["ip_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.body[:60]}"

    def save(self, *args, update_fields=None, **kwargs):
        # The text to publish is fixed when the opinion is approved, while the sender's name is known:
        # purge_personal_data blanks the name later, and the outcome report must not show it then.
        if self.status == self.Status.APPROVED and not self.public_body.strip():
            from cms.qa.services import question_redact  # qa.services imports models of other apps

            self.public_body = question_redact(
                text=self.body, name=self.name, email=self.email, phone=self.phone
            )
            if update_fields is not None:
                update_fields = {*update_fields, "public_body"}
        super().save(*args, update_fields=update_fields, **kwargs)


@receiver(post_save, sender=Opinion)
def opinion_changed(sender, instance: Opinion, created: bool, **kwargs) -> None:
    """Moderation may change a published outcome; a new opinion cannot (consultation still open)."""
    if created:
        return
    from cms.consultations.services import consultation_outcome_changed  # services import this module

    consultation_outcome_changed(consultation_id=instance.consultation_id)
