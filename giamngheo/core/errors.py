"""Error pages (400, 403, 404, 500 and a refused CSRF check) in the site's layout, in
Vietnamese, with a way back. Django calls these through the `handlerNNN` names in the
root URLconf and `CSRF_FAILURE_VIEW`."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

PAGES = {
    400: ("Yêu cầu không hợp lệ", "Máy chủ không hiểu yêu cầu vừa gửi. Hãy kiểm tra địa chỉ hoặc thử lại."),
    403: (
        "Bạn không có quyền truy cập trang này",
        "Trang hoặc thao tác này nằm ngoài vai trò hay địa bàn được phân công cho tài khoản của bạn.",
    ),
    404: (
        "Không tìm thấy trang",
        "Địa chỉ không tồn tại, đã bị xoá, hoặc thuộc địa bàn không được phân công cho bạn.",
    ),
    500: (
        "Hệ thống gặp lỗi",
        "Đã có lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; hãy thử lại sau ít phút.",
    ),
}
CSRF_TEXT = (
    "Phiên làm việc đã hết hạn hoặc trang đã mở quá lâu nên biểu mẫu không được chấp nhận. "
    "Hãy tải lại trang, nhập lại và gửi lần nữa."
)


# The API answers errors Django handles before or outside it (an unknown address, a crash) in
# its own shape: a stable `code` beside a Vietnamese `message` (giamngheo.api.api.error_body).
API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}


def render_error(request: HttpRequest, code: int, text: str | None = None, detail: str = "") -> HttpResponse:
    title, default_text = PAGES[code]
    if request is not None and request.path.startswith("/api/"):
        message = f"{title}. {detail or text or default_text}"
        return JsonResponse({"code": API_CODES[code], "message": message, "detail": message}, status=code)
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    back = referer if referer and url_has_allowed_host_and_scheme(referer, request.get_host()) else ""
    context = {
        "error_code": code,
        "error_title": title,
        "error_text": text or default_text,
        "error_detail": detail,
        "back_url": back,
    }
    try:
        body = loader.render_to_string("errors/_page.html", context, request=request)
    except Exception:  # the layout itself failed (e.g. the database is down): a bare page
        body = f"<!doctype html><html lang='vi'><meta charset='utf-8'><h1>{title}</h1><p>{context['error_text']}</p><p><a href='/'>Về trang chủ</a></p>"
    return HttpResponse(body, status=code)


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403, detail=_vietnamese_reason(exception))


def page_not_found(request, exception=None):
    return render_error(request, 404, detail=_vietnamese_reason(exception))


def server_error(request):
    return render_error(request, 500)


def csrf_failure(request, reason: str = ""):
    response = render_error(request, 403, text=CSRF_TEXT)
    return response


def _vietnamese_reason(exception) -> str:
    """The message an action raised, when it is ours (Vietnamese); Django's English ones are dropped."""
    message = str(exception.args[0]) if exception is not None and exception.args else ""
    if not message or not isinstance(exception.args[0], str) or message.isascii():
        return ""
    return message
