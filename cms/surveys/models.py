"""A survey page (its questions, dates and published results) and the responses citizens send."""

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.core.models import BODY_FEATURES, BasePage, OpenPeriodMixin
from cms.core.serializers import AttrsField
from cms.qa.models import tracking_code
from cms.surveys.blocks import (
    CHOICE_KINDS,
    LONG_TEXT_MAX,
    SCALE,
    SHORT_TEXT_MAX,
    QuestionKind,
    SurveyQuestionsBlock,
    question_problems,
)


class SurveyStatus(models.TextChoices):
    UPCOMING = "sap-mo", "Sắp khảo sát"
    OPEN = "dang-khao-sat", "Đang khảo sát"
    CLOSED = "da-ket-thuc", "Đã kết thúc"


@dataclass(frozen=True)
class SurveyQuestion:
    """One question as the form, the API and the results see it."""

    id: str
    text: str
    hint: str
    kind: str
    required: bool
    choices: tuple[tuple[str, str], ...]  # (choice id, label)
    max_choices: int | None

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """What can be counted: the choices, or the scale's values as text ("1" … "5")."""
        if self.kind == QuestionKind.SCALE:
            return tuple((str(n), str(n)) for n in SCALE)
        return self.choices

    @property
    def max_length(self) -> int | None:
        return {QuestionKind.SHORT_TEXT: SHORT_TEXT_MAX, QuestionKind.LONG_TEXT: LONG_TEXT_MAX}.get(self.kind)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "hint": self.hint,
            "kind": self.kind,
            "kind_label": QuestionKind(self.kind).label,
            "required": self.required,
            "choices": [{"id": cid, "label": label} for cid, label in self.choices],
            "max_choices": self.max_choices,
            "max_length": self.max_length,
        }


class SurveyPage(OpenPeriodMixin, BasePage):
    """Khảo sát trực tuyến: questions defined here, answered between two dates, results published by tick."""

    responsible_unit = models.ForeignKey(
        "units.Unit", verbose_name="Đơn vị chủ trì khảo sát", on_delete=models.PROTECT, related_name="+"
    )
    opens_at = models.DateTimeField("Bắt đầu khảo sát")
    closes_at = models.DateTimeField("Kết thúc khảo sát")
    intro = RichTextField("Giới thiệu khảo sát", features=BODY_FEATURES, blank=True)
    ask_province = models.BooleanField(
        "Hỏi tỉnh, thành phố của người trả lời",
        default=True,
        help_text="Người trả lời có thể không chọn. Kết quả được tổng hợp theo tỉnh, thành phố.",
    )
    questions = StreamField(SurveyQuestionsBlock(), verbose_name="Các câu hỏi")
    results_published = models.BooleanField(
        "Công bố kết quả",
        default=False,
        help_text="Kết quả tổng hợp (không có câu trả lời dạng văn bản) được đăng trên trang khảo sát.",
    )
    results_note = RichTextField("Nhận xét kết quả", features=BODY_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("responsible_unit"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("ask_province"),
            ],
            heading="Thông tin khảo sát",
        ),
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel([FieldPanel("results_published"), FieldPanel("results_note")], heading="Kết quả"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.FilterField("closes_at"),
    ]
    # Definitions and aggregates only: nothing here leads to a response or a respondent.
    api_fields = BasePage.api_fields + [
        APIField("responsible_unit", serializer=AttrsField("code", "name")),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status"),
        APIField("status_label"),
        APIField("intro"),
        APIField("ask_province"),
        APIField("form_questions"),
        APIField("province_choices"),
        APIField("results_published"),
        APIField("results_note"),
        APIField("results"),
    ]
    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types: list[str] = []

    period_status = SurveyStatus

    class Meta:
        verbose_name = "Khảo sát trực tuyến"
        verbose_name_plural = "Khảo sát trực tuyến"

    def survey_questions(self) -> list[SurveyQuestion]:
        """The questions in order, with their stream block ids and their choices' list item ids."""
        found = []
        for block in self.questions:
            value = block.value
            choices = ()
            if value["kind"] in CHOICE_KINDS:
                choices = tuple((item.id or "", str(item.value)) for item in _choice_items(value))
            max_choices = value["max_choices"] if value["kind"] == QuestionKind.MULTIPLE else None
            found.append(
                SurveyQuestion(
                    id=block.id,
                    text=value["text"],
                    hint=value["hint"] or "",
                    kind=value["kind"],
                    required=bool(value["required"]),
                    choices=choices,
                    max_choices=max_choices,
                )
            )
        return found

    @property
    def form_questions(self) -> list[dict[str, Any]]:
        return [question.as_dict() for question in self.survey_questions()]

    @property
    def province_choices(self) -> list[dict[str, str]]:
        """The provinces a respondent may pick today (after mergers, only the current ones)."""
        if not self.ask_province:
            return []
        from cms.units.selectors import provinces_current

        return [{"code": u.code, "name": u.name} for u in provinces_current().order_by("name")]

    @property
    def results(self) -> dict[str, Any] | None:
        """The aggregates, once editors publish them; never a response or a text answer."""
        if not self.results_published:
            return None
        from cms.surveys.selectors import survey_results

        return survey_results(survey=self)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "Thời điểm kết thúc phải sau thời điểm bắt đầu khảo sát."
        problems = self._question_problems()
        if problems:
            errors["questions"] = " ".join(problems)
        if errors:
            raise ValidationError(errors)

    def _question_problems(self) -> list[str]:
        problems, seen = [], set()
        for n, block in enumerate(self.questions, start=1):
            if block.id and block.id in seen:
                problems.append(f"Câu {n}: mã câu hỏi bị trùng.")
            seen.add(block.id)
            problems += [f"Câu {n}: {message}" for message in question_problems(block.value).values()]
            ids = [item.id for item in _choice_items(block.value) if item.id]
            if len(set(ids)) != len(ids):
                problems.append(f"Câu {n}: mã phương án bị trùng.")
        return problems


