/* Decision-chain page: builds vis-network nodes/edges from the embedded data, toggles the three
 * dimensions, searches, shows evidence in tooltips and the side panel, expands a clicked contact's
 * ties. Sets window.__dealgraphStable (and __dealgraphStableMs) once the layout has settled, so
 * tests and users know the picture is final. No network access: everything is inline. */
(function () {
  "use strict";
  window.__dealgraphScriptMs = performance.now();
  var DATA = JSON.parse(document.getElementById("dg-data").textContent);
  var CFG = JSON.parse(document.getElementById("dg-config").textContent);
  var DEPT_COLOURS = ["#4e79a7", "#59a14f", "#edc948", "#b07aa1", "#76b7b2", "#ff9da7", "#9c755f",
                      "#bab0ac", "#86bcb6", "#f1ce63", "#d4a6c8", "#a0cbe8", "#8cd17d", "#e15759"];
  var byId = {}, deptColour = {}, neighbours = {};
  var visible = {organisation: true, person: true, interaction: true};
  var expanded = null;

  DATA.nodes.forEach(function (n) { byId[n.id] = n; });
  // Key people keep a readable name at any zoom (drawn in afterDrawing); everyone else's label
  // follows vis-network's size scaling and fades out when zoomed out.
  var keyPeople = DATA.nodes.filter(function (n) {
    return n.kind === "contact" && (n.role === "decision_maker" || n.influence >= 0.6);
  }).sort(function (a, b) { return b.influence - a.influence; }).slice(0, 60).map(function (n) { return n.id; });
  var isKey = {};
  keyPeople.forEach(function (id) { isKey[id] = true; });
  (DATA.groups || []).forEach(function (g, i) { deptColour[g.id] = DEPT_COLOURS[i % DEPT_COLOURS.length]; });
  DATA.edges.forEach(function (e) {
    (neighbours[e.source] = neighbours[e.source] || []).push(e);
    (neighbours[e.target] = neighbours[e.target] || []).push(e);
  });

  // --- small DOM helpers (text only: data never becomes HTML) --------------------------------
  function el(tag, attrs, children) {
    var x = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") x.textContent = attrs[k]; else if (k === "style") x.style.cssText = attrs[k];
      else x.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) x.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return x;
  }
  function list(items) { return el("ul", {}, items.map(function (t) { return el("li", {text: t}); })); }
  function pct(x) { return x == null ? "–" : Math.round(x * 100) + "%"; }
  function perMonth(st) {
    var a = Date.parse(st.first_at), b = Date.parse(st.last_at);
    if (!(a && b) || st.count < 2) return "";
    var months = Math.max((b - a) / (30.4 * 86400000), 1);
    return " · " + (st.count / months).toFixed(1) + "/month since " + st.first_at.slice(0, 10);
  }
  function roleChip(role) {
    var st = CFG.roles[role] || CFG.roles.unclassified;
    return el("span", {"class": "role-chip", style: "background:" + st.color, text: st.label});
  }

  function contactCard(n) {
    var parts = [el("b", {text: n.name + (n.name_en ? " (" + n.name_en + ")" : "")}), el("br"),
      el("span", {text: [n.title, n.department].filter(Boolean).join(" · ") || "—"}), el("br"), roleChip(n.role),
      el("span", {text: n.role_confidence != null ? "  confidence " + pct(n.role_confidence) : ""})];
    if (n.role_evidence && n.role_evidence.length) parts.push(el("div", {text: "依据 Evidence:"}), list(n.role_evidence));
    parts.push(el("div", {text: "影响力 Influence " + pct(n.influence)}));
    if (n.influence_evidence && n.influence_evidence.length) parts.push(list(n.influence_evidence));
    var st = n.interactions || {};
    if (n.background && n.background.length) parts.push(el("div", {text: "背景 Background:"}), list(n.background.slice(0, 6)));
    if (st.count) {
      var lines = [st.count + " interaction(s), last " + (st.last_at || "?").slice(0, 10) + perMonth(st)];
      if (st.channels.length) lines.push("channels: " + st.channels.join(", "));
      if (st.sentiment != null) lines.push("sentiment " + st.sentiment.toFixed(2));
      if (st.meeting_types.length) lines.push("meetings: " + st.meeting_types.join(", "));
      if (st.topics.length) lines.push("topics: " + st.topics.slice(0, 6).join(", "));
      parts.push(el("div", {text: "互动 With us:"}), list(lines));
    } else {
      parts.push(el("div", {"class": "muted", text: "No interactions with us yet."}));
    }
    if (n.role_label) parts.push(el("div", {text: "用户确认 confirmed by a user: " + n.role_label}));
    if (n.role_model) parts.push(el("div", {"class": "muted", text: "model " + n.role_model}));
    return el("div", {"class": "tip"}, parts);
  }
  function otherCard(n) {
    var kind = (CFG.nodes[n.kind] || {}).label || n.kind, lines = [];
    if (n.kind === "department") lines.push(n.size + " contact(s)");
    if (n.kind === "user") lines.push((n.owner ? "account owner; " : "") + n.interaction_count + " interaction(s)");
    if (n.shared_by) lines.push("shared by " + n.shared_by + " people" + (n.shared_with_us ? ", including ours" : ""));
    return el("div", {"class": "tip"}, [el("b", {text: n.name}), el("br"), el("span", {text: kind}), list(lines)]);
  }

  // --- vis items -----------------------------------------------------------------------------
  function dimensionOfNode(n) {
    if (n.kind === "department") return "organisation";
    if (n.kind === "user") return "interaction";
    if (n.kind === "organization" || n.kind === "school") return "person";
    return null;  // contacts and the account are always shown
  }
  function visNode(n) {
    var p = CFG.positions[n.id] || [0, 0], font = {face: CFG.font, size: 14, color: "#1d2733"};
    var node = {id: n.id, label: n.label, x: p[0], y: p[1], font: font, borderWidth: 1};
    if (n.kind === "contact") {
      var role = CFG.roles[n.role] || CFG.roles.unclassified;
      node.shape = "dot";
      node.value = n.influence || 0;  // size and label size scale with it (see scaling below)
      if (isKey[n.id]) node.label = undefined;
      node.borderWidth = 2;
      node.color = {background: role.color, border: deptColour[n.department_id] || "#ffffff",
                    highlight: {background: role.color, border: "#000000"}};
      node.title = contactCard(n);
    } else {
      var st = CFG.nodes[n.kind] || CFG.nodes.department;
      node.shape = st.shape;
      node.title = otherCard(n);
      if (n.kind === "department") {
        // A hub; the name of a department with people is drawn over its disc (afterDrawing).
        node.color = {background: deptColour[n.id] || "#eef2f7", border: "#5d6d7e"};
        node.borderWidth = 1;
        node.size = 7;
        node.label = n.size ? undefined : n.label;
      } else {
        node.color = st.color;
        node.size = n.kind === "account" ? 30 : 16;
      }
    }
    node.hidden = !isShown(n);
    return node;
  }
  function visEdge(e) {
    var st = CFG.edges[e.type] || CFG.edges.KNOWS;
    var width = 1;
    if (e.type === "KNOWS") width = 1 + 2 * (e.weight || 0.5);
    if (e.type === "INTERACTED") width = 1 + Math.log(1 + (e.count || 1));
    if (e.type === "REPORTS_TO" || e.type === "OWNS") width = 1.6;
    if (e.type === "WORKS_IN") width = 0.6;
    return {id: e.id, from: e.source, to: e.target, color: edgeColour(e),
            dashes: st.dashes, arrows: st.arrows, width: width, title: e.detail, hidden: !edgeShown(e),
            smooth: false, physics: e.dimension === "organisation"};
  }
  // Overview: background dimensions faint. With a contact expanded, its own ties stand out and
  // everything else fades, so one person's web is readable inside 500 people.
  function edgeColour(e) {
    var st = CFG.edges[e.type] || CFG.edges.KNOWS;
    var faint = e.dimension !== "organisation" && e.type !== "OWNS";
    var opacity = e.type === "WORKS_IN" ? 0.5 : faint ? 0.35 : 0.85;
    if (expanded !== null) opacity = (e.source === expanded || e.target === expanded) ? 1 : 0.06;
    return {color: st.color, opacity: opacity};
  }
  function isShown(n) {
    var d = dimensionOfNode(n);
    return d === null || visible[d] || (expanded !== null && touches(expanded, n.id));
  }
  function touches(nodeId, otherId) {
    return nodeId === otherId || (neighbours[nodeId] || []).some(function (e) {
      return e.source === otherId || e.target === otherId;
    });
  }
  function edgeShown(e) {
    if (expanded !== null && (e.source === expanded || e.target === expanded)) return true;
    return visible[e.dimension] && isShown(byId[e.source] || {}) && isShown(byId[e.target] || {});
  }

  window.__dealgraphBuildMs = performance.now();
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  window.__dealgraphNodesMs = performance.now();
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  window.__dealgraphEdgesMs = performance.now();
  window.__dealgraph = {nodes: nodes, edges: edges, data: DATA};

  var container = document.getElementById("dg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    layout: {improvedLayout: false, randomSeed: 7},
    physics: CFG.physics,
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, navigationButtons: false},
    // Labels of small nodes disappear when zoomed out, so 500 names do not turn into ink.
    nodes: {font: {face: CFG.font}, scaling: {min: 10, max: 40, label: {enabled: true, min: 11, max: 24,
            maxVisible: 30, drawThreshold: 6}}},
    edges: {smooth: false, font: {face: CFG.font}}
  });
  window.__dealgraph.network = network;
  window.__dealgraphNetworkMs = performance.now();

  network.on("stabilizationProgress", function (p) { window.__dealgraphIterations = p.iterations; });
  function markStable() {
    if (window.__dealgraphStable) return;
    window.__dealgraphPhysicsMs = performance.now();
    network.setOptions({physics: {enabled: false}});
    network.once("afterDrawing", function () {
      window.__dealgraphStableMs = performance.now();
      window.__dealgraphStable = true;
      document.body.setAttribute("data-stable", "true");
    });
    network.redraw();
  }
  network.once("stabilizationIterationsDone", markStable);
  network.once("stabilized", markStable);
  if (DATA.nodes.length === 0) markStable();

  // Department discs behind the nodes: the grouping stays visible even when hub edges are thin.
  network.on("beforeDrawing", function (ctx) {
    if (!visible.organisation) return;
    (DATA.groups || []).forEach(function (g) {
      if (!g.members.length) return;
      var pos = network.getPositions(g.members), ids = Object.keys(pos), cx = 0, cy = 0, r = 0;
      ids.forEach(function (k) { cx += pos[k].x; cy += pos[k].y; });
      cx /= ids.length; cy /= ids.length;
      var ds = ids.map(function (k) { return Math.hypot(pos[k].x - cx, pos[k].y - cy); }).sort(function (a, b) { return a - b; });
      r = ds[Math.floor(0.8 * (ds.length - 1))] + 24;  // outliers pulled away by their managers stay outside
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.fillStyle = (deptColour[g.id] || "#cccccc") + "1f";
      ctx.strokeStyle = (deptColour[g.id] || "#cccccc") + "66";
      ctx.lineWidth = 1.5;
      ctx.fill(); ctx.stroke();
    });
  });

  network.on("afterDrawing", function (ctx) {
    if (!visible.organisation) return;
    var scale = network.getScale(), px = 13 / scale;
    ctx.font = "bold " + px + "px " + CFG.font;
    ctx.textAlign = "center";
    (DATA.groups || []).forEach(function (g) {
      if (!g.members.length) return;
      var pos = network.getPositions(g.members), ids = Object.keys(pos), cx = 0, top = Infinity;
      ids.forEach(function (k) { cx += pos[k].x; top = Math.min(top, pos[k].y); });
      cx /= ids.length;
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(g.name, cx, top - 18 / scale);
      ctx.fillStyle = "#1d2733";
      ctx.fillText(g.name, cx, top - 18 / scale);
    });
  });
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), pos = network.getPositions(keyPeople);
    ctx.textAlign = "center";
    keyPeople.forEach(function (id) {
      var p = pos[id], n = byId[id], node = network.body.nodes[id];
      if (!p || !node || node.options.hidden) return;
      // Never smaller than 12 px on screen, never smaller than the scaled labels of lesser people.
      ctx.font = "bold " + Math.max(12 / scale, 11 + 13 * (n.influence || 0)) + "px " + CFG.font;
      var y = p.y + node.shape.height / 2 + 14 / scale;
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(n.name, p.x, y);
      ctx.fillStyle = "#8b1010";
      ctx.fillText(n.name, p.x, y);
    });
  });

  function refresh() {
    nodes.update(DATA.nodes.map(function (n) {
      return {id: n.id, hidden: !isShown(n), opacity: expanded === null || touches(expanded, n.id) ? 1 : 0.2};
    }));
    edges.update(DATA.edges.map(function (e) { return {id: e.id, hidden: !edgeShown(e), color: edgeColour(e)}; }));
  }
  document.querySelectorAll("input[data-dimension]").forEach(function (box) {
    box.addEventListener("change", function () { visible[box.getAttribute("data-dimension")] = box.checked; refresh(); });
  });

  // --- click to expand ------------------------------------------------------------------------
  var details = document.getElementById("dg-details");
  function showDetails(id) {
    var n = byId[id];
    details.textContent = "";
    if (!n) return;
    details.appendChild(el("h2", {text: "详情 Details"}));
    details.appendChild(n.kind === "contact" ? contactCard(n) : otherCard(n));
    var props = Object.keys(n.properties || {}).filter(function (k) { return n.properties[k] != null && n.properties[k] !== ""; });
    if (props.length) {
      details.appendChild(el("h2", {text: "资料 Profile"}));
      details.appendChild(list(props.sort().map(function (k) {
        var v = n.properties[k];
        return k + ": " + (Array.isArray(v) ? v.join(", ") : String(v));
      })));
    }
    var ties = (neighbours[id] || []);
    details.appendChild(el("h2", {text: "关系 Ties (" + ties.length + ")"}));
    var ul = el("ul");
    ties.forEach(function (e) {
      var other = e.source === id ? e.target : e.source, on = byId[other];
      var li = el("li", {}, [el("span", {"class": "tie", "data-node": other, text: on ? on.name : other}),
        " — " + ((CFG.edges[e.type] || {}).label || e.type) + (e.detail ? ": " + e.detail : "")]);
      li.firstChild.addEventListener("click", function () { select(other); });
      ul.appendChild(li);
    });
    details.appendChild(ul);
  }
  function select(id) {
    expanded = id;
    refresh();
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.8), animation: false});
    showDetails(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { expanded = params.nodes[0]; refresh(); network.selectNodes([expanded]); showDetails(expanded); }
    else if (expanded !== null) { expanded = null; refresh(); }
  });

  // --- search ---------------------------------------------------------------------------------
  var search = document.getElementById("dg-search"), count = document.getElementById("dg-search-count");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return DATA.nodes.filter(function (n) {
      return [n.name, n.name_en, n.title, n.department, n.ref].some(function (v) {
        return v != null && String(v).toLowerCase().indexOf(q) >= 0;
      });
    }).map(function (n) { return n.id; });
  }
  search.addEventListener("input", function () {
    var ids = matches(search.value);
    count.textContent = search.value ? ids.length + " found" : "";
    network.selectNodes(ids.filter(function (i) { return !nodes.get(i).hidden; }));
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var ids = matches(search.value);
    if (ids.length) select(ids[0]);
  });
  window.__dealgraph.search = matches;
  window.__dealgraph.select = select;

  // --- introduction paths -----------------------------------------------------------------------
  var pathsBox = document.getElementById("dg-paths");
  function nodeFor(ref) {
    if (ref == null) return null;
    if (byId[ref]) return ref;
    var pre = ["c:", "u:", "d:", "o:", "a:"];
    for (var i = 0; i < pre.length; i++) if (byId[pre[i] + ref]) return pre[i] + ref;
    return null;
  }
  // Paths come from dealgraph.algorithms.roles.paths: {owner, decision_maker, rank, reachable, cost,
  // hops: [{from, from_kind, from_name, to, to_kind, to_name, relation, reason}], summary}.
  function hopNode(ref, kind) {
    if (kind === "User" && byId["u:" + ref]) return "u:" + ref;
    if (kind === "Contact" && byId["c:" + ref]) return "c:" + ref;
    return nodeFor(ref);
  }
  pathsBox.appendChild(el("h2", {text: "引荐路径 Introduction paths"}));
  if (!DATA.paths || !DATA.paths.length) {
    pathsBox.appendChild(el("div", {"class": "muted", text: DATA.paths_note || "No paths."}));
  } else {
    var ol = el("ol");
    DATA.paths.forEach(function (p) {
      var hops = p.hops || [], ids = [], dm = p.decision_maker || {}, owner = p.owner || {};
      var head = (owner.name ? owner.name + " → " : "→ ") + (dm.name || dm.id || "?") +
        (p.reachable === false ? " (no known tie yet)" : p.cost != null ? " · cost " + Number(p.cost).toFixed(2) : "") +
        (p.rank > 1 ? " · alternative " + p.rank : "");
      var li = el("li", {"class": "path", "data-path-target": dm.id || ""}, [el("b", {text: head})]);
      hops.forEach(function (h) {
        [hopNode(h.from, h.from_kind), hopNode(h.to, h.to_kind)].forEach(function (id) {
          if (id && ids.indexOf(id) < 0) ids.push(id);
        });
        li.appendChild(el("div", {text: (h.reason || (h.from_name || h.from) + " → " + (h.to_name || h.to))}));
      });
      if (!hops.length && p.summary) li.appendChild(el("div", {"class": "muted", text: p.summary}));
      li.addEventListener("click", function () {
        network.selectNodes(ids.filter(function (i) { return nodes.get(i); }));
        if (ids.length) network.fit({nodes: ids, animation: false});
      });
      ol.appendChild(li);
    });
    pathsBox.appendChild(ol);
  }
})();
