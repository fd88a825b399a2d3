"""The on-time rate per agency as a PNG, for the Word report and the HTML page. Drawn with
matplotlib's object API (no pyplot: no global figure state, safe in the portal's threads) in
DejaVu Sans, which ships with matplotlib and has every Vietnamese diacritic."""

from __future__ import annotations

import io
import textwrap

from dondoc.reading.report_rows import PeriodReport
from dondoc.reports.layout import folded_rows, rate_text

FONT = "DejaVu Sans"
GOOD, FAIR, POOR = "#2e7d32", "#ef8f00", "#c62828"


def _colour(rate: float) -> str:
    return GOOD if rate >= 0.8 else FAIR if rate >= 0.5 else POOR


def on_time_chart(report: PeriodReport) -> bytes | None:
    """Horizontal bars, one per agency (or commune's villages) with something done or past due,
    the lowest rate on top; None when nothing can be judged yet."""
    rows = [r for r in folded_rows(report) if r.counts.on_time_rate is not None]
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    rows.sort(key=lambda r: (r.counts.on_time_rate or 0.0, -r.counts.judged), reverse=True)
    with matplotlib.rc_context({"font.family": FONT, "font.size": 9}):
        figure = Figure(figsize=(8.0, 1.2 + 0.32 * len(rows)), dpi=150, layout="constrained")
        axes = figure.add_subplot()
        rates = [100 * (r.counts.on_time_rate or 0.0) for r in rows]
        positions = range(len(rows))
        axes.barh(positions, rates, color=[_colour(r / 100) for r in rates], height=0.65)
        axes.set_yticks(list(positions), [textwrap.shorten(r.name, 48, placeholder="…") for r in rows])
        axes.set_xlim(0, 118)
        axes.set_xticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
        for position, row, rate in zip(positions, rows, rates, strict=True):
            label = f"{rate_text(row.counts.on_time_rate)} ({row.counts.done_on_time}/{row.counts.judged})"
            axes.text(rate + 1.5, position, label, va="center", fontsize=8)
        figure.suptitle(f"Tỷ lệ hoàn thành đúng hạn theo cơ quan, đơn vị\n{report.period.label}", fontsize=10)
        axes.set_ylim(-0.6, len(rows) - 0.4)
        axes.set_xlabel("Đúng hạn / (đã hoàn thành + quá hạn chưa hoàn thành)")
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="x", alpha=0.3)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
