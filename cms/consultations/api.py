"""Public endpoint for citizens' opinions on one article (or clause) of a consultation draft."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from cms.api.abuse import PublicSubmitApi, SubmissionInput
from cms.api.fields import StrictCharField
from cms.consultations.models import ConsultationStatus
from cms.consultations.services import (
    ClientKeyConflict,
    ConsultationNotFound,
    ConsultationNotOpen,
    UnknownArticle,
    opinion_submit,
)
from cms.search.analysis import normalize

MAX_PAGE_ID = 2**31 - 1  # larger ids cannot be pages; PostgreSQL would refuse them in the query
NOT_OPEN = {
    ConsultationStatus.UPCOMING: "Dự thảo chưa mở lấy ý kiến. Vui lòng quay lại khi bắt đầu lấy ý kiến.",
    ConsultationStatus.CLOSED: "Dự thảo đã hết thời gian lấy ý kiến.",
}
UNKNOWN = {
    "article_id": "Điều này không có trong dự thảo.",
    "clause_id": "Khoản này không thuộc điều được góp ý.",
}
ERROR = inline_serializer("OpinionApiError", {"detail": serializers.CharField()})


class ConsultationMissing(NotFound):
    default_detail = "Không tìm thấy dự thảo lấy ý kiến này."


class OpinionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Mã gửi (client_key) này đã được dùng cho một ý kiến khác."
    default_code = "conflict"


class OpinionSubmitApi(PublicSubmitApi):
    """Accept an opinion on a draft article while the consultation is open; return its tracking code.

    The honeypot field `website` is hidden from people: a filled one is answered like any other
    opinion (a bot learns nothing) and stored as spam for moderators to see.
    """

    @extend_schema_serializer(component_name="OpinionSubmitInput")
    class InputSerializer(SubmissionInput):
        article_id = StrictCharField(max_length=64)
        clause_id = StrictCharField(max_length=80, required=False, allow_blank=True, default="")
        body = StrictCharField(min_length=10, max_length=5000)
        name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
        email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
        phone = serializers.RegexField(
            r"^\+?[0-9][0-9 .()-]{5,19}$",
            max_length=20,
            required=False,
            allow_blank=True,
            default="",
            error_messages={"invalid": "Số điện thoại không hợp lệ."},
        )

        def validate(self, attrs):
            return {k: normalize(v) if isinstance(v, str) else v for k, v in attrs.items()}

    @extend_schema_serializer(component_name="OpinionSubmitOutput")
    class OutputSerializer(serializers.Serializer):
        tracking_code = serializers.CharField()

    @extend_schema(
        operation_id="consultation_opinion_submit",
        summary="Góp ý một điều (khoản) của dự thảo",
        description=(
            "Nhận góp ý của người dân về một điều hoặc khoản của dự thảo đang lấy ý kiến; ngoài thời gian "
            "lấy ý kiến trả lời 409. Góp ý được lưu để kiểm duyệt, trả về mã theo dõi GY-…"
        ),
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def post(self, request, page_id: int):
        if not 0 < page_id <= MAX_PAGE_ID:
            raise ConsultationMissing
        fields, is_spam = self.submission(request)
        try:
            opinion = opinion_submit(
                consultation_id=page_id, **fields, ip_hash=self.ip_hash(), is_spam=is_spam
            )
        except ConsultationNotFound as exc:
            raise ConsultationMissing from exc
        except ConsultationNotOpen as exc:
            raise OpinionConflict(NOT_OPEN[exc.status]) from exc
        except ClientKeyConflict as exc:
            raise OpinionConflict from exc
        except UnknownArticle as exc:
            raise ValidationError({exc.field: [UNKNOWN[exc.field]]}) from exc
        return Response(self.OutputSerializer(opinion).data, status=status.HTTP_201_CREATED)
