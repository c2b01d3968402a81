import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from giamngheo.api import field, households, planning, programs, records, reviews, targets, tokens
from giamngheo.api.auth import AUTH

api = NinjaAPI(
    title="giamngheo API",
    version="1",
    description="Hộ gia đình, thành viên, phiếu khảo sát và kết quả phân loại trong địa bàn của người dùng.",
    urls_namespace="api",
    auth=AUTH,
)
api.add_router("/households", households.router)
api.add_router("/", records.router)
api.add_router("/", targets.router)
api.add_router("/programs", programs.router)
api.add_router("/planning", planning.router)
api.add_router("/", reviews.router)
api.add_router("/field", field.router)


def error_body(code: str, message: str, **extra) -> dict:
    """Every API error: a stable `code`, a Vietnamese `message` (and `detail`, the same text)."""
    return {"code": code, "message": message, "detail": message, **extra}


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    body = error_body("invalid", "Dữ liệu không hợp lệ.", errors=errors)
    return api.create_response(request, body, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, error: PermissionDenied):
    return api.create_response(request, error_body("forbidden", str(error) or "Không có quyền."), status=403)


@api.exception_handler(tokens.TooManyFailures)
def throttled(request, error: tokens.TooManyFailures):
    message = "Địa chỉ này đã gửi sai khóa API quá nhiều lần; hãy thử lại sau 15 phút."
    return api.create_response(request, error_body("too_many_attempts", message), status=429)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, error: AuthenticationError):
    message = "Chưa xác thực: khóa API không đúng, đã hết hạn hoặc đã bị thu hồi."
    return api.create_response(request, error_body("unauthenticated", message), status=401)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    return api.create_response(request, error_body("not_found", "Không tìm thấy."), status=404)


@api.exception_handler(NinjaValidationError)
def malformed(request, error: NinjaValidationError):
    """The schema's own refusals (pydantic's, in English in `errors`), each named in the
    Vietnamese message by its field."""
    problems = "; ".join(schema_problem(problem) for problem in error.errors)
    message = "Yêu cầu không đúng định dạng" + (f": {problems}." if problems else ".")
    return api.create_response(request, error_body("malformed", message, errors=error.errors), status=422)


SCHEMA_PROBLEMS = {
    "missing": "thiếu",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "ngắn hơn {min_length} ký tự",
    "string_type": "phải là chữ",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là có hoặc không (true/false)",
    "bool_type": "phải là có hoặc không (true/false)",
    "date_parsing": "ngày không hợp lệ (năm-tháng-ngày)",
    "date_from_datetime_parsing": "ngày không hợp lệ (năm-tháng-ngày)",
    "date_type": "ngày không hợp lệ (năm-tháng-ngày)",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "enum": "không thuộc các giá trị cho phép",
    "literal_error": "không thuộc các giá trị cho phép",
    "extra_forbidden": "không có trường này",
    "json_invalid": "không phải JSON hợp lệ",
}
_LOCATIONS = {"body", "payload", "query", "path", "params"}


def schema_problem(problem: dict) -> str:
    names = [str(part) for part in problem.get("loc", ()) if str(part) not in _LOCATIONS]
    field = ".".join(names) or "nội dung"
    template = SCHEMA_PROBLEMS.get(problem.get("type", ""), "không hợp lệ")
    try:
        reason = template.format(**(problem.get("ctx") or {}))
    except (KeyError, IndexError):
        reason = "không hợp lệ"
    return f"{field} {reason}"


HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_requests"}  # fmt: skip
HTTP_MESSAGES = {
    405: "Phương thức không được hỗ trợ ở địa chỉ này.",
    413: "Dữ liệu gửi lên quá lớn.",
    429: "Quá nhiều yêu cầu; hãy thử lại sau.",
}


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    message = (
        str(error)
        if not str(error).isascii()
        else HTTP_MESSAGES.get(error.status_code, "Yêu cầu bị từ chối.")
    )
    code = HTTP_CODES.get(error.status_code, "error")
    return api.create_response(request, error_body(code, message), status=error.status_code)


@api.exception_handler(Exception)
def crashed(request, error: Exception):
    """Logged with its traceback like any server error; the caller gets the stable shape."""
    logging.getLogger("django.request").error("API error: %s", request.path, exc_info=error)
    message = "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau ít phút."
    return api.create_response(request, error_body("server_error", message), status=500)
