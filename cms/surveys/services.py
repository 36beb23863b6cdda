"""Writes for surveys: a citizen's answers, checked against the survey's questions, stored once per key."""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.api.abuse import ClientKeyConflict, flag_matches, near_duplicate
from cms.api.abuse import fingerprint as text_fingerprint
from cms.api.fastpath import insert_new
from cms.search.analysis import normalize
from cms.surveys.blocks import TEXT_KINDS, QuestionKind
from cms.surveys.models import SurveyPage, SurveyQuestion, SurveyResponse, SurveyStatus
from cms.units.models import Unit
from cms.units.selectors import provinces_current

MESSAGES = {
    "unknown_question": "Câu hỏi này không có trong phiếu khảo sát.",
    "required": "Câu hỏi này bắt buộc trả lời.",
    "single_type": "Cần chọn một phương án (mã phương án dạng chuỗi).",
    "multiple_type": "Cần một danh sách mã các phương án đã chọn.",
    "unknown_choice": "Phương án này không có trong câu hỏi.",
    "repeated_choice": "Mỗi phương án chỉ được chọn một lần.",
    "too_many_choices": "Chỉ được chọn tối đa {max} phương án.",
    "scale": "Cần một số nguyên từ 1 đến 5.",
    "text_type": "Câu trả lời phải là văn bản.",
    "text_chars": "Câu trả lời chứa ký tự không hợp lệ.",
    "too_long": "Câu trả lời dài tối đa {max} ký tự (hiện có {length} ký tự).",
    "province_unknown": "Không có tỉnh, thành phố nào với mã này.",
    "province_not_asked": "Khảo sát này không hỏi tỉnh, thành phố.",
}


class SurveyNotFound(Exception):
    """No published survey has this id."""


class SurveyNotOpen(Exception):
    """The survey is not taking answers now (not yet open, or closed)."""

    def __init__(self, status: SurveyStatus):
        super().__init__(status.value)
        self.status = status


class InvalidAnswers(Exception):
    """Answers that do not fit the survey: Vietnamese messages by input key ("answers.<id>", "province")."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _skipped(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _choice(question: SurveyQuestion, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, MESSAGES["single_type"]
    if value not in dict(question.choices):
        return None, MESSAGES["unknown_choice"]
    return value, None


def _choices(question: SurveyQuestion, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, MESSAGES["multiple_type"]
    if len(set(value)) != len(value):
        return None, MESSAGES["repeated_choice"]
    if not set(value) <= dict(question.choices).keys():
        return None, MESSAGES["unknown_choice"]
    if question.max_choices and len(value) > question.max_choices:
        return None, MESSAGES["too_many_choices"].format(max=question.max_choices)
    order = [cid for cid, _ in question.choices]
    return sorted(value, key=order.index), None


def _scale(value: Any) -> tuple[Any, str | None]:
    # JSON true is a Python int; 3.0 is not an integer answer either.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return None, MESSAGES["scale"]
    return value, None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        return False
    return True


def _text(question: SurveyQuestion, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, MESSAGES["text_type"]
    text = normalize(value).strip()
    if "\x00" in text or not _encodable(text):  # PostgreSQL's jsonb takes neither
        return None, MESSAGES["text_chars"]
    if len(text) > question.max_length:
        return None, MESSAGES["too_long"].format(max=question.max_length, length=len(text))
    return text, None


def answer_clean(question: SurveyQuestion, value: Any) -> tuple[Any, str | None]:
    """(stored value, None) for a fitting answer, or (None, Vietnamese message)."""
    if question.kind == QuestionKind.SINGLE:
        return _choice(question, value)
    if question.kind == QuestionKind.MULTIPLE:
        return _choices(question, value)
    if question.kind == QuestionKind.SCALE:
        return _scale(value)
    return _text(question, value)


def answers_clean(*, questions: list[SurveyQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as stored (skipped questions left out), or InvalidAnswers with every problem."""
    questions = {q.id: q for q in questions}
    errors: dict[str, list[str]] = {}
    for key in answers:
        if key not in questions:
            errors[f"answers.{key}"[:120]] = [MESSAGES["unknown_question"]]
    cleaned: dict[str, Any] = {}
    for qid, question in questions.items():
        value = answers.get(qid)
        if _skipped(value):
            if question.required:
                errors[f"answers.{qid}"] = [MESSAGES["required"]]
            continue
        stored, problem = answer_clean(question, value)
        if problem:
            errors[f"answers.{qid}"] = [problem]
        else:
            cleaned[qid] = stored
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


def province_resolve(*, survey: SurveyPage, code: str) -> Unit | None:
    if not code:
        return None
    if not survey.ask_province:
        raise InvalidAnswers({"province": [MESSAGES["province_not_asked"]]})
    province = provinces_current().filter(code=code).first()
    if province is None:
        raise InvalidAnswers({"province": [MESSAGES["province_unknown"]]})
    return province


def _replayed(client_key: uuid.UUID, **sent: Any) -> SurveyResponse | None:
    """The response this key already stored, if it is the same one; different answers are a conflict."""
    existing = SurveyResponse.objects.filter(client_key=client_key).first()
    if existing is None:
        return None
    if (existing.survey_id, existing.answers, existing.province_id) != (
        sent["survey_id"],
        sent["answers"],
        sent["province_id"],
    ):
        raise ClientKeyConflict
    return existing


