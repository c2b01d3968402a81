from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse

NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL)."


class RejectNulBytesMiddleware:
    """PostgreSQL text cannot hold NUL; refuse such input with 400 instead of failing with 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                body = {"code": "invalid_characters", "message": NUL_MESSAGE, "detail": NUL_MESSAGE}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.META.get("CONTENT_TYPE", "")
            if not content_type.startswith("multipart/"):
                body = request.body
                if (
                    b"\x00" in body
                    or b"%00" in body
                    or (content_type.startswith("application/json") and b"\\u0000" in body)
                ):
                    return True
        return False
