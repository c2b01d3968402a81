from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
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
    body = error_body("malformed", "Yêu cầu không đúng định dạng.", errors=error.errors)
    return api.create_response(request, body, status=422)
