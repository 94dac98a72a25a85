"""Plotly figures for the objective dashboards (rendered in the browser by plotly.js, whose
toolbar downloads each chart as PNG; the data behind each chart downloads as CSV). Built for
each request, so their titles are in the reader's language."""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from amanah.analytics.objectives import Tables
from amanah.i18n import gettext as _


def _bar(rows: list[dict[str, Any]], x: str, y: str, colour: str | None, title: str) -> go.Figure:
    fig = go.Figure()
    groups = sorted({r[colour] for r in rows}) if colour else [None]
    for group in groups:
        part = [r for r in rows if colour is None or r[colour] == group]
        fig.add_bar(x=[r[x] for r in part], y=[r[y] for r in part], name=str(group) if group else y)
    fig.update_layout(
        title=title, barmode="stack", height=340, margin={"l": 40, "r": 10, "t": 50, "b": 40}
    )
    return fig


def figures(objective: str, tables: Tables) -> dict[str, go.Figure]:
    """Chart name (the table it draws) → figure."""
    if objective == "mutual_security":
        return {
            "delivered_by_partner_and_category": _bar(tables["delivered_by_partner_and_category"], "partner", "items",
                                                      "category", _("Capabilities delivered, by partner and category")),
            "delivered_by_year": _bar(tables["delivered_by_year"], "year", "items", "category",
                                      _("Items delivered by year")),
        }  # fmt: skip
    if objective == "alliances":
        edges = tables["network_edges"]
        network = go.Figure()
        n = max(len(edges), 1)
        for k, e in enumerate(edges):
            angle = 2 * math.pi * k / n
            x, y = math.cos(angle), math.sin(angle)
            line = {
                "width": 1 + 2 * e["agreements"],
                "dash": "solid" if e["co_production"] else "dot",
            }
            network.add_scatter(
                x=[0, x], y=[0, y], mode="lines", line=line, hoverinfo="skip", showlegend=False
            )
            network.add_scatter(x=[x], y=[y], mode="markers+text", text=[e["to"]], textposition="top center",
                                marker={"size": 14}, showlegend=False)  # fmt: skip
        if edges:
            network.add_scatter(x=[0], y=[0], mode="markers+text", text=[edges[0]["from"]], marker={"size": 22},
                                textposition="bottom center", showlegend=False)  # fmt: skip
        network.update_layout(title=_("Partner network (line width: agreements in force; solid: co-production)"),
                              height=380, xaxis={"visible": False}, yaxis={"visible": False})  # fmt: skip
        return {
            "partners_by_tier": _bar(
                tables["partners_by_tier"], "tier", "partners", None, _("Partners by tier")
            ),
            "new_partners_by_year": _bar(
                tables["new_partners_by_year"], "year", "partners", None, _("New partners per year")
            ),
            "network_edges": network,
        }
    if objective == "economy":
        offsets = go.Figure()
        rows = tables["offsets"]
        offsets.add_bar(
            x=[r["partner"] for r in rows], y=[r["obligation"] for r in rows], name=_("obligation")
        )
        offsets.add_bar(
            x=[r["partner"] for r in rows], y=[r["credited"] for r in rows], name=_("credited")
        )
        offsets.update_layout(
            title=_("Offset obligations against credits"), barmode="group", height=340
        )
        return {
            "offsets": offsets,
            "value_by_year": _bar(
                tables["value_by_year"], "year", "value", None, _("Agreement value by year (USD)")
            ),
            "value_by_partner": _bar(
                tables["value_by_partner"],
                "partner",
                "value",
                None,
                _("Agreement value by partner (USD)"),
            ),
            "value_by_kind": _bar(
                tables["value_by_kind"],
                "kind",
                "value",
                None,
                _("Agreement value by transfer kind (USD)"),
            ),
        }
    charts = {
        "regions": _bar(tables["regions"], "region", "states", None, _("States reached, by region"))
    }
    if tables.get("world_rank"):
        charts["world_rank"] = _bar(tables["world_rank"], "supplier", "share_pct", None,
                                    _("Share of world arms transfers, last five years (SIPRI TIV, %)"))  # fmt: skip
    if tables.get("supplier_trend"):
        trend = go.Figure()
        for supplier in sorted({r["supplier"] for r in tables["supplier_trend"]}):
            rows = [r for r in tables["supplier_trend"] if r["supplier"] == supplier]
            trend.add_scatter(
                x=[r["year"] for r in rows],
                y=[r["tiv"] for r in rows],
                mode="lines+markers",
                name=supplier,
            )
        trend.update_layout(
            title=_("Leading suppliers, TIV delivered per year (SIPRI)"), height=340
        )
        charts["supplier_trend"] = trend
    return charts
