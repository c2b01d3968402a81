"""Charts as inline SVG, drawn on the server: no tiles, no external JavaScript.

Each function returns safe markup with `id` set, so the page's small script can
turn any chart into a PNG (SVG → canvas) in the browser.
"""

import math
import statistics
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from giamngheo.core.text import vn_number

FONT = 'font-family="Noto Sans, Segoe UI, Arial, sans-serif" font-size="12"'
POOR_COLOUR = "#b3261e"
NEAR_POOR_COLOUR = "#e08a00"
RATE_BINS: list[tuple[float, str, str]] = [
    (1.0, "#fde0dc", "dưới 1%"),
    (3.0, "#f6a49a", "1% – dưới 3%"),
    (5.0, "#e8685c", "3% – dưới 5%"),
    (10.0, "#c2342a", "5% – dưới 10%"),
    (math.inf, "#7f1710", "từ 10% trở lên"),
]
NO_DATA_COLOUR = "#c9ced6"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    colour: str


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _legend(series: list[Series], x: float, y: float) -> list[str]:
    parts = []
    for item in series:
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{item.colour}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{y:.1f}">{escape(item.name)}</text>')
        x += 24 + 7.5 * len(item.name)
    return parts


def hbar_chart(
    chart_id: str,
    title: str,
    labels: list[str],
    series: list[Series],
    *,
    unit: str = "",
    stacked: bool = True,
) -> SafeString:
    """Horizontal bars, one row per label; several series stacked (or side by side)."""
    # Room for the longest label (about 6.6 px a character at 12 px), within reason.
    longest = max((len(label) for label in labels), default=10)
    width, label_width, row, top = 760, int(min(max(6.6 * longest + 12, 120), 360)), 22, 34
    plot = width - label_width - 70
    height = top + row * max(len(labels), 1) + 30
    totals = [
        sum((s.values[i] or 0) for s in series) if stacked else max((s.values[i] or 0) for s in series)
        for i in range(len(labels))
    ]
    scale = plot / (max(totals) if totals and max(totals) > 0 else 1)
    body = _legend(series, label_width, 18)
    decimals = 0 if all(float(v or 0).is_integer() for s in series for v in s.values) else 2
    for i, label in enumerate(labels):
        y = top + i * row
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(_shorten(label, 54))}</text>'
        )
        x = float(label_width)
        bar_height = (row - 6) / (1 if stacked else len(series))
        for j, item in enumerate(series):
            value = item.values[i] or 0
            length = value * scale
            bar_y = y + 3 + (0 if stacked else j * bar_height)
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{max(length, 0):.1f}" height="{bar_height:.1f}" '
                f'fill="{item.colour}"><title>{escape(label)} — {escape(item.name)}: '
                f"{vn_number(value, decimals)} {escape(unit)}</title></rect>"
            )
            if stacked:
                x += length
        end = label_width + totals[i] * scale
        body.append(
            f'<text x="{end + 4:.1f}" y="{y + 15}" fill="#5b6673">{vn_number(totals[i], decimals)}</text>'
        )
    if not labels:
        body.append(f'<text x="{label_width}" y="{top + 15}" fill="#5b6673">Chưa có số liệu</text>')
    return _svg(chart_id, title, width, height, body)


def line_chart(
    chart_id: str, title: str, xs: list[str], series: list[Series], *, unit: str = "%"
) -> SafeString:
    width, height, left, right, top, bottom = 760, 280, 50, 20, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    high = max(values) if values else 1.0
    high = _nice_ceiling(high)
    body = _legend(series, left, 18)
    for k in range(5):
        value = high * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7ec"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6673">{vn_number(value, 1)}</text>'
        )
    step = plot_w / max(len(xs) - 1, 1)
    position = lambda i: left + (step * i if len(xs) > 1 else plot_w / 2)  # noqa: E731
    for i, x_label in enumerate(xs):
        body.append(
            f'<text x="{position(i):.1f}" y="{height - 14}" text-anchor="middle">{escape(x_label)}</text>'
        )
    for item in series:
        points = [(position(i), v) for i, v in enumerate(item.values) if v is not None]
        coords = [(x, top + plot_h - plot_h * v / high) for x, v in points]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(f'<polyline points="{path}" fill="none" stroke="{item.colour}" stroke-width="2.5"/>')
        for (x, y), (_, v) in zip(coords, points, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{item.colour}">'
                f"<title>{escape(item.name)}: {vn_number(v, 2)}{escape(unit)}</title></circle>"
            )
    if not xs:
        body.append(f'<text x="{left + 10}" y="{top + 20}" fill="#5b6673">Chưa có số liệu</text>')
    return _svg(chart_id, title, width, height, body)


@dataclass(frozen=True)
class MapPoint:
    name: str
    latitude: float
    longitude: float
    rate: float | None
    households: int
    highlighted: bool = False