def _choice_items(value) -> list:
    """A question's choices as bound list items (with ids); a plain list, before the first save, has none."""
    items = value.get("choices") or []
    if hasattr(items, "bound_blocks"):
        return list(items.bound_blocks)
    return [SimpleNamespace(id=None, value=item) for item in items]


def new_tracking_code() -> str:
    """A short code a citizen can read out on the phone: no 0/O or 1/I confusion."""
    return tracking_code("KS-")


class SurveyResponse(models.Model):
    """One citizen's answers to a survey: {question id: choice id, [choice ids], 1–5 or text}.

    Skipped questions have no key. No name, e-mail or address is asked; the salted hash of the
    address serves the duplicate check only and is purged after the retention period.
    """

    personal_data_fields = ("ip_hash",)
    retention_date_field = "created_at"

    survey = models.ForeignKey(
        SurveyPage, verbose_name="Khảo sát", on_delete=models.CASCADE, related_name="responses"
    )
    client_key = models.UUIDField("Khóa gửi", unique=True, editable=False)
    tracking_code = models.CharField("Mã theo dõi", max_length=16, unique=True, default=new_tracking_code)
    answers = models.JSONField("Câu trả lời", default=dict)
    province = models.ForeignKey(
        "units.Unit",
        verbose_name="Tỉnh, thành phố",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip_hash = models.CharField("Mã băm địa chỉ IP", max_length=64, blank=True, editable=False)
    fingerprint = models.CharField("Dấu vân tay nội dung", max_length=40, blank=True, editable=False)
    flagged = models.BooleanField(
        "Nghi trùng lặp", default=False, help_text="Không được tính vào kết quả khảo sát."
    )
    is_spam = models.BooleanField("Thư rác", default=False, help_text="Không được tính vào kết quả khảo sát.")
    created_at = models.DateTimeField("Ngày gửi", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "Phiếu trả lời khảo sát"
        verbose_name_plural = "Phiếu trả lời khảo sát"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["survey", "created_at"]),
            models.Index(fields=["survey", "fingerprint", "created_at"]),
            models.Index(fields=["survey", "ip_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def counted(self) -> bool:
        return not (self.flagged or self.is_spam)
