/* Next best actions panel of the decision-chain page: the account's part of the pipeline's ranked
 * actions (GET /pipeline/next-actions), each with its rank in the whole pipeline, the expected change
 * the what-if sandbox gives it, the reason and the confidence. Reads DATA.next_actions
 * (opportunities/next_actions.account_actions). Text only ever goes in as textContent. */
(function () {
  var DATA = JSON.parse(document.getElementById("dg-data").textContent);
  var box = document.getElementById("dg-next-actions");
  var na = DATA.next_actions;
  if (!box || !na) return;

  function el(tag, attrs, text) {
    var x = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    if (text != null) x.textContent = text;
    return x;
  }

  box.appendChild(el("h2", {}, "下一步行动 Next best actions"));
  var acts = na.actions || [];
  if (na.as_of) {
    box.appendChild(el("div", {"class": "muted"}, "截至 as of " + na.as_of + " · " + na.horizon_days +
      " 天 days · 本客户 " + acts.length + " / 全部 " + na.pipeline_actions + " actions"));
  }
  if (!acts.length) {
    box.appendChild(el("div", {"class": "muted", id: "dg-next-actions-note"}, na.note ||
      "本客户暂无建议行动 · No action for this account's open deals now."));
    return;
  }
  var ol = el("ol", {"class": "next-actions"});
  acts.forEach(function (a) {
    var li = el("li", {"data-action": a.action_id, "data-rank": String(a.rank), "data-opportunity": a.opportunity_id});
    li.appendChild(el("span", {"class": "rank"}, "#" + a.rank));
    li.appendChild(el("span", {"class": "title"}, a.title));
    var p = (a.expected_change || {}).p_win_in_horizon || [];
    li.appendChild(el("div", {"class": "gain"}, "预期 expected +" +
      Number(a.expected_change.won_amount).toLocaleString("zh-CN", {maximumFractionDigits: 0}) +
      (p.length === 2 ? " · p " + p[0].toFixed(2) + " → " + p[1].toFixed(2) : "")));
    li.appendChild(el("div", {"class": "reason"}, a.reason));
    li.appendChild(el("div", {"class": "confidence muted"}, "置信度 confidence " + Math.round(a.confidence * 100) + "%"));
    ol.appendChild(li);
  });
  box.appendChild(ol);
})();
