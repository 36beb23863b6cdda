"""One error shape for the public API, in Vietnamese: {"detail": ..., "errors": {...}}."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES: dict[type[exceptions.APIException], str] = {
    exceptions.ParseError: "Dữ liệu gửi lên không phải JSON hợp lệ.",
    exceptions.UnsupportedMediaType: "Chỉ nhận dữ liệu JSON (Content-Type: application/json).",
    exceptions.MethodNotAllowed: "Phương thức này không được hỗ trợ.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.NotAcceptable: "Chỉ trả lời dạng JSON.",
    exceptions.NotAuthenticated: "Cần đăng nhập.",
    exceptions.PermissionDenied: "Không có quyền thực hiện thao tác này.",
}
VALIDATION_MESSAGE = "Dữ liệu chưa hợp lệ. Vui lòng kiểm tra lại các trường được đánh dấu."


# DRF hard-codes a few English messages that no translation catalogue reaches, by error code.
CODE_MESSAGES = {"null": "Chưa có dữ liệu gửi lên (nội dung yêu cầu là null)."}


def _message(detail: object) -> str:
    return CODE_MESSAGES.get(getattr(detail, "code", ""), str(detail))


def _field_errors(detail: object) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            field: [_message(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for field, msgs in detail.items()
        }
    return {"non_field_errors": [_message(m) for m in (detail if isinstance(detail, list) else [detail])]}


def exception_handler(exc, context):
    """Reshape DRF's errors into Vietnamese; exceptions raised by our code pass through."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": VALIDATION_MESSAGE, "errors": _field_errors(exc.detail)}
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = {"detail": f"Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau {wait} giây."}
    else:
        # DRF's own exceptions carry English text; ours (e.g. InvalidJson) are already Vietnamese.
        response.data = {"detail": MESSAGES.get(type(exc), str(exc.detail))}
        if getattr(exc, "errors", None):
            response.data["errors"] = exc.errors
    return response


def page_not_found(request, exception):
    """Django's 404 for an unknown URL (handler404): in the API's JSON shape under /api/v1/."""
    if request.path.startswith("/api/v1/"):
        return JsonResponse({"detail": MESSAGES[exceptions.NotFound]}, status=404)
    return defaults.page_not_found(request, exception)
