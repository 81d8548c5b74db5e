"""The force-directed decision-chain page of one account, as one offline HTML file.

Input is the dict of `dealgraph.graph.queries.decision_chain_data` (shape documented there);
the browser side (static/decision_chain.js) turns it into vis-network nodes and edges, so the
page and the API serve the same data. An optional "committees" key (buying_group.committees_of_account)
fills the buying-committee panel (static/committee.js); an optional "next_actions" key
(opportunities.next_actions.account_actions) fills the next-best-actions panel (static/next_actions.js); an
optional "scenario" key (a saved what-if scenario run by the account sandbox) fills the scenario panel
beside the baseline (static/scenario.js).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from .assets import FONT_STACK, json_script, script, static, style, vis_network
from .layout import seed_positions

# Role colours double as the legend; Chinese names are what account managers read.
ROLE_STYLE = {
    "decision_maker": {"color": "#d62728", "label": "决策者 Decision maker"},
    "influencer": {"color": "#ff8c1a", "label": "影响者 Influencer"},
    "executor": {"color": "#1f77b4", "label": "执行者 Executor"},
    "unclassified": {"color": "#a0a0a0", "label": "未分类 Unclassified"},
}

# One look per relation type; `dimension` is the toggle that shows or hides it.
EDGE_STYLE = {
    "REPORTS_TO": {"dimension": "organisation", "color": "#444444", "dashes": False, "arrows": "to",
                   "label": "汇报 reports to"},
    "WORKS_IN": {"dimension": "organisation", "color": "#c8c8c8", "dashes": False, "arrows": "",
                 "label": "所属部门 works in"},
    "SUB_OF": {"dimension": "organisation", "color": "#8a8a8a", "dashes": [8, 4], "arrows": "to",
               "label": "下级部门 sub-department"},
    "PART_OF": {"dimension": "organisation", "color": "#8a8a8a", "dashes": [8, 4], "arrows": "to",
                "label": "隶属 part of"},
    "KNOWS": {"dimension": "person", "color": "#2e8b57", "dashes": [6, 4], "arrows": "",
              "label": "认识 knows"},
    "WORKED_AT": {"dimension": "person", "color": "#8e44ad", "dashes": [2, 4], "arrows": "",
                  "label": "曾任职 worked at"},
    "STUDIED_AT": {"dimension": "person", "color": "#b05fd0", "dashes": [2, 4], "arrows": "",
                   "label": "校友 studied at"},
    "INTERACTED": {"dimension": "interaction", "color": "#e67e22", "dashes": [12, 3, 3, 3], "arrows": "",
                   "label": "互动 interactions with us"},
    "OWNS": {"dimension": "interaction", "color": "#27ae60", "dashes": False, "arrows": "to",
             "label": "负责 account owner"},
}

NODE_STYLE = {
    "account": {"shape": "hexagon", "color": "#34495e", "label": "客户 account"},
    "department": {"shape": "square", "color": "#9fb3c8", "label": "部门 department (disc = its people)"},
    "user": {"shape": "star", "color": "#27ae60", "label": "我方 our people"},
    "organization": {"shape": "triangle", "color": "#8e44ad", "label": "前雇主 former employer"},
    "school": {"shape": "triangleDown", "color": "#b05fd0", "label": "学校 school"},
}

DIMENSIONS = {
    "organisation": "组织 Organisation",
    "person": "个人 Person",
    "interaction": "互动 Interaction",
}

# Bounded stabilisation: the seeded layout needs few iterations; physics is then switched off.
PHYSICS = {
    "enabled": True,
    "solver": "barnesHut",
    "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.05, "springLength": 70,
                  "springConstant": 0.04, "damping": 0.5, "avoidOverlap": 0.0, "theta": 0.8},
    "stabilization": {"enabled": True, "iterations": 45, "updateInterval": 45, "fit": True},
    "minVelocity": 1.0,
}


def physics_for(n_nodes: int) -> dict:
    """Fewer iterations for bigger graphs: each costs O(n log n), and the seeded layout is already
    close, so about 15k node-iterations keep any size near one second of layout on a laptop."""
    iterations = max(20, min(100, round(15_000 / max(n_nodes, 1))))
    return {**PHYSICS, "stabilization": {**PHYSICS["stabilization"], "iterations": iterations}}


def render_decision_chain(data: dict, *, title: str | None = None) -> str:
    """A complete, self-contained HTML page (no network access needed to open it)."""
    vis_js, vis_css = vis_network()
    account = data.get("account") or {}
    name = account.get("name") or account.get("id") or ""
    page_title = title or f"决策链 Decision chain · {name}"
    config = {
        "roles": ROLE_STYLE, "edges": EDGE_STYLE, "nodes": NODE_STYLE, "dimensions": DIMENSIONS,
        "physics": physics_for(len(data.get("nodes", []))), "font": FONT_STACK, "positions": seed_positions(data),
    }
    stats = data.get("stats", {})
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _PAGE.format(
        title=html.escape(page_title),
        font=FONT_STACK,
        vis_css=style(vis_css),
        page_css=style(static("decision_chain.css") + static("committee.css") + static("next_actions.css")
                       + static("scenario.css")),
        heading=html.escape(page_title),
        subtitle=html.escape(
            f"{stats.get('contacts', 0)} contacts · {stats.get('departments', 0)} departments · "
            f"{stats.get('users', 0)} of our people · generated {generated}"),
        legend=_legend(),
        toggles=_toggles(),
        data=json_script(data),
        config=json_script(config),
        vis_js=script(vis_js),
        page_js=script(static("decision_chain.js") + "\n" + static("committee.js") + "\n" + static("next_actions.js")
                       + "\n" + static("scenario.js")),
    )


def _swatch_line(st: dict) -> str:
    dash = ""
    if st["dashes"]:
        dash = f' stroke-dasharray="{",".join(str(x) for x in st["dashes"])}"'
    arrow = '<path d="M30 2 L38 6 L30 10 z" fill="{c}"/>'.format(c=st["color"]) if st["arrows"] else ""
    return (f'<svg width="40" height="12" aria-hidden="true"><line x1="1" y1="6" x2="34" y2="6" '
            f'stroke="{st["color"]}" stroke-width="2"{dash}/>{arrow}</svg>')


_SHAPE_SVG = {
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "square": '<rect x="3" y="3" width="10" height="10" fill="{c}" stroke="#5d6d7e"/>',
    "hexagon": '<polygon points="4,2 12,2 16,8 12,14 4,14 0,8" fill="{c}"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" fill="{c}"/>',
    "triangle": '<polygon points="8,1 15,15 1,15" fill="{c}"/>',
    "triangleDown": '<polygon points="1,1 15,1 8,15" fill="{c}"/>',
}


def _legend() -> str:
    rows = ['<div class="legend-title">图例 Legend</div>', '<div class="legend-sub">角色 Role (colour)</div>']
    for role, st in ROLE_STYLE.items():
        rows.append(f'<div class="legend-row" data-legend-role="{role}"><svg width="16" height="16">'
                    f'{_SHAPE_SVG["dot"].format(c=st["color"])}</svg><span>{html.escape(st["label"])}</span></div>')
    rows.append('<div class="legend-note">大小 = 影响力 size = influence; 边框色 = 部门 border = department</div>')
    rows.append('<div class="legend-sub">节点 Nodes</div>')
    for kind, st in NODE_STYLE.items():
        rows.append(f'<div class="legend-row" data-legend-node="{kind}"><svg width="16" height="16">'
                    f'{_SHAPE_SVG[st["shape"]].format(c=st["color"])}</svg><span>{html.escape(st["label"])}</span>'
                    '</div>')
    rows.append('<div class="legend-sub">关系 Relations</div>')
    for typ, st in EDGE_STYLE.items():
        rows.append(f'<div class="legend-row" data-legend-edge="{typ}">{_swatch_line(st)}'
                    f'<span>{html.escape(st["label"])}</span></div>')
    return "\n".join(rows)


def _toggles() -> str:
    return "\n".join(
        f'<label class="toggle"><input type="checkbox" data-dimension="{d}" checked> {html.escape(label)}</label>'
        for d, label in DIMENSIONS.items())


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{vis_css}</style>
<style>:root {{ --dg-font: {font}; }}</style>
<style>{page_css}</style>
</head>
<body>
<header>
  <div class="titles"><h1>{heading}</h1><div class="subtitle">{subtitle}</div></div>
  <div class="controls">
    <input id="dg-search" type="search" placeholder="搜索 姓名/职位/部门 Search name, title, department" autocomplete="off">
    <span id="dg-search-count" class="muted"></span>
    {toggles}
  </div>
</header>
<main>
  <div id="dg-network" role="img" aria-label="decision chain network"></div>
  <aside id="dg-side">
    <section id="dg-committee"></section>
    <section id="dg-scenario"></section>
    <section id="dg-next-actions"></section>
    <section id="dg-legend" class="legend">{legend}</section>
    <section id="dg-details"><div class="muted">点击联系人查看详情与关系 · Click a contact to see their ties.</div></section>
    <section id="dg-paths"></section>
  </aside>
</main>
<script id="dg-data" type="application/json">{data}</script>
<script id="dg-config" type="application/json">{config}</script>
<script>{vis_js}</script>
<script>{page_js}</script>
</body>
</html>
"""
