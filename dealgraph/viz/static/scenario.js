/* What-if scenario panel of the decision-chain page: a saved scenario of this account beside the baseline
 * (decision makers, whether one is engaged, the best introduction path to each, every open deal's win
 * probability, delay risk and chance of a win within the horizon, the account's won-amount range), computed
 * on a copy by the account sandbox. Reads DATA.scenario (api/routes/pages.py
 * ?scenario=NAME). Text only ever goes in as textContent. */
(function () {
  var DATA = JSON.parse(document.getElementById("dg-data").textContent);
  var box = document.getElementById("dg-scenario");
  var sc = DATA.scenario;
  if (!box || !sc) return;

  function el(tag, attrs, text) {
    var x = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    if (text != null) x.textContent = text;
    return x;
  }
  function dms(part) {
    return (part.decision_makers || []).map(function (d) { return d.name + (d.title ? " (" + d.title + ")" : ""); })
      .join("、") || "—";
  }
  function paths(part) {
    return (part.chain || []).filter(function (c) { return c.rank <= 1; })
      .map(function (c) { return c.summary; }).join(" | ") || "—";
  }
  function pct(p) { return (p * 100).toFixed(1) + "%"; }

  box.appendChild(el("h2", {}, "假设情景 What-if: " + sc.name));
  if (sc.note) {
    box.appendChild(el("div", {"class": "muted", id: "dg-scenario-note"}, sc.note));
    return;
  }
  var base = sc.baseline, s = sc.result, d = s.vs_baseline;
  box.appendChild(el("div", {"class": "muted"}, "截至 as of " + sc.as_of + " · 在副本上计算，实时图谱未改变 · " +
    "computed on a copy, the live graph is unchanged"));
  var changes = el("ul", {"class": "scenario-changes"});
  (s.changes || []).forEach(function (c) {
    var rest = Object.keys(c).filter(function (k) { return k !== "kind"; })
      .map(function (k) { return k + "=" + c[k]; }).join(", ");
    changes.appendChild(el("li", {"data-kind": c.kind}, c.kind + (rest ? ": " + rest : "")));
  });
  box.appendChild(changes);
  var table = el("table", {"class": "scenario-compare"});
  var head = el("tr");
  ["", "基线 Baseline", "情景 Scenario"].forEach(function (h) { head.appendChild(el("th", {}, h)); });
  table.appendChild(head);
  function row(key, label, a, b) {
    var tr = el("tr", {"data-row": key});
    tr.appendChild(el("th", {}, label));
    tr.appendChild(el("td", {"class": "base"}, a));
    tr.appendChild(el("td", {"class": "scen" + (a !== b ? " changed" : "")}, b));
    table.appendChild(tr);
    return tr;
  }
  row("decision_makers", "决策者 Decision makers", dms(base), dms(s));
  row("engaged", "决策者已参与 DM engaged", base.decision_maker_engaged ? "yes" : "no",
      s.decision_maker_engaged ? "yes" : "no");
  row("paths", "引荐路径 Best path", paths(base), paths(s));
  var before = {};
  (base.opportunities || []).forEach(function (o) { before[o.opportunity_id] = o.win_probability; });
  (s.opportunities || []).forEach(function (o) {
    var tr = row("deal", o.opportunity_id + " 赢率 win", pct(before[o.opportunity_id]), pct(o.win_probability));
    tr.setAttribute("data-opportunity", o.opportunity_id);
    tr.setAttribute("data-delta", String(d.win_probability[o.opportunity_id]));
  });
  // delay risk and the forecast of the account's deals, recomputed for the scenario (account_timing.py)
  var riskBefore = {}, winBefore = {};
  (base.delay_risk || []).forEach(function (r) { riskBefore[r.opportunity_id] = r; });
  ((base.forecast || {}).opportunities || []).forEach(function (o) { winBefore[o.opportunity_id] = o; });
  function riskText(r) {
    return r ? pct(r.p_overrun) + " · " + r.stage + " · " + (r.days_ahead < 0 ? "逾期 overdue " + (-r.days_ahead) + " d"
      : "距截止 due in " + r.days_ahead + " d") : "—";
  }
  (s.delay_risk || []).forEach(function (r) {
    var tr = row("delay_risk", r.opportunity_id + " 延期风险 delay risk", riskText(riskBefore[r.opportunity_id]),
                 riskText(r));
    tr.setAttribute("data-opportunity", r.opportunity_id);
    tr.setAttribute("data-delta", String(((d.timing || {}).p_overrun || {})[r.opportunity_id]));
  });
  if (s.forecast && base.forecast) {
    var h = s.forecast.horizon_days;
    (s.forecast.opportunities || []).forEach(function (o) {
      var b = winBefore[o.opportunity_id];
      var tr = row("forecast_deal", o.opportunity_id + " " + h + " 天内赢单 won within " + h + " d",
                   b ? pct(b.p_win_in_horizon) : "—", pct(o.p_win_in_horizon));
      tr.setAttribute("data-opportunity", o.opportunity_id);
      tr.setAttribute("data-delta", String(((d.timing || {}).p_win_in_horizon || {})[o.opportunity_id]));
    });
    function range(f) {
      var a = f.won_amount;
      return Math.round(a.p10).toLocaleString() + " – " + Math.round(a.p50).toLocaleString() + " – " +
        Math.round(a.p90).toLocaleString();
    }
    var tr = row("forecast", "赢单金额 P10–P50–P90 won amount", range(base.forecast), range(s.forecast));
    tr.setAttribute("data-delta", String((d.timing || {}).expected_won_amount));
  }
  box.appendChild(table);
  var summary = [];
  if ((d.left || []).length) summary.push("离开 left: " + d.left.join(", "));
  if (d.decision_makers_added.length) summary.push("新增决策者 +" + d.decision_makers_added.join(", "));
  if (d.decision_makers_removed.length) summary.push("失去决策者 −" + d.decision_makers_removed.join(", "));
  summary.push(d.chain_changed ? "决策链已变 chain changed" : "决策链未变 chain unchanged");
  box.appendChild(el("div", {"class": "scenario-summary", "data-chain-changed": String(d.chain_changed)},
                     summary.join(" · ")));
})();