def answers_fingerprint(questions: list[SurveyQuestion], answers: dict[str, Any]) -> str:
    """The fingerprint of the text answers (cms.api.abuse.fingerprint); "" without text."""
    return text_fingerprint(*(answers[q.id] for q in questions if q.kind in TEXT_KINDS and q.id in answers))


@transaction.atomic
def survey_response_submit(
    *,
    survey_id: int,
    client_key: uuid.UUID,
    answers: dict[str, Any],
    province: str = "",
    ip_hash: str = "",
    is_spam: bool = False,
) -> SurveyResponse:
    """Store a survey response; a repeated client key with the same answers returns the first record.

    A replay is answered before the dates are checked, so a retry from an outbox after closing still
    learns its tracking code. Near-identical text answers in numbers are flagged, not refused. The row
    is committed before this returns.
    """
    survey = SurveyPage.objects.live().filter(pk=survey_id).first()
    if survey is None:
        raise SurveyNotFound
    questions = survey.survey_questions()
    cleaned = answers_clean(questions=questions, answers=answers)
    unit = province_resolve(survey=survey, code=province)
    sent = {"survey_id": survey.pk, "answers": cleaned, "province_id": unit.pk if unit else None}
    existing = _replayed(client_key, **sent)
    if existing is not None:
        return existing
    status = survey.status_on(timezone.now())
    if status != SurveyStatus.OPEN:
        raise SurveyNotOpen(status)
    same_form = SurveyResponse.objects.filter(survey=survey)
    key = answers_fingerprint(questions, cleaned)
    flagged = not is_spam and near_duplicate(same_form, fingerprint=key, ip_hash=ip_hash)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                client_key=client_key,
                answers=cleaned,
                province=unit,
                ip_hash=ip_hash,
                fingerprint=key,
                flagged=flagged,
                is_spam=is_spam,
            )
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its record.
        existing = _replayed(client_key, **sent)
        if existing is None:
            raise
        return existing
    if flagged:
        flag_matches(same_form, fingerprint=key)
    return response


MAX_ANSWERS = 200  # answers in one response, at most


# --- The fast path (cms/api/fastpath.py) ------------------------------------------------------------
@dataclass(frozen=True)
class SurveyDefinition:
    """What checking an answer needs of a published survey, kept per process for a short while."""

    pk: int
    opens_at: datetime
    closes_at: datetime
    ask_province: bool
    questions: list[SurveyQuestion]


_DEFINITIONS: dict[int, tuple[float, SurveyDefinition | None]] = {}
_PROVINCES: list = [0.0, {}]  # [expires at (monotonic), {code: unit id}]


def survey_definition(pk: int) -> SurveyDefinition | None:
    """The live survey `pk` (None when there is none), cached for CCHC_SURVEY_CACHE_SECONDS.

    Saving or unpublishing a survey clears this process's copy; other processes see the change within
    the cache time (an editor's change of dates or questions reaches every API worker within 30 s).
    """
    now = time.monotonic()
    cached = _DEFINITIONS.get(pk)
    if cached is not None and cached[0] > now:
        return cached[1]
    page = SurveyPage.objects.live().filter(pk=pk).first()
    definition = (
        None
        if page is None
        else SurveyDefinition(
            page.pk, page.opens_at, page.closes_at, page.ask_province, page.survey_questions()
        )
    )
    if settings.CCHC_SURVEY_CACHE_SECONDS > 0:
        _DEFINITIONS[pk] = (now + settings.CCHC_SURVEY_CACHE_SECONDS, definition)
    return definition


def _province_ids() -> dict[str, int]:
    now = time.monotonic()
    if _PROVINCES[0] <= now:
        _PROVINCES[1] = dict(provinces_current().values_list("code", "pk"))
        _PROVINCES[0] = now + settings.CCHC_SURVEY_CACHE_SECONDS
    return _PROVINCES[1]


def survey_definitions_clear(**kwargs) -> None:
    """Forget this process's copies (a survey was saved or unpublished)."""
    _DEFINITIONS.clear()
    _PROVINCES[0] = 0.0


def survey_store_new(
    *, survey_id: int, client_key: uuid.UUID, answers: dict[str, Any], province: str, ip_hash: str
) -> dict | None:
    """The fast path's write: an ordinary response to an open survey, in one statement.

    Returns the public answer, or None for anything the full path must answer (no such survey, not
    open, answers that do not fit, an unknown province, a replayed key).
    """
    definition = survey_definition(survey_id)
    if definition is None or not ip_hash or len(answers) > MAX_ANSWERS:
        return None
    if not definition.opens_at <= timezone.now() < definition.closes_at:
        return None
    try:
        cleaned = answers_clean(questions=definition.questions, answers=answers)
    except InvalidAnswers:
        return None
    province_id = None
    if province:
        province_id = _province_ids().get(province) if definition.ask_province else None
        if province_id is None:
            return None
    values = {
        "survey_id": survey_id,
        "client_key": client_key,
        "answers": cleaned,
        "province_id": province_id,
    }
    values.update(ip_hash=ip_hash, fingerprint=answers_fingerprint(definition.questions, cleaned))
    return insert_new(SurveyResponse, values, returning=("tracking_code",), scope="survey_id")
