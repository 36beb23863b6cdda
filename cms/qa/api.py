"""Public endpoint for citizens' questions."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from cms.api.abuse import PublicSubmitApi, SubmissionInput
from cms.api.fastpath import FastPathView
from cms.api.fields import StrictCharField
from cms.qa.services import ClientKeyConflict, question_store_new, question_submit
from cms.search.analysis import normalize


class KeyConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Mã gửi (client_key) này đã được dùng cho một câu hỏi khác."
    default_code = "client_key_conflict"


class QuestionSubmitApi(FastPathView, PublicSubmitApi):
    """Accept a citizen's question for moderation and return its tracking code.

    A filled honeypot (`website`) is answered like any other question and stored as spam.
    """

    @extend_schema_serializer(component_name="QuestionSubmitInput")
    class InputSerializer(SubmissionInput):
        body = StrictCharField(min_length=10, max_length=5000)
        name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
        email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")

        def validate(self, attrs):
            return {k: normalize(v) if isinstance(v, str) else v for k, v in attrs.items()}

    @extend_schema_serializer(component_name="QuestionSubmitOutput")
    class OutputSerializer(serializers.Serializer):
        tracking_code = serializers.CharField()
        status = serializers.CharField()

    @extend_schema(
        summary="Gửi câu hỏi về cải cách hành chính",
        description=(
            "Nhận câu hỏi của người dân để kiểm duyệt và trả lời; họ tên và thư điện tử không bắt buộc "
            "và không bao giờ được công bố. Trả về mã theo dõi HD-…"
        ),
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: inline_serializer("ApiError", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request):
        fields, is_spam = self.submission(request)
        try:
            question = question_submit(**fields, ip_hash=self.ip_hash(), is_spam=is_spam)
        except ClientKeyConflict as exc:
            raise KeyConflict from exc
        return Response(
            self.OutputSerializer({"tracking_code": question.tracking_code, "status": question.status}).data,
            status=status.HTTP_201_CREATED,
        )

    def throttle_form_key(self, request) -> str:
        return "questions"

    def fast_store(self, **values) -> dict | None:
        return question_store_new(**values)