def rate_colour(rate: float | None) -> str:
    if rate is None:
        return NO_DATA_COLOUR
    for upper, colour, _label in RATE_BINS:
        if rate < upper:
            return colour
    return RATE_BINS[-1][1]


def bubble_map(chart_id: str, title: str, points: list[MapPoint]) -> SafeString:
    """Communes placed by latitude/longitude (equirectangular, scaled by cos(latitude)),
    coloured by poverty rate, sized by households. Far-off communes (islands) are drawn
    on the frame's edge with a dashed outline so they do not shrink the mainland."""
    width, height, pad, legend_w = 760, 520, 28, 150
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    body: list[str] = []
    if located:
        mid_lat = math.radians(statistics.median(p.latitude for p in located))
        xs = [p.longitude * math.cos(mid_lat) for p in located]
        ys = [p.latitude for p in located]
        inside = _core(xs, ys)
        core_x = [x for x, keep in zip(xs, inside, strict=True) if keep]
        core_y = [y for y, keep in zip(ys, inside, strict=True) if keep]
        x0, x1, y0, y1 = min(core_x), max(core_x), min(core_y), max(core_y)
        span = max(x1 - x0, y1 - y0, 1e-3)
        scale = min((width - legend_w - 2 * pad) / span, (height - 2 * pad) / span)
        off_x = pad + ((width - legend_w - 2 * pad) - (x1 - x0) * scale) / 2
        off_y = pad + ((height - 2 * pad) - (y1 - y0) * scale) / 2
        biggest = max(p.households for p in located) or 1
        labels: list[str] = []  # drawn after every circle, so no circle hides a name
        order = sorted(range(len(located)), key=lambda i: -located[i].households)
        for i in order:
            p = located[i]
            cx = min(max(off_x + (xs[i] - x0) * scale, pad), width - legend_w - pad)
            cy = min(max(height - off_y - (ys[i] - y0) * scale, pad), height - pad)
            radius = 3 + 9 * math.sqrt(p.households / biggest)
            if p.highlighted:
                stroke = 'stroke="#1c2530" stroke-width="2.5"'
            elif not inside[i]:
                stroke = 'stroke="#1c2530" stroke-width="1" stroke-dasharray="2 2"'
            else:
                stroke = 'stroke="#fff" stroke-width="1"'
            rate = "chưa có số liệu" if p.rate is None else f"{vn_number(p.rate, 2)}% hộ nghèo"
            where = "" if inside[i] else " (vị trí ngoài khung bản đồ)"
            body.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{rate_colour(p.rate)}" '
                f'fill-opacity="0.9" {stroke}><title>{escape(p.name)}{where}: {rate}, '
                f"{vn_number(p.households)} hộ</title></circle>"
            )
            labels.append(
                f'<text x="{cx + radius + 2:.1f}" y="{cy + 3:.1f}" font-size="9" fill="#1c2530" '
                f'class="map-label">{escape(_place_name(p.name))} '
                f"{'—' if p.rate is None else vn_number(p.rate, 1) + '%'}</text>"
            )
        body += labels
    else:
        body.append(
            f'<text x="{pad}" y="{pad + 20}" fill="#5b6673">Chưa có tọa độ hoặc số liệu của các xã</text>'
        )
    x0 = width - legend_w + 10
    body.append(f'<text x="{x0}" y="{pad + 4}" font-weight="600">Tỷ lệ hộ nghèo</text>')
    for k, (_upper, colour, label) in enumerate([*RATE_BINS, (0, NO_DATA_COLOUR, "chưa có số liệu")]):
        y = pad + 22 + k * 20
        body.append(f'<circle cx="{x0 + 6}" cy="{y - 4}" r="6" fill="{colour}"/>')
        body.append(f'<text x="{x0 + 18}" y="{y}">{escape(label)}</text>')
    body.append(f'<text x="{x0}" y="{pad + 22 + 7 * 20}" fill="#5b6673">Kích thước: số hộ</text>')
    return _svg(chart_id, title, width, height, body)


def _core(xs: list[float], ys: list[float]) -> list[bool]:
    """Which points belong to the main cluster: within 3× the 90th-percentile distance
    from the median point."""
    mx, my = statistics.median(xs), statistics.median(ys)
    distances = [math.hypot(x - mx, y - my) for x, y in zip(xs, ys, strict=True)]
    typical = sorted(distances)[int(0.9 * (len(distances) - 1))]
    if typical == 0:
        return [True] * len(xs)
    return [d <= 3 * typical for d in distances]


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _place_name(name: str) -> str:
    """ "Xã Phước Hà" → "Phước Hà" (the map has no room for the kind of unit)."""
    for kind in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn "):
        if name.startswith(kind):
            return name[len(kind) :]
    return name


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
