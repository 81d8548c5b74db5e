/* Buying committee panel of the decision-chain page: pick an open opportunity of the account and see
 * who is in its committee (IN_BUYING_GROUP) with role, confidence and evidence. Reads DATA.committees
 * (graph/queries/buying_group.committees_of_account); a name focuses that person in the network.
 * ?opportunity=ID in the page's address preselects one. Text only ever goes in as textContent. */
(function () {
  var DATA = JSON.parse(document.getElementById("dg-data").textContent);
  var CFG = JSON.parse(document.getElementById("dg-config").textContent);
  var box = document.getElementById("dg-committee");
  var opps = DATA.committees || [];
  if (!box) return;

  function el(tag, attrs, text) {
    var x = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    if (text != null) x.textContent = text;
    return x;
  }
  function pct(x) { return x == null ? "–" : Math.round(x * 100) + "%"; }
  function money(x) { return x == null ? "" : " · " + Number(x).toLocaleString("zh-CN"); }

  box.appendChild(el("h2", {}, "采购委员会 Buying committee"));
  if (!opps.length) {
    box.appendChild(el("div", {"class": "muted"}, "该客户没有进行中的商机 · No open opportunity for this account."));
    return;
  }
  var pick = el("select", {id: "dg-opportunity", "aria-label": "open opportunity"});
  opps.forEach(function (o) {
    pick.appendChild(el("option", {value: o.id}, o.name + (o.product_line ? " · " + o.product_line : "") + money(o.amount)));
  });
  var body = el("div", {id: "dg-committee-body"});
  box.appendChild(pick);
  box.appendChild(body);

  function show(id) {
    var o = opps.filter(function (x) { return x.id === id; })[0];
    body.textContent = "";
    if (!o) return;
    var area = (o.members[0] || {}).area;
    body.setAttribute("data-opportunity", o.id);
    body.appendChild(el("div", {"class": "muted"}, (area ? "采购领域 purchase area: " + area + " · " : "") +
      o.members.length + " 人 members"));
    if (!o.members.length) {
      body.appendChild(el("div", {"class": "muted"},
        "尚无委员会 · No committee yet: run `dealgraph roles classify --account " + DATA.account.id + "`."));
      return;
    }
    var table = el("table", {"class": "committee"});
    var head = el("tr");
    ["姓名 Name", "角色 Role", "置信度 Conf.", "依据 Evidence"].forEach(function (h) { head.appendChild(el("th", {}, h)); });
    table.appendChild(head);
    o.members.forEach(function (m) {
      var row = el("tr", {"data-contact": m.id, "data-role": m.role});
      var who = el("td", {"class": "who"});
      var name = el("span", {"class": "tie"}, m.name);
      name.addEventListener("click", function () { if (window.__dealgraph) window.__dealgraph.select("c:" + m.id); });
      who.appendChild(name);
      if (m.title) { who.appendChild(el("br")); who.appendChild(el("span", {"class": "muted"}, m.title)); }
      row.appendChild(who);
      var st = CFG.roles[m.role] || CFG.roles.unclassified;
      var role = el("td", {"class": "role"});
      role.appendChild(el("span", {"class": "role-chip", style: "background:" + st.color}, st.label));
      row.appendChild(role);
      row.appendChild(el("td", {"class": "confidence"}, pct(m.confidence)));
      var ev = el("td", {"class": "evidence"});
      var ul = el("ul");
      (m.evidence || []).forEach(function (t) { ul.appendChild(el("li", {}, t)); });
      ev.appendChild(ul);
      row.appendChild(ev);
      table.appendChild(row);
    });
    body.appendChild(table);
  }
  pick.addEventListener("change", function () { show(pick.value); });
  var wanted = new URLSearchParams(location.search).get("opportunity");
  if (wanted && opps.some(function (o) { return o.id === wanted; })) pick.value = wanted;
  show(pick.value);
  window.__dealgraphCommittee = {show: show, pick: pick};
})();
