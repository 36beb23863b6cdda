"""Public endpoint for citizens' answers to a survey defined in Wagtail."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from cms.api.abuse import PublicSubmitApi, SubmissionInput
from cms.api.fastpath import FastPathView
from cms.api.fields import StrictCharField
from cms.api.status import status_source
from cms.surveys.models import SurveyResponse, SurveyStatus
from cms.surveys.services import (
    MAX_ANSWERS,
    ClientKeyConflict,
    InvalidAnswers,
    SurveyNotFound,
    SurveyNotOpen,
    survey_response_submit,
    survey_store_new,
)

MAX_PAGE_ID = 2**31 - 1  # larger ids cannot be pages; PostgreSQL would refuse them in the query
NOT_OPEN = {
    SurveyStatus.UPCOMING: "Khảo sát chưa bắt đầu. Vui lòng quay lại khi khảo sát mở.",
    SurveyStatus.CLOSED: "Khảo sát đã kết thúc, không nhận thêm phiếu trả lời.",
}
ERROR = inline_serializer("SurveyApiError", {"detail": serializers.CharField()})


class SurveyMissing(NotFound):
    default_detail = "Không tìm thấy khảo sát này."


class SurveyConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Mã gửi (client_key) này đã được dùng cho một phiếu trả lời khác."
    default_code = "conflict"


class SurveyResponseSubmitApi(FastPathView, PublicSubmitApi):
    """Accept one response to an open survey, checked against its questions; return its tracking code.

    `answers` maps question ids to a choice id (single choice), a list of choice ids (multiple), an
    integer 1–5 (scale) or a text. A filled honeypot is answered like any response and stored as spam.
    """

    @extend_schema_serializer(component_name="SurveyResponseSubmitInput")
    class InputSerializer(SubmissionInput):
        province = StrictCharField(max_length=16, required=False, allow_blank=True, default="")
        answers = serializers.DictField(
            allow_empty=True,
            error_messages={
                "not_a_dict": "Câu trả lời (answers) phải là một đối tượng JSON: {{mã câu hỏi: câu trả lời}}."
            },
        )

        def validate_answers(self, value):
            if len(value) > MAX_ANSWERS:
                raise ValidationError(f"Phiếu trả lời có quá nhiều câu (tối đa {MAX_ANSWERS}).")
            return value

    @extend_schema_serializer(component_name="SurveyResponseSubmitOutput")
    class OutputSerializer(serializers.Serializer):
        tracking_code = serializers.CharField()

    fast_structured = ("answers",)

    def fast_store(self, **values) -> dict | None:
        page_id = self.kwargs["page_id"]
        return survey_store_new(survey_id=page_id, **values) if 0 < page_id <= MAX_PAGE_ID else None

    @extend_schema(
        operation_id="survey_response_submit",
        summary="Gửi phiếu trả lời khảo sát",
        description=(
            "Nhận phiếu trả lời, kiểm tra theo các câu hỏi của khảo sát (bắt buộc, kiểu câu hỏi, lựa chọn) "
            "và thời gian khảo sát; trả về mã theo dõi KS-…"
        ),
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def post(self, request, page_id: int):
        if not 0 < page_id <= MAX_PAGE_ID:
            raise SurveyMissing
        fields, is_spam = self.submission(request)
        try:
            response = survey_response_submit(
                survey_id=page_id, **fields, ip_hash=self.ip_hash(), is_spam=is_spam
            )
        except SurveyNotFound as exc:
            raise SurveyMissing from exc
        except SurveyNotOpen as exc:
            raise SurveyConflict(NOT_OPEN[exc.status]) from exc
        except ClientKeyConflict as exc:
            raise SurveyConflict from exc
        except InvalidAnswers as exc:
            raise ValidationError(exc.errors) from exc
        return Response(self.OutputSerializer(response).data, status=status.HTTP_201_CREATED)


@status_source("KS")
def survey_response_status(code: str) -> dict | None:
    """A survey response is received once stored; its "answer" is the published results page.

    Spam and flagged responses read the same: a robot must not learn that it was caught.
    """
    from cms.api.status import _static_path

    response = SurveyResponse.objects.filter(tracking_code=code).select_related("survey").first()
    if response is None:
        return None
    page = response.survey
    answer = None
    if page.live and page.results_published:
        answer = {"text": "Kết quả khảo sát đã được công bố.", "url": _static_path(page)}
    return {
        "kind": "survey",
        "status": "received",
        "status_label": "Đã ghi nhận",
        "submitted_on": timezone.localdate(response.created_at),
        "subject": page.title,
        "answer": answer,
    }
