from django.urls import reverse


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = [
        ("home:index", "Tổng quan"),
        ("households:list", "Hộ gia đình"),
        ("reviews:list", "Rà soát"),
        ("targets:dashboard", "Bảng điều khiển"),
        ("targets:plans", "Kế hoạch"),
        ("programs:index", "Chính sách"),
        ("reports:index", "Báo cáo"),
        ("planning:impact", "Dự báo"),
        ("areas:browse", "Đơn vị hành chính"),
        ("standards:list", "Chuẩn nghèo"),
        ("audit:log", "Nhật ký thay đổi"),
    ]
    if request.user.can_write:
        items.insert(2, ("imports:upload", "Nhập dữ liệu"))
        items.insert(3, ("fieldwork:app", "Khảo sát thực địa"))
    if request.user.is_staff:
        items.append(("admin:index", "Quản trị"))
    path = request.path
    nav = []
    for name, label in items:
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        nav.append({"url": url, "label": label, "active": active})
    return {"nav_items": nav}
