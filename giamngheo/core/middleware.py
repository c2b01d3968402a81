from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware

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


# Text compresses tenfold or more (a village's offline download: 889 KB of JSON, 29 KB gzipped);
# workbooks, PDFs and images are compressed already, and files (static, downloads) stream.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/javascript", "application/manifest+json")


class CompressTextMiddleware(GZipMiddleware):
    """Gzip text responses (pages, JSON, scripts) for a client that accepts it: a collaborator's
    phone on a weak signal downloads a village in a thirtieth of the bytes. Django's middleware
    pads each response with random bytes against BREACH; nothing else is compressed."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
