from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI

from giamngheo.api import field, households, planning, programs, records, reviews, targets
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


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return api.create_response(request, {"detail": "Dữ liệu không hợp lệ.", "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "Không có quyền."}, status=403)
