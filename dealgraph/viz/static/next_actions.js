/* Next best actions panel of the decision-chain page: the account's actions of every kind (re-engage an
 * overrunning stage, meet the decision maker, answer the ★ items before a tender deadline, follow a lead whose
 * priority just rose), ranked by the expected change the sandbox gives each, with the reason and the
 * confidence; a re-engage action also shows its rank among the pipeline's re-engage actions. Reads DATA.next_actions
 * (opportunities/account_actions.ranked_account_actions). Text only ever goes in as textContent. */
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
      " 天 days · 本客户 " + acts.length + " actions · 全部商机重启 pipeline re-engage " + na.pipeline_actions));
  }
  if (!acts.length) {
    box.appendChild(el("div", {"class": "muted", id: "dg-next-actions-note"}, na.note ||
      "本客户暂无建议行动 · No action for this account's open deals now."));
    return;
  }
  var ol = el("ol", {"class": "next-actions"});
  acts.forEach(function (a) {
    var kind = String(a.action_id).split(":")[0];
    var li = el("li", {"data-action": a.action_id, "data-rank": String(a.rank), "data-kind": kind,
                       "data-opportunity": a.opportunity_id || ""});
    if (a.pipeline_rank != null) li.setAttribute("data-pipeline-rank", String(a.pipeline_rank));
    li.appendChild(el("span", {"class": "rank"}, "#" + a.rank +
      // its rank among the pipeline's re-engage actions (the whole list of every kind is GET /pipeline/next-actions)
      (a.pipeline_rank != null ? " (pipeline re-engage #" + a.pipeline_rank + ")" : "")));
    li.appendChild(el("span", {"class": "title"}, a.title));
    var p = (a.expected_change || {}).p_win_in_horizon || [];
    li.appendChild(el("div", {"class": "gain"}, "预期 expected +" +
      Number(a.expected_change.won_amount).toLocaleString("zh-CN", {maximumFractionDigits: 0}) +
      (a.currency ? " " + a.currency : "") + (p.length === 2 ? " · p " + p[0].toFixed(2) + " → " + p[1].toFixed(2) : "")));
    li.appendChild(el("div", {"class": "reason"}, a.reason));
    li.appendChild(el("div", {"class": "confidence muted"}, "置信度 confidence " + Math.round(a.confidence * 100) + "%"));
    ol.appendChild(li);
  });
  box.appendChild(ol);
})();
