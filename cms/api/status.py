"""Status lookup by tracking code: where a citizen's submission stands, never anyone's personal data."""

import html
import re
from collections.abc import Callable
from datetime import date

from django.utils import timezone
from django.utils.html import strip_tags
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from cms.api.base import PublicApiView
from cms.qa.models import TRACKING_ALPHABET

# "HD-7K3M9QXA": a two-letter kind, a dash and eight letters or digits of the tracking alphabet.
CODE = re.compile(rf"^([A-Z]{{2}})-[{TRACKING_ALPHABET}]{{8}}$")
MALFORMED = "Mã theo dõi không hợp lệ. Mã có dạng HD-XXXXXXXX (hai chữ cái, dấu gạch ngang và 8 ký tự)."
PENDING = ("new", "Chờ duyệt")

StatusLookup = Callable[[str], dict | None]
# Tracking code prefix → a function that answers the public status of that code, or None when unknown.
SOURCES: dict[str, StatusLookup] = {}


def status_source(prefix: str) -> Callable[[StatusLookup], StatusLookup]:
    """Register the lookup of one kind of submission: `@status_source("KS")` over a function."""

    def register(lookup: StatusLookup) -> StatusLookup:
        SOURCES[prefix] = lookup
        return lookup

    return register


class SubmissionMissing(NotFound):
    default_detail = "Không tìm thấy nội dung nào với mã theo dõi này. Vui lòng kiểm tra lại mã."


def _plain(rich: str) -> str:
    """Rich text as plain text, paragraphs kept apart (the widget inserts it with textContent)."""
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", "\n", rich or "")
    return re.sub(r"\n{2,}", "\n", html.unescape(strip_tags(text))).strip()


def _static_path(page) -> str:
    """The page's URL on the static site, where export puts it (its path below the site's root)."""
    root = page.get_site().root_page.url_path
    return "/" + page.url_path.removeprefix(root)


def _public_status(submission) -> tuple[str, str]:
    # A spam mark is the moderators' business: a robot must not learn that its trap sprang.
    if submission.status == "spam":
        return PENDING
    return submission.status, submission.get_status_display()


def _submitted_on(submission) -> date:
    return timezone.localdate(submission.created_at)


@status_source("HD")
def question_status(code: str) -> dict | None:
    from cms.qa.models import Question, QuestionPage

    question = Question.objects.filter(tracking_code=code).only("status", "created_at").first()
    if question is None:
        return None
    status, label = _public_status(question)
    page = QuestionPage.objects.live().filter(source_question=question).first()
    answer = {"text": _plain(page.answer), "url": _static_path(page)} if page else None
    return {
        "kind": "question",
        "status": status,
        "status_label": label,
        "submitted_on": _submitted_on(question),
        "answer": answer,
    }


@status_source("GY")
def opinion_status(code: str) -> dict | None:
    from cms.consultations.models import ConsultationStatus, Opinion

    opinion = Opinion.objects.filter(tracking_code=code).select_related("consultation").first()
    if opinion is None:
        return None
    status, label = _public_status(opinion)
    page = opinion.consultation
    published = page.live and bool(page.outcome_report) and page.status_on() == ConsultationStatus.CLOSED
    answer = None
    if published and opinion.response and status != "rejected":
        answer = {"text": opinion.response, "url": _static_path(page)}
    return {
        "kind": "opinion",
        "status": status,
        "status_label": label,
        "submitted_on": _submitted_on(opinion),
        "subject": f"{page.title} – {opinion.article_label}" if opinion.article_label else page.title,
        "answer": answer,
    }


@extend_schema_serializer(component_name="SubmissionStatusAnswer")
class AnswerSerializer(serializers.Serializer):
    """The published answer (or the drafting body's response) and the static page that shows it."""

    text = serializers.CharField()
    url = serializers.CharField()


class SubmissionStatusApi(PublicApiView):
    """Where a question, opinion or survey answer stands, by its tracking code."""

    throttle_scope = "status"

    @extend_schema_serializer(component_name="SubmissionStatusOutput")
    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        kind = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField()
        submitted_on = serializers.DateField()
        subject = serializers.CharField(required=False)
        answer = AnswerSerializer(allow_null=True)

    @extend_schema(
        operation_id="submission_status",
        summary="Tra cứu tình trạng theo mã theo dõi",
        description=(
            "Tình trạng xử lý của câu hỏi, góp ý hoặc phiếu khảo sát và, khi đã công bố, nội dung trả lời; "
            "không bao giờ trả dữ liệu cá nhân."
        ),
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="Mã theo dõi không hợp lệ."),
            404: OpenApiResponse(description="Không tìm thấy mã theo dõi."),
        },
    )
    def get(self, request, code: str):
        code = code.strip().upper()
        match = CODE.match(code)
        if match is None:
            raise ValidationError({"code": [MALFORMED]})
        lookup = SOURCES.get(match.group(1))
        found = lookup(code) if lookup else None
        if found is None:
            raise SubmissionMissing
        return Response(self.OutputSerializer({"code": code, **found}).data)
