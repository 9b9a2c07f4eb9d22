"""Charts for PDFs, drawn as SVG on the server: WeasyPrint runs no JavaScript, so Chart.js cannot
draw them. Only geometry is computed here; templates/reports/pdf/_*.svg.html draw it. (A charting
library was weighed: pygal's SVG leans on CSS and scripts that WeasyPrint's SVG renderer does not
follow, and matplotlib is tens of megabytes for two chart shapes.)"""

BAR_HEIGHT = 14
BAR_GAP = 6
LABEL_WIDTH = 230
LABEL_CHARS = 42
VALUE_WIDTH = 60


def bar_chart(items, *, maximum=None, width=640, unit=""):
    """Horizontal bars: `items` is a list of (label, value). Values are scaled to `maximum`
    (or the largest value); each bar carries its geometry and its value's text."""
    values = [float(value or 0) for _label, value in items]
    top = float(maximum) if maximum else max(values, default=0) or 1
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, ((label, _value), value) in enumerate(zip(items, values, strict=True)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": str(label) if len(str(label)) <= LABEL_CHARS else str(label)[: LABEL_CHARS - 1] + "…",
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT - 3,
                "width": round(max(0.0, min(value / top, 1.0)) * plot, 1),
                "value_x": LABEL_WIDTH + round(max(0.0, min(value / top, 1.0)) * plot, 1) + 4,
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": BAR_HEIGHT,
        "unit": unit,
    }


def line_chart(labels, values, *, maximum=100, width=640, height=200, unit="%"):
    """One series over categories (e.g. months), with horizontal grid lines at quarters of `maximum`."""
    left, right, top_pad, bottom = 40, 10, 10, 24
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(labels) - 1, 1)
    points = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * step
        y = None if value is None else top_pad + plot_h * (1 - min(float(value) / maximum, 1.0))
        points.append({"label": label, "value": value, "x": round(x, 1), "y": None if y is None else round(y, 1)})
    drawn = [point for point in points if point["y"] is not None]
    grid = [
        {"y": round(top_pad + plot_h * (1 - share), 1), "label": f"{round(maximum * share)}{unit}"}
        for share in (0, 0.25, 0.5, 0.75, 1)
    ]
    return {
        "points": points,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in drawn),
        "grid": grid,
        "width": width,
        "height": height,
        "left": left,
        "label_x": left - 4,
        "right_x": width - right,
        "axis_y": height - bottom + 14,
    }
