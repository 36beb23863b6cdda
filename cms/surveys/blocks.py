"""A survey's questions: one stream block per question, so each keeps a stable id across edits.

Choices are list items, which Wagtail also gives stable ids: an answer names the choice's id, so
rewording or reordering the choices keeps the answers already received.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
SCALE = (1, 2, 3, 4, 5)


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Chọn một phương án"
    MULTIPLE = "multiple", "Chọn nhiều phương án"
    SCALE = "scale", "Thang điểm 1–5"
    SHORT_TEXT = "short_text", f"Trả lời ngắn (tối đa {SHORT_TEXT_MAX} ký tự)"
    LONG_TEXT = "long_text", f"Trả lời dài (tối đa {LONG_TEXT_MAX} ký tự)"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


def question_problems(value) -> dict[str, str]:
    """What is wrong with one question's definition, by child block name (Vietnamese messages)."""
    problems: dict[str, str] = {}
    kind = value.get("kind")
    labels = [str(label).strip().casefold() for label in value.get("choices") or []]
    max_choices = value.get("max_choices")
    if kind in CHOICE_KINDS:
        if len(labels) < 2:
            problems["choices"] = "Câu hỏi lựa chọn cần ít nhất hai phương án trả lời."
        elif len(set(labels)) != len(labels):
            problems["choices"] = "Các phương án trả lời không được trùng nhau."
    if max_choices is not None:
        if kind != QuestionKind.MULTIPLE:
            problems["max_choices"] = "Chỉ câu hỏi chọn nhiều phương án mới có số lựa chọn tối đa."
        elif labels and max_choices > len(labels):
            problems["max_choices"] = "Số lựa chọn tối đa không được lớn hơn số phương án."
    return problems


class SurveyQuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Câu hỏi", max_length=500)
    hint = blocks.CharBlock(label="Hướng dẫn trả lời", max_length=500, required=False)
    kind = blocks.ChoiceBlock(label="Loại câu hỏi", choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    required = blocks.BooleanBlock(label="Bắt buộc trả lời", required=False, default=True)
    choices = blocks.ListBlock(
        blocks.CharBlock(label="Phương án", max_length=200),
        label="Các phương án trả lời",
        help_text="Chỉ dùng cho câu hỏi chọn một hoặc chọn nhiều phương án.",
        min_num=0,
    )
    max_choices = blocks.IntegerBlock(
        label="Số lựa chọn tối đa",
        required=False,
        min_value=1,
        help_text="Câu hỏi chọn nhiều phương án: để trống nếu không giới hạn.",
    )

    class Meta:
        icon = "help"
        label = "Câu hỏi"

    def clean(self, value):
        value = super().clean(value)
        problems = question_problems(value)
        if problems:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in problems.items()}
            )
        return value


class SurveyQuestionsBlock(blocks.StreamBlock):
    question = SurveyQuestionBlock()

    class Meta:
        block_counts = {"question": {"min_num": 1}}
