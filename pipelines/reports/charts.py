"""Charts as inline SVG, so the report opens offline from a single file."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

plt.rcParams.update({"font.size": 9, "svg.fonttype": "none", "axes.spines.top": False,
                     "axes.spines.right": False})


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def knife_series(series: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(8, 3.2))
    if series.empty:
        _empty(ax, "no complete 12-month window yet")
        return _svg(fig)
    ax.plot(series["month_end"], series["knife_crime_offences"], label="verified (STORM and ATHENA)")
    ax.plot(series["month_end"], series["knife_crime_offences_flagged"], label="flagged in ATHENA",
            linestyle="--")
    ax.set_ylabel("offences, rolling 12 months")
    ax.legend(frameon=False)
    return _svg(fig)


def compliance_over_time(series: pd.DataFrame) -> str:
    """Force-wide compliance at recording by month with its 95% band, and the rolling 12 months."""
    fig, ax = plt.subplots(figsize=(8, 3.2))
    series = series[series["rate"].notna()]
    if series.empty:
        _empty(ax, "no knife-evidenced eligible crimes recorded yet")
        return _svg(fig)
    ax.fill_between(series["month_end"], series["lower"], series["upper"], alpha=0.2, label="month, 95% interval")
    ax.plot(series["month_end"], series["rate"], linewidth=1, label="month")
    rolling = series[series["rate_12m"].notna()]
    if not rolling.empty:
        ax.fill_between(rolling["month_end"], rolling["lower_12m"], rolling["upper_12m"], alpha=0.3)
        ax.plot(rolling["month_end"], rolling["rate_12m"], linewidth=2, label="rolling 12 months, 95% interval")
    ax.set_ylim(0, 1)
    ax.set_ylabel("flagged at recording")
    ax.legend(frameon=False, loc="lower right")
    return _svg(fig)


def compliance_by_district(rows: pd.DataFrame) -> str:
    rows = rows[rows["rate"].notna()]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1))
    if rows.empty:
        _empty(ax, "no knife-evidenced eligible crimes recorded in the 12 months")
        return _svg(fig)
    y = range(len(rows))
    ax.errorbar(rows["rate"], y, xerr=[rows["rate"] - rows["lower"], rows["upper"] - rows["rate"]],
                fmt="o", capsize=3)
    ax.set_yticks(list(y), rows["district"])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of knife-evidenced eligible crimes flagged at recording, 12 months (95% interval)")
    return _svg(fig)


def backlog_by_age(backlog: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(8, 2.6))
    ax.bar(backlog["age"], backlog["open_items"])
    ax.set_ylabel("open items")
    return _svg(fig)
