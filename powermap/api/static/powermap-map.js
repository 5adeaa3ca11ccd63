/* Powermap: draws a power map with vis-network, filters it, shows a node's panel, renders the
   gap report, and sends edits. Every name and note reaches the page as JSON data and is written
   with textContent, never as HTML. Also runs inside an exported standalone file (no edits). */
(function () {
  "use strict";

  // powermap-words.js (loaded by every page, inlined in an exported standalone file)
  var _ = window.powermapT;
  // numbers, dates and lists as the page's language writes them (<html lang>)
  var LANG = document.documentElement.lang || "en";
  function num(x) {
    if (x === null || x === undefined || x === "") { return ""; }
    try { return new Intl.NumberFormat(LANG).format(x); } catch (e) { return String(x); }
  }
  function day(iso) {   // "2026-11-26" → "Nov 26, 2026" / "2026年11月26日"
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    if (!m) { return iso || ""; }
    try {
      return new Intl.DateTimeFormat(LANG, { year: "numeric", month: "short", day: "numeric",
        timeZone: "UTC" }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch (e) { return m[0]; }
  }
  function list(items) {
    items = (items || []).filter(function (x) { return x !== null && x !== undefined && x !== ""; });
    try { return new Intl.ListFormat(LANG, { style: "long", type: "conjunction" }).format(items); }
    catch (e) { return items.join(", "); }
  }
  // a plain enumeration (badged roles, competitors): "a, b" / "a、b", no "and"
  function joined(items) { return (items || []).join(_(", ")); }
  // the codes the data carries (stances, seniority …) in words; the style table's labels come
  // already in the page's language from the server
  var STANCE_WORDS = { champion: _("champion"), supporter: _("supporter"), neutral: _("neutral"),
                       skeptic: _("skeptic"), opponent: _("opponent"), unknown: _("unknown"),
                       mixed: _("mixed") };
  var SENIORITY_WORDS = { c_level: _("C-level"), vp: _("vice president"), director: _("director"),
                          manager: _("manager"), individual: _("individual contributor") };
  var TEAM_ROLE_WORDS = { AR: _("account lead"), SR: _("solution lead"), FR: _("fulfilment lead"),
                          exec: _("executive"), other: _("colleague") };
  var SEVERITY_WORDS = { critical: _("critical"), high: _("high"), medium: _("medium"), low: _("low") };
  var STATUS_WORDS = { missing: _("nobody known"), covered: _("covered"),
                       uncovered: _("no trusted relationship") };
  var TEMPLATE_WORDS = { standard: _("standard"), major: _("major deal") };
  function word(table, code) {
    return Object.prototype.hasOwnProperty.call(table, code) ? table[code]
      : (code === null || code === undefined ? "" : String(code).replace(/_/g, " "));
  }
  // the gap report may arrive before the map's style table: its own words for the roles
  var ROLE_WORDS = { decision_maker: _("decision maker"), approver: _("approver"),
                     technical_evaluator: _("technical evaluator"),
                     commercial_evaluator: _("commercial evaluator"), user: _("user"),
                     influencer: _("influencer"), coach: _("coach"), gatekeeper: _("gatekeeper") };
  function roleWords(code) { return word(ROLE_WORDS, code); }
  var root = document.getElementById("powermap");
  if (!root) { return; }
  var state = { data: null, network: null, nodes: null, edges: null, layout: "hierarchical",
                selected: null, started: 0, stanceIn: null, focus: null, focusSet: null,
                byId: {}, bandBoxes: [], views: [] };
  // a link may open a map in the force layout (?layout=force)
  if (/[?&]layout=force\b/.test(window.location.search)) { state.layout = "force"; }
  window.powermapTiming = { firstDraw: null, settled: null, nodes: 0 };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function status(id, text, isError) {
    var s = document.getElementById(id);
    if (s) { s.textContent = text; s.classList.toggle("error", !!isError); }
  }
  // Edits go through powermap-edit.js, which the page loads whenever it shows edit forms
  // (the exported file has neither): the same request, and a conflict read as a sentence with
  // a Reload button.
  function api(method, url, body) { return window.powermapEdit.send(method, url, body); }
  function told(target, res, savedText) {
    window.powermapEdit.outcome(target, res, savedText, refresh);
  }

  // --- the symbols: one renderer for the map, its legend and the PNG export -----------------
  // Every symbol is drawn from the style table that comes with the map data (data.style), so
  // the legend shows exactly what the map shows.

  var STYLE = null;
  var PAD = 12;          // room around a shape for the coverage rings, the flag and the tag
  var CARD_MAX = 168;    // widest name card, in canvas pixels at zoom 1

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, k) {
      return values[k] === undefined ? m : String(values[k]);
    });
  }

  function shapePath(ctx, shape, x, y, r) {
    var i, a;
    ctx.beginPath();
    if (shape === "star") {
      for (i = 0; i < 10; i++) {
        a = -Math.PI / 2 + i * Math.PI / 5;
        var rr = i % 2 ? r * 0.5 : r * 1.15;
        ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.15, y); ctx.lineTo(x, y + r * 1.15);
      ctx.lineTo(x - r * 1.15, y);
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8);
    } else if (shape === "triangleDown") {
      ctx.moveTo(x, y + r * 1.15); ctx.lineTo(x + r * 1.1, y - r * 0.8); ctx.lineTo(x - r * 1.1, y - r * 0.8);
    } else if (shape === "hexagon") {
      for (i = 0; i < 6; i++) { a = i * Math.PI / 3; ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
    } else if (shape === "square") {
      ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
    } else if (shape === "box") {
      roundRect(ctx, x - r * 1.25, y - r * 0.75, r * 2.5, r * 1.5, r * 0.3);
    } else if (shape === "ellipse") {
      ctx.ellipse(x, y, r * 1.2, r * 0.8, 0, 0, 2 * Math.PI);
    } else {
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.closePath();
  }

  function roundRect(ctx, x, y, w, h, r) {
    ctx.moveTo(x + r, y); ctx.lineTo(x + w - r, y); ctx.quadraticCurveTo(x + w, y, x + w, y + r);
    ctx.lineTo(x + w, y + h - r); ctx.quadraticCurveTo(x + w, y + h, x + w - r, y + h);
    ctx.lineTo(x + r, y + h); ctx.quadraticCurveTo(x, y + h, x, y + h - r);
    ctx.lineTo(x, y + r); ctx.quadraticCurveTo(x, y, x + r, y);
  }

  function pill(ctx, cx, cy, text, fill, color, font, border) {
    ctx.font = font;
    var w = ctx.measureText(text).width + 8, h = parseInt(font.match(/(\d+)px/)[1], 10) + 5;
    ctx.beginPath(); roundRect(ctx, cx - w / 2, cy - h / 2, w, h, h / 2); ctx.closePath();
    ctx.fillStyle = fill; ctx.fill();
    if (border) { ctx.lineWidth = 1; ctx.strokeStyle = border; ctx.stroke(); }
    ctx.fillStyle = color; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillText(text, cx, cy + 0.5);
    return w;
  }

  function stanceFill(ctx, n, shape, x, y, r) {
    var st = STYLE.stances[n.stance] || STYLE.stances.unknown;
    ctx.save();
    shapePath(ctx, shape, x, y, r);
    ctx.fillStyle = st.fill; ctx.fill();
    ctx.clip();
    if (n.stance === "unknown") {          // hatched: not yet known (an estimate: in its colour)
      var est = n.estimate && STYLE.stances[n.estimate.stance];
      ctx.strokeStyle = est ? est.fill : st.hatch; ctx.lineWidth = est ? 2.5 : 1.5;
      for (var d = -2 * r; d < 2 * r; d += 6) {
        ctx.beginPath(); ctx.moveTo(x + d - r * 1.3, y + r * 1.3); ctx.lineTo(x + d + r * 1.3, y - r * 1.3); ctx.stroke();
      }
    } else if (n.stance === "mixed") {     // the most negative and the most positive deal, side by side
      var order = ["opponent", "skeptic", "neutral", "supporter", "champion"];
      var seen = order.filter(function (s) {
        return Object.keys(n.stances || {}).some(function (k) { return n.stances[k] === s; });
      });
      ctx.fillStyle = STYLE.stances[seen[0] || "opponent"].fill;
      ctx.fillRect(x - 2 * r, y - 2 * r, 2 * r, 4 * r);
      ctx.fillStyle = STYLE.stances[seen[seen.length - 1] || "champion"].fill;
      ctx.fillRect(x, y - 2 * r, 2 * r, 4 * r);
    }
    ctx.restore();
  }

  // The person's symbol, centred on (x, y) with radius r: fill = stance, shape + badge = role,
  // rings = coverage, flag = competitor hold, gold glow = broker, black ring = selected.
  function drawSymbol(ctx, n, x, y, r, selected) {
    // legend entries leave out what they do not explain (n.legend: {rings, glyph} false)
    var show = n.legend || { rings: true, glyph: true };
    var role = STYLE.roles[n.role] || STYLE.roles.none;
    var cov = STYLE.coverage[n.coverage] || STYLE.coverage.none;
    var st = STYLE.stances[n.stance] || STYLE.stances.unknown;
    if (n.broker) {
      ctx.save(); ctx.shadowColor = STYLE.broker.color; ctx.shadowBlur = 18;
      shapePath(ctx, role.shape, x, y, r); ctx.fillStyle = "#ffffff"; ctx.fill(); ctx.restore();
    }
    stanceFill(ctx, n, role.shape, x, y, r);
    shapePath(ctx, role.shape, x, y, r);
    ctx.lineWidth = 1.5; ctx.strokeStyle = "#222222"; ctx.setLineDash([]); ctx.stroke();
    // coverage rings: loud red dashes when nobody of ours has a thread
    ctx.save();
    ctx.strokeStyle = cov.ring; ctx.lineWidth = cov.width; ctx.setLineDash(cov.dashes || []);
    for (var i = 0; show.rings && i < cov.rings; i++) {
      ctx.beginPath(); ctx.arc(x, y, r * 1.15 + 4 + i * 5, 0, 2 * Math.PI); ctx.stroke();
    }
    ctx.restore();
    if (selected) {
      ctx.save(); ctx.strokeStyle = STYLE.selection.color; ctx.lineWidth = STYLE.selection.width;
      ctx.beginPath(); ctx.arc(x, y, r * 1.15 + 15, 0, 2 * Math.PI); ctx.stroke(); ctx.restore();
    }
    // role badge in the middle, stance glyph at the lower right
    if (role.badge) {
      ctx.font = "bold " + Math.max(10, Math.round(r * 0.55)) + "px sans-serif";
      ctx.fillStyle = n.stance === "unknown" || n.stance === "mixed" ? "#000000" : st.text;
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      if (n.stance === "unknown" || n.stance === "mixed") {   // keep the badge legible on hatching
        var bw = ctx.measureText(role.badge).width + 4;
        ctx.save(); ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fillRect(x - bw / 2, y - r * 0.35, bw, r * 0.7); ctx.restore();
        ctx.fillStyle = "#000000";
      }
      ctx.fillText(role.badge, x, y + 1);
    }
    if (show.glyph) {
      pill(ctx, x + r * 0.95, y + r * 0.85, stanceSign(n), st.fill, st.text, "bold 11px sans-serif", "#222222");
    }
    if (n.holds && n.holds.length) {       // a flag per competitor, beside the shape
      n.holds.forEach(function (h, k) {
        var fx = x + r * 1.15 + 6 + k * 12, fy = y - r * 1.1;
        ctx.save(); ctx.strokeStyle = "#222222"; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(fx, fy + 18); ctx.lineTo(fx, fy - 6); ctx.stroke();
        ctx.beginPath(); ctx.moveTo(fx, fy - 6); ctx.lineTo(fx + 14, fy - 1); ctx.lineTo(fx, fy + 4);
        ctx.closePath(); ctx.fillStyle = h.color; ctx.fill(); ctx.stroke(); ctx.restore();
      });
    }
    if (cov.tag && show.rings) {
      pill(ctx, x, y - r * 1.15 - 9, cov.tag, cov.ring, "#ffffff", "bold 11px sans-serif");
    }
    if (n.changes && n.changes.length) {  // compared with a day: what moved, at the upper left
      pill(ctx, x - r * 1.15 - 6, y - r * 1.1, changeSign(n.changes), "#ffd23f", "#000000",
           "bold 11px sans-serif", "#000000");
    }
  }

  // One sign for a person's changes since the compared day: ▲ stance up, ▼ down, + joined,
  // − left or thread lost, ⚑ newly held; several changes show the first two.
  var CHANGE_SIGNS = { joined: _("new"), left: _("left"), stance_up: "▲", stance_down: "▼",
                       stance_known: "?→", thread_gained: _("+thread"), thread_lost: _("−thread"),
                       newly_held: "⚑", hold_ended: "⚐" };
  function changeSign(changes) {
    return changes.slice(0, 2).map(function (c) { return CHANGE_SIGNS[c.kind] || "Δ"; }).join(" ");
  }

  function stanceSign(n) {
    var st = STYLE.stances[n.stance] || STYLE.stances.unknown;
    if (n.stance === "unknown" && n.estimate) {
      return STYLE.estimate.prefix + STYLE.stances[n.estimate.stance].glyph;
    }
    return st.glyph;
  }

  function stanceText(n) {
    if (n.stance === "unknown" && n.estimate) {
      return _("%(sign)s unknown, estimated %(stance)s (confidence %(confidence)s)",
               { sign: stanceSign(n), stance: word(STANCE_WORDS, n.estimate.stance),
                 confidence: num(Math.round(n.estimate.confidence * 100) / 100) });
    }
    return stanceSign(n) + " " + word(STANCE_WORDS, n.stance);
  }

  function cardText(ctx, n) {
    if (n._card) { return n._card; }
    ctx.save();
    // the name on one line, the job title on up to two: wrapped at spaces in Latin text and
    // between any two characters in Chinese (no spaces to break at), cut with "…" beyond
    var lines = wrap(ctx, n.label || "", "bold 13px sans-serif", 1).map(function (t) {
      return { text: t, font: "bold 13px sans-serif", color: "#111111" }; });
    if (n.job) {
      lines = lines.concat(wrap(ctx, n.job, "11px sans-serif", 2).map(function (t) {
        return { text: t, font: "11px sans-serif", color: "#555555" }; }));
    }
    var width = 0;
    lines.forEach(function (l) { ctx.font = l.font; width = Math.max(width, ctx.measureText(l.text).width); });
    ctx.restore();
    n._card = { lines: lines, width: width + 10, height: 6 + lines.length * 15 };
    return n._card;
  }

  // ``text`` in at most ``most`` lines of CARD_MAX - 10 pixels: a CJK character is a place to
  // break on its own, a Latin word breaks only when it alone is too wide
  function wrap(ctx, text, font, most) {
    ctx.save(); ctx.font = font;
    var room = CARD_MAX - 10, lines = [], line = "";
    var parts = String(text).match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][\u3000-\u303f\uff0c\uff1a\uff1b\uff09]*|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) || [];
    function fits(t) { return ctx.measureText(t).width <= room; }
    parts.forEach(function (part) {
      if (fits(line + part.replace(/\s+$/, ""))) { line += part; return; }
      if (line.trim()) { lines.push(line.trim()); line = ""; }
      while (!fits(part.trim()) && part.length > 1) {   // one word wider than the card
        var k = part.length;
        while (k > 1 && !fits(part.slice(0, k))) { k -= 1; }
        lines.push(part.slice(0, k)); part = part.slice(k);
      }
      line = part.replace(/^\s+/, "");
    });
    if (line.trim()) { lines.push(line.trim()); }
    if (lines.length > most) {
      var last = lines[most - 1];
      while (last.length > 1 && !fits(last + "…")) { last = last.slice(0, -1); }
      lines = lines.slice(0, most - 1).concat([last.replace(/\s+$/, "") + "…"]);
    }
    ctx.restore();
    return lines.length ? lines : [""];
  }

  function drawCard(ctx, n, x, top, selected, hover) {
    var c = cardText(ctx, n);
    ctx.beginPath(); roundRect(ctx, x - c.width / 2, top, c.width, c.height, 4); ctx.closePath();
    ctx.fillStyle = "rgba(255,255,255,0.94)"; ctx.fill();
    ctx.lineWidth = selected ? 2.5 : 1; ctx.strokeStyle = selected ? "#000000" : hover ? "#555555" : "#bbbbbb";
    ctx.stroke();
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    c.lines.forEach(function (l, i) {
      ctx.font = l.font; ctx.fillStyle = l.color; ctx.fillText(l.text, x, top + 4 + i * 15);
    });
  }

  function personGeometry(ctx, n, x, y) {
    var r = n.size || 12, c = cardText(ctx, n);
    var symbol = 2 * r * 1.15 + 2 * PAD;
    var height = symbol + 2 + c.height;
    var top = y - height / 2;
    return { r: r, sy: top + PAD + r * 1.15, cardTop: top + symbol + 2,
             width: Math.max(symbol + 30, c.width), height: height };
  }

  function drawStaff(ctx, n, x, y, selected) {
    ctx.font = "bold 12px sans-serif";
    var text = staffText(n);
    var w = ctx.measureText(text).width + 16, h = 24;
    ctx.beginPath(); roundRect(ctx, x - w / 2, y - h / 2, w, h, 5); ctx.closePath();
    ctx.fillStyle = STYLE.staff.fill; ctx.fill();
    if (selected) { ctx.lineWidth = 3; ctx.strokeStyle = STYLE.selection.color; ctx.stroke(); }
    ctx.fillStyle = STYLE.staff.text; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillText(text, x, y + 1);
    return { width: w, height: h };
  }

  // a staff member's pill: the name and the team role (AR, SR, FR stay letters)
  function staffText(n) {
    var role = /^(AR|SR|FR)$/.test(n.team_role || "") ? n.team_role : word(TEAM_ROLE_WORDS, n.team_role);
    return role ? n.label + " · " + role : n.label;
  }

  function renderer(args) {
    var n = state.byId[args.id];
    var ctx = args.ctx, sel = args.state.selected, hover = args.state.hover;
    if (!n) { return {}; }
    if (n.category === "staff") {
      ctx.font = "bold 12px sans-serif";
      var w = ctx.measureText(staffText(n)).width + 16;
      return { drawNode: function () { drawStaff(ctx, n, args.x, args.y, sel); },
               nodeDimensions: { width: w, height: 24 } };
    }
    var g = personGeometry(ctx, n, args.x, args.y);
    return {
      drawNode: function () { drawSymbol(ctx, n, args.x, g.sy, g.r, sel); },
      drawExternalLabel: function () { drawCard(ctx, n, args.x, g.cardTop, sel, hover); },
      nodeDimensions: { width: g.width, height: g.height }
    };
  }

  // where a person's symbol is on the screen: {x, y} in the map box's pixels and its radius
  // (for the browser tests, which read the pixels the map drew there)
  function symbolOnScreen(id) {
    var n = state.byId[id], network = state.network;
    var p = network.getPositions([id])[id];
    var ctx = document.createElement("canvas").getContext("2d");
    var g = personGeometry(ctx, n, p.x, p.y);
    var dom = network.canvasToDOM({ x: p.x, y: g.sy });
    return { x: dom.x, y: dom.y, r: g.r * network.getScale(), scale: network.getScale() };
  }

  // --- the map ---------------------------------------------------------------------------

  function checked(id) { var x = document.getElementById(id); return !!(x && x.checked); }
  function value(id) { var x = document.getElementById(id); return x ? x.value : ""; }

  function visible(node) {
    if (state.focus && !state.focusSet[node.id]) { return false; }
    var staff = document.getElementById("show-staff");
    if (node.category === "staff") { return !staff || staff.checked; }
    var personFilter = value("filter-stance") || value("filter-role") || checked("filter-held") ||
      checked("filter-nocontact") || value("filter-department") || value("filter-seniority");
    if (node.category === "department") { return !personFilter; }
    return personVisible(node);
  }

  function personVisible(node) {
    var stance = value("filter-stance"), role = value("filter-role");
    var department = value("filter-department"), seniority = value("filter-seniority");
    if (stance && node.stance !== stance) { return false; }
    if (role && (node.roles || []).indexOf(role) < 0) { return false; }
    if (checked("filter-held") && !node.held) { return false; }
    if (checked("filter-nocontact") && node.coverage !== "none") { return false; }
    if (department && node.department !== department) { return false; }
    if (seniority && node.seniority !== seniority) { return false; }
    return true;
  }

  function prepare(node) {
    // vis-network draws people and staff with our renderer; a folded department keeps its shape
    var n = Object.assign({}, node);
    if (n.category === "person" || n.category === "staff") {
      n.shape = "custom"; n.ctxRenderer = renderer;
    }
    return n;
  }

  function applyStanceChoice() {
    // account maps: which opportunity's stance the fills show (never a silent worst-of)
    var choice = state.stanceIn;
    var changed = [];
    state.data.nodes.forEach(function (node) {
      if (node.category !== "person") { return; }
      var s = choice === "*across" ? node.stance_across
        : ((node.stances || {})[choice] || "unknown");
      var n = state.byId[node.id];
      if (n.stance !== s) {
        n.stance = s;
        changed.push({ id: node.id, stance: s,
                       color: { background: STYLE.stances[s].fill, border: "#222222" } });
      }
    });
    if (changed.length && state.nodes) { state.nodes.update(changed); }
  }

  // The list beside the map of what changed since the compared day (?compare=DATE): one entry
  // per person, each a button that selects them on the map.
  function showChanges(data) {
    var box = document.getElementById("changes");
    if (!box) { return; }
    var list = document.getElementById("changes-list");
    list.textContent = "";
    if (!data.changes) { box.hidden = true; return; }
    box.hidden = false;
    var names = {};
    data.nodes.forEach(function (n) { names[n.id] = n.label; });
    var ids = Object.keys(data.changes.marks);
    document.getElementById("changes-title").textContent = _(
      "What changed from %(from)s to %(to)s", { from: day(data.changes.from), to: day(data.changes.to) });
    if (!ids.length) {
      list.appendChild(el("li", _("Nothing changed for the people on this map.")));
      return;
    }
    ids.sort(function (a, b) { return String(names[a] || a).localeCompare(String(names[b] || b)); });
    ids.forEach(function (id) {
      var li = el("li", "");
      var who = el("button", names[id] || id, "link");
      who.type = "button";
      if (names[id]) { who.addEventListener("click", function () { selectNode(id, true); }); }
      else { who.disabled = true; who.title = _("Not on this map any more."); }
      li.appendChild(who);
      var texts = el("ul", "");
      data.changes.marks[id].forEach(function (m) {
        texts.appendChild(el("li", changeSign([m]) + " " + m.text));
      });
      li.appendChild(texts);
      list.appendChild(li);
    });
  }

  function draw(data) {
    state.data = data;
    STYLE = data.style;
    var container = document.getElementById("map");
    state.byId = {};
    var marks = (data.changes && data.changes.marks) || {};
    data.nodes.forEach(function (n) { n.changes = marks[n.id] || []; });
    data.nodes.forEach(function (n) { state.byId[n.id] = Object.assign({}, n); });
    showChanges(data);
    if (state.stanceIn === null || (state.stanceIn !== "*across" &&
        !data.opportunities.some(function (o) { return o.id === state.stanceIn; }))) {
      state.stanceIn = data.stance_in;
    }
    if (state.focus && !state.byId[state.focus]) { state.focus = null; }
    state.nodes = new vis.DataSet(data.nodes.map(prepare));
    state.edges = new vis.DataSet(data.edges);
    applyStanceChoice();
    if (state.focus) { state.focusSet = neighbourhood(state.focus); }
    var nodeView = new vis.DataView(state.nodes, { filter: visible });
    var edgeView = new vis.DataView(state.edges, { filter: function (e) {
      var staff = document.getElementById("show-staff");
      return e.layer !== "staff" || !staff || staff.checked;
    } });
    state.views = [nodeView, edgeView];
    var options = data.options[state.layout];
    window.powermapTiming = { firstDraw: null, settled: null, nodes: data.nodes.length,
                              firstDrawSinceNavigation: null, settledSinceNavigation: null };
    state.started = performance.now();
    if (state.network) { state.network.destroy(); }
    container.removeAttribute("data-settled");
    state.network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    var network = state.network;
    // for the browser tests and the drawing benchmark
    window.powermap = { network: network, nodes: state.nodes, edges: state.edges,
                        visibleNodes: function () { return nodeView.length; },
                        select: selectNode, focus: enterFocus, leaveFocus: leaveFocus,
                        exportPng: exportPng, symbol: symbolOnScreen };
    function settled() {
      if (window.powermapTiming.settled === null) {
        window.powermapTiming.settled = performance.now() - state.started;
        window.powermapTiming.settledSinceNavigation = performance.now();
      }
      container.setAttribute("data-settled", "yes");
      loadChart();
    }
    network.on("beforeDrawing", function (ctx) { drawBands(ctx, state.bandBoxes, network); });
    var finishing = false;
    // the layout is done: fit it readably, and call the map settled once that is drawn
    function finish() {
      if (finishing) { return; }
      finishing = true;
      readableFit();
      bands(network);
      network.once("afterDrawing", settled);
      network.redraw();
    }
    network.once("afterDrawing", function () {
      window.powermapTiming.firstDraw = performance.now() - state.started;
      window.powermapTiming.firstDrawSinceNavigation = performance.now();
      if (!options.physics || options.physics.enabled === false) { finish(); }
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      finish();
    });
    network.on("click", function (params) {
      if (params.nodes.length) { selectNode(params.nodes[0], false); }
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length && state.byId[params.nodes[0]].category === "person") {
        enterFocus(params.nodes[0]);
      }
    });
    container.setAttribute("data-nodes", String(data.nodes.length));
    container.setAttribute("aria-label", _("Power map of %(title)s. The table below lists the same people.",
                                           { title: data.title }));
    status("map-status", data.grouped
      ? _("%(people)s people: everyone outside a decision chain is grouped by department.", { people: num(data.people) })
      : data.people === 1 ? _("One person.") : _("%(people)s people.", { people: num(data.people) }), false);
    legend();
    toolbarFromData();
    peopleList();
    focusBar();
    pickers();
    if (state.selected && state.nodes.get(state.selected)) { selectNode(state.selected, false); }
  }

  // The bands of the org chart: the customer on top, outsiders below, our staff at the bottom.
  function bands(network) {
    state.bandBoxes = [];
    if (state.layout !== "hierarchical" || !state.data) { return; }
    var ids = state.views[0].getIds();
    var pos = network.getPositions(ids);
    var box = {};
    var minX = Infinity, maxX = -Infinity;
    ids.forEach(function (id) {
      var n = state.byId[id], p = pos[id];
      if (!n || !p) { return; }
      var b = n.band || "customer";
      box[b] = box[b] || { top: Infinity, bottom: -Infinity };
      box[b].top = Math.min(box[b].top, p.y); box[b].bottom = Math.max(box[b].bottom, p.y);
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
    });
    ["customer", "outside", "staff"].forEach(function (b) {
      if (!box[b]) { return; }
      // the customer's band leaves room above its top row for the band's name
      state.bandBoxes.push({ band: b, top: box[b].top - (b === "customer" ? 110 : 70),
                             bottom: box[b].bottom + 70,
                             left: minX - 130, right: maxX + 130,
                             label: fmt(STYLE.bands[b].label, { customer: state.data.customer }) });
    });
  }

  function drawBands(ctx, boxes, network) {
    // the band's name stays at the left edge of the view, wherever the user pans
    var left = network.DOMtoCanvas({ x: 0, y: 0 }).x;
    var scale = network.getScale();
    (boxes || []).forEach(function (b, i) {
      ctx.save();
      ctx.fillStyle = b.band === "customer" ? "rgba(0,0,0,0)" : b.band === "outside" ? "#fbf6ea" : "#eef5f4";
      ctx.fillRect(b.left, b.top, b.right - b.left, b.bottom - b.top);
      if (i > 0) {
        ctx.strokeStyle = "#c9c2b0"; ctx.setLineDash([6, 4]); ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(b.left, b.top); ctx.lineTo(b.right, b.top); ctx.stroke();
      }
      ctx.font = "bold " + Math.round(13 / Math.max(scale, 0.5)) + "px sans-serif";
      ctx.fillStyle = "#6b6250"; ctx.textAlign = "left";
      ctx.textBaseline = "top"; ctx.fillText(b.label, Math.max(b.left, left) + 8 / scale, b.top + 6);
      ctx.restore();
    });
  }

  // Fit the map to its box, but never so small that names cannot be read: below MIN_SCALE
  // the view keeps the top of the chart (who decides) at a readable size and the user pans,
  // or presses "Whole map" to see everything at once.
  var MIN_SCALE = 0.5;
  function readableFit(whole) {
    var network = state.network;
    network.fit({ animation: false });
    if (whole || network.getScale() >= MIN_SCALE) { return; }
    var ids = state.views[0].getIds();
    var pos = network.getPositions(ids);
    var top = Infinity, minX = Infinity, maxX = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id];
      top = Math.min(top, p.y); minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
    });
    var box = document.getElementById("map");
    network.moveTo({ scale: MIN_SCALE, animation: false,
                     position: { x: (minX + maxX) / 2, y: top - 110 + box.clientHeight / 2 / MIN_SCALE } });
  }

  function refilter() {
    state.views.forEach(function (v) { v.refresh(); });
    peopleListFilter();
    if (state.network) {
      // a filtered map keeps only what is left: show all of it
      readableFit();
      bands(state.network);
      state.network.redraw();
    }
  }

  // --- focus: one person and their one- and two-hop neighbourhood --------------------------

  function neighbourhood(id) {
    var adj = {};
    state.data.edges.forEach(function (e) {
      if (e.kind === "relationship") { return; }   // our staff would connect everyone
      (adj[e.from] = adj[e.from] || []).push(e.to);
      (adj[e.to] = adj[e.to] || []).push(e.from);
    });
    var seen = {}, frontier = [id];
    seen[id] = true;
    for (var hop = 0; hop < 2; hop++) {
      var next = [];
      frontier.forEach(function (x) {
        (adj[x] || []).forEach(function (y) { if (!seen[y]) { seen[y] = true; next.push(y); } });
      });
      frontier = next;
    }
    // and our staff who know the person in focus
    state.data.edges.forEach(function (e) {
      if (e.kind === "relationship" && e.to === id) { seen[e.from] = true; }
    });
    return seen;
  }

  function enterFocus(id) {
    state.focus = id; state.focusSet = neighbourhood(id);
    focusBar(); refilter(); selectNode(id, false);
  }

  function leaveFocus() {
    state.focus = null; state.focusSet = null;
    focusBar(); refilter();
  }

  function focusBar() {
    var bar = document.getElementById("focus-bar");
    if (!bar) { return; }
    bar.hidden = !state.focus;
    var text = document.getElementById("focus-text");
    if (state.focus && text) {
      text.textContent = _("Showing %(name)s and the people up to two steps away.",
                             { name: state.byId[state.focus].label });
    }
  }

  // --- selection, shared by the map and the list -----------------------------------------

  function selectNode(id, fromList) {
    if (!state.byId[id]) { return; }
    if (state.network && state.views[0].get(id)) {
      state.network.selectNodes([id]);
      if (fromList) {
        state.network.focus(id, { scale: Math.max(state.network.getScale(), 0.9), animation: false });
      }
    }
    showPanel(id);
    Array.prototype.forEach.call(document.querySelectorAll("#people-list tbody tr"), function (tr) {
      var on = tr.getAttribute("data-id") === id;
      tr.classList.toggle("selected", on);
      tr.setAttribute("aria-selected", on ? "true" : "false");
    });
  }

  // --- the accessible list of the same people ----------------------------------------------

  function peopleList() {
    var table = document.getElementById("people-list");
    if (!table) { return; }
    var tbody = table.querySelector("tbody");
    tbody.textContent = "";
    var people = state.data.nodes.filter(function (n) { return n.category === "person"; })
      .sort(function (a, b) { return a.label.localeCompare(b.label); });
    people.forEach(function (node) {
      var n = state.byId[node.id];
      var tr = el("tr"); tr.setAttribute("data-id", node.id); tr.setAttribute("aria-selected", "false");
      var nameCell = el("td"); var b = el("button", n.label, "link");
      b.type = "button";
      b.addEventListener("click", function () { selectNode(node.id, true); });
      nameCell.appendChild(b); tr.appendChild(nameCell);
      tr.appendChild(el("td", n.job || ""));
      tr.appendChild(el("td", joined((n.roles || []).map(function (r) {
        return STYLE.roles[r].badge + " " + STYLE.roles[r].label; }))));
      tr.appendChild(el("td", stanceText(n), "stance"));
      tr.appendChild(el("td", joined((n.holds || []).map(function (h) { return h.competitor; }))));
      tr.appendChild(el("td", n.coverage === "none" ? _("no contact") : num(n.threads), n.coverage === "none" ? "no-contact" : ""));
      tr.appendChild(el("td", n.department || ""));
      tr.appendChild(el("td", n.band === "outside" ? _("outside the customer") : ""));
      tbody.appendChild(tr);
    });
    peopleListFilter();
  }

  function peopleListFilter() {
    Array.prototype.forEach.call(document.querySelectorAll("#people-list tbody tr"), function (tr) {
      var n = state.byId[tr.getAttribute("data-id")];
      tr.hidden = !(n && (!state.focus || state.focusSet[n.id]) && personVisible(n));
      var cell = tr.querySelector("td.stance");
      if (n && cell) { cell.textContent = stanceText(n); }
    });
  }

  // --- toolbar parts that depend on the data ------------------------------------------------

  function toolbarFromData() {
    var dep = document.getElementById("filter-department");
    if (dep) {
      var keep = dep.value; dep.textContent = "";
      var all = el("option", _("all")); all.value = ""; dep.appendChild(all);
      state.data.departments.forEach(function (d) { var o = el("option", d); o.value = d; dep.appendChild(o); });
      dep.value = keep;
      dep.parentNode.hidden = !state.data.departments.length;
    }
    var pick = document.getElementById("stance-in");
    if (pick) {
      pick.textContent = "";
      state.data.opportunities.forEach(function (o) {
        var x = el("option", o.name); x.value = o.id; pick.appendChild(x);
      });
      var across = el("option", _("across deals (mixed where they disagree)")); across.value = "*across";
      pick.appendChild(across);
      pick.value = state.stanceIn || "*across";
      pick.parentNode.hidden = state.data.kind !== "account" || !state.data.opportunities.length;
    }
    var mixed = document.querySelector("#filter-stance option[value=mixed]");
    if (mixed) { mixed.hidden = state.stanceIn !== "*across"; }
  }

  // --- the legend, drawn with the map's own renderer -------------------------------------------

  function legendEntries() {
    var d = state.data, entries = [];
    var base = { role: "none", stance: "neutral", coverage: "multi", holds: [], size: 12,
                 legend: { rings: false, glyph: false } };
    function person(extra) { return Object.assign({}, base, extra); }
    var stances = d.legend.stances.filter(function (s) { return s !== "mixed" || d.kind === "account"; });
    entries.push({ title: _("Stance (fill and sign)"), items: stances.map(function (s) {
      var n = person({ stance: s, legend: { rings: false, glyph: true } });
      if (s === "mixed") { n.stances = { a: "champion", b: "opponent" }; }
      return { label: STYLE.stances[s].label, symbol: n };
    }).concat(d.kind === "opportunity" ? [{ label: STYLE.estimate.label, symbol: person({
      stance: "unknown", estimate: { stance: "supporter", confidence: 0.5 },
      legend: { rings: false, glyph: true } }) }] : []) });
    entries.push({ title: _("Buying role (shape and badge; size = power)"), items: d.legend.roles.map(function (r) {
      return { label: (STYLE.roles[r].badge ? STYLE.roles[r].badge + " " : "") + STYLE.roles[r].label,
               symbol: person({ role: r, stance: "neutral", size: 15 }) };
    }) });
    entries.push({ title: _("Our coverage (rings)"), items: d.legend.coverage.map(function (c) {
      return { label: STYLE.coverage[c].label, wide: !!STYLE.coverage[c].tag,
               symbol: person({ coverage: c, size: 10, legend: { rings: true, glyph: false } }) };
    }) });
    var held = (d.competitors.length ? d.competitors : [{ name: _("a competitor"), color: "#7b3294" }]);
    entries.push({ title: _("Markers"), items: held.map(function (c) {
      return { label: _("held by %(competitor)s (flag; the fill keeps the stance)", { competitor: c.name }),
               wide: true, symbol: person({ holds: [{ color: c.color }] }) };
    }).concat([{ label: STYLE.broker.label, symbol: person({ broker: true }) },
               { label: STYLE.staff.label, staff: true }]) });
    entries.push({ title: _("Lines"), items: d.legend.edges.map(function (k) {
      return { label: STYLE.edges[k].label, edge: STYLE.edges[k], arrow: k === "reports_to" || k === "influence" };
    }) });
    return entries;
  }

  // one legend item drawn at (x, y) (its top-left corner), 40 × 40 canvas pixels (wide: 74)
  function drawLegendSymbol(ctx, item, x, y) {
    if (item.symbol) {
      drawSymbol(ctx, item.symbol, x + (item.wide ? 30 : 20), y + 23, item.symbol.size, false);
    } else if (item.staff) {
      drawStaff(ctx, { label: "AR", team_role: "" }, x + 20, y + 20, false);
    } else if (item.edge) {
      ctx.save(); ctx.strokeStyle = item.edge.color; ctx.lineWidth = item.edge.width + 1;
      ctx.setLineDash(item.edge.dashes ? [6, 4] : []);
      ctx.beginPath(); ctx.moveTo(x + 2, y + 20); ctx.lineTo(x + 36, y + 20); ctx.stroke();
      if (item.arrow) {
        ctx.setLineDash([]); ctx.fillStyle = item.edge.color; ctx.beginPath();
        ctx.moveTo(x + 38, y + 20); ctx.lineTo(x + 30, y + 15); ctx.lineTo(x + 30, y + 25); ctx.closePath(); ctx.fill();
      }
      ctx.restore();
    }
  }

  function legend() {
    var box = document.getElementById("legend");
    if (!box) { return; }
    box.textContent = "";
    var ratio = window.devicePixelRatio || 1;
    legendEntries().forEach(function (group) {
      box.appendChild(el("h3", group.title));
      var ul = el("ul");
      group.items.forEach(function (item) {
        var li = el("li");
        var c = document.createElement("canvas"), w = item.wide ? 80 : 46;
        c.width = w * ratio; c.height = 46 * ratio; c.className = "symbol" + (item.wide ? " wide" : "");
        c.setAttribute("aria-hidden", "true");
        var ctx = c.getContext("2d"); ctx.scale(ratio, ratio); drawLegendSymbol(ctx, item, 3, 3);
        li.appendChild(c); li.appendChild(el("span", item.label));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }

  // --- PNG export: title, date, the map at twice the resolution, the legend -------------------

  function exportPng() {
    var scale = 2;
    var container = document.getElementById("map");
    var w = container.clientWidth, h = container.clientHeight;
    var holder = document.createElement("div");
    holder.style.position = "absolute"; holder.style.left = "-20000px"; holder.style.top = "0";
    holder.style.width = (w * scale) + "px"; holder.style.height = (h * scale) + "px";
    document.body.appendChild(holder);
    var ids = state.views[0].getIds();
    var pos = state.network.getPositions(ids);
    var nodes = new vis.DataSet(ids.map(function (id) {
      var n = prepare(state.nodes.get(id)); n.x = pos[id].x; n.y = pos[id].y; n.fixed = true;
      return n;
    }));
    var edges = new vis.DataSet(state.views[1].get());
    var options = { physics: false, layout: { hierarchical: false, improvedLayout: false },
                    interaction: { dragNodes: false }, edges: state.data.options[state.layout].edges,
                    nodes: state.data.options[state.layout].nodes };
    var copy = new vis.Network(holder, { nodes: nodes, edges: edges }, options);
    var boxes = state.bandBoxes;
    copy.on("beforeDrawing", function (ctx) { drawBands(ctx, boxes, copy); });
    if (state.selected && nodes.get(state.selected)) { copy.selectNodes([state.selected]); }
    var view = state.network.getViewPosition(), zoom = state.network.getScale();
    return new Promise(function (resolve) {
      copy.once("afterDrawing", function () {
        copy.moveTo({ position: view, scale: zoom * scale, animation: false });
        copy.once("afterDrawing", function () {
          var mapCanvas = holder.querySelector("canvas");
          var out = compose(mapCanvas, scale);
          copy.destroy(); holder.remove();
          resolve(out);
        });
        copy.redraw();
      });
    });
  }

  function compose(mapCanvas, scale) {
    var W = mapCanvas.width;
    var entries = legendEntries();
    var colW = 300 * scale, rowH = 44 * scale, headH = 70 * scale;
    var cols = Math.max(1, Math.floor(W / colW));
    var legendH = 0;
    entries.forEach(function (g) { legendH += 26 * scale + Math.ceil(g.items.length / cols) * rowH; });
    var out = document.createElement("canvas");
    out.width = W; out.height = headH + mapCanvas.height + legendH + 20 * scale;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    var title = state.data.title;
    var date = day(new Date().toISOString().slice(0, 10));
    var opp = state.data.opportunities.filter(function (o) { return o.id === state.stanceIn; })[0];
    var sub = state.data.kind === "account"
      ? (opp ? _("Account power map; stances in %(opportunity)s; drawn on %(date)s.", { opportunity: opp.name, date: date })
             : _("Account power map; stances across deals; drawn on %(date)s.", { date: date }))
      : _("Opportunity power map; drawn on %(date)s.", { date: date });
    ctx.fillStyle = "#111111"; ctx.textAlign = "left"; ctx.textBaseline = "top";
    ctx.font = "bold " + (24 * scale) + "px sans-serif"; ctx.fillText(title, 16 * scale, 12 * scale);
    ctx.font = (14 * scale) + "px sans-serif"; ctx.fillStyle = "#444444";
    ctx.fillText(sub, 16 * scale, 44 * scale);
    ctx.drawImage(mapCanvas, 0, headH);
    ctx.strokeStyle = "#cccccc"; ctx.strokeRect(0.5, headH + 0.5, W - 1, mapCanvas.height - 1);
    var y = headH + mapCanvas.height + 10 * scale;
    entries.forEach(function (g) {
      ctx.font = "bold " + (14 * scale) + "px sans-serif"; ctx.fillStyle = "#111111";
      ctx.textAlign = "left"; ctx.textBaseline = "top";
      ctx.fillText(g.title, 16 * scale, y + 4 * scale); y += 26 * scale;
      g.items.forEach(function (item, i) {
        var x = 16 * scale + (i % cols) * colW, yy = y + Math.floor(i / cols) * rowH;
        ctx.save(); ctx.scale(scale, scale); drawLegendSymbol(ctx, item, x / scale, yy / scale); ctx.restore();
        ctx.font = (12 * scale) + "px sans-serif"; ctx.fillStyle = "#222222"; ctx.textAlign = "left";
        var tx = x + (item.wide ? 82 : 48) * scale;
        ctx.textBaseline = "middle"; ctx.fillText(item.label, tx, yy + 22 * scale, colW - (tx - x) - 4 * scale);
      });
      y += Math.ceil(g.items.length / cols) * rowH;
    });
    window.powermapExport = { title: title, subtitle: sub, width: out.width, height: out.height,
                              mapWidth: mapCanvas.width };
    return out;
  }

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && !value.length)) { return; }
    dl.appendChild(el("dt", term));
    dl.appendChild(el("dd", Array.isArray(value) ? joined(value) : value));
  }

  function showPanel(id) {
    var panel = document.getElementById("panel");
    if (!panel) { return; }
    var d = state.data.details[id];
    if (!d) { return; }
    state.selected = id;
    panel.textContent = "";
    panel.appendChild(el("h2", d.name));
    var dl = el("dl");
    if (d.kind === "person") {
      row(dl, _("Title"), d.title); row(dl, _("Seniority"), word(SENIORITY_WORDS, d.seniority));
      row(dl, _("Works at"), d.employers); row(dl, _("Department"), d.department);
      row(dl, _("Buying roles"), (d.roles || []).map(function (r) {
        return STYLE.roles[r].badge + " " + STYLE.roles[r].label; }));
      row(dl, _("Stance"), state.byId[id] ? stanceText(state.byId[id]) : word(STANCE_WORDS, d.stance || "unknown"));
      var deals = Object.keys(d.stances || {});
      if (state.data.kind === "account" && deals.length) {
        row(dl, _("Stance per deal"), deals.map(function (oid) {
          var o = state.data.opportunities.filter(function (x) { return x.id === oid; })[0];
          return _("%(opportunity)s: %(stance)s", { opportunity: o ? o.name : oid,
                                                    stance: word(STANCE_WORDS, d.stances[oid] || "unknown") });
        }));
      }
      row(dl, _("Power"), num(d.power));
      if (d.held_by.length) {
        dl.appendChild(el("dt", _("Held by")));
        var dd = el("dd");
        d.held_by.forEach(function (h) {
          var line = el("div"); var flag = el("span", null, "flag"); flag.style.background = h.color;
          line.appendChild(flag);
          line.appendChild(el("span", _("%(competitor)s: %(evidence)s", h)));
          dd.appendChild(line);
        });
        dl.appendChild(dd);
      }
      row(dl, _("Our threads"), d.coverage.length ? d.coverage.map(function (c) {
        return _("%(name)s %(strength)s/5", { name: c.staff, strength: c.strength }); })
        : _("none: nobody of ours has a thread"));
      if (d.broker) { row(dl, _("Broker"), d.broker.text); }
    } else if (d.kind === "staff") {
      row(dl, _("Our staff"), word(TEAM_ROLE_WORDS, d.team_role));
      row(dl, _("Knows"), d.relationships.map(function (r) {
        return _("%(name)s %(strength)s/5", { name: r.person, strength: r.strength }); }));
    } else {
      row(dl, _("People"), num(d.people));
    }
    panel.appendChild(dl);
    if (d.findings && d.findings.length) {
      panel.appendChild(el("h3", _("Findings")));
      var ul = el("ul", null, "findings");
      d.findings.forEach(function (f) {
        var li = el("li", null, "sev-" + f.severity);
        li.appendChild(el("strong", _("%(severity)s: %(title)s", { severity: word(SEVERITY_WORDS, f.severity), title: f.title })));
        li.appendChild(el("div", f.action, "action"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (d.kind === "person") {
      var fb = el("button", state.focus === id ? _("Leave focus") : _("Focus on this person"), "focus-button");
      fb.type = "button";
      fb.addEventListener("click", function () { if (state.focus === id) { leaveFocus(); } else { enterFocus(id); } });
      panel.appendChild(fb);
    }
    if (d.kind === "person" && root.getAttribute("data-person-url")) {
      var a = el("a", _("Open the person page"));
      a.href = root.getAttribute("data-person-url").replace("__ID__", encodeURIComponent(d.id));
      panel.appendChild(a);
    }
    if (d.kind === "person" && root.getAttribute("data-can-edit") === "yes" &&
        root.getAttribute("data-opportunity-id")) {
      panel.appendChild(memberForm(d));
    }
  }

  var ROLES = ["decision_maker", "approver", "technical_evaluator", "commercial_evaluator",
               "user", "influencer", "coach", "gatekeeper"];
  var STANCES = ["", "champion", "supporter", "neutral", "skeptic", "opponent"];

  function memberForm(d) {
    var form = el("form", null, "member-form");
    form.appendChild(el("h3", _("Role and stance in this opportunity")));
    var expected = (d.roles && d.roles.length) ? { roles: d.roles.slice(), stance: d.stance } : null;
    ROLES.forEach(function (r) {
      var label = el("label"); var box = el("input"); box.type = "checkbox"; box.name = "role";
      box.value = r; box.checked = (d.roles || []).indexOf(r) >= 0;
      label.appendChild(box); label.appendChild(document.createTextNode(" " + roleWords(r)));
      form.appendChild(label);
    });
    var select = el("select"); select.name = "stance";
    STANCES.forEach(function (s) {
      var o = el("option", word(STANCE_WORDS, s || "unknown")); o.value = s; o.selected = (d.stance || "") === s;
      select.appendChild(o);
    });
    var sl = el("label", _("Stance") + " "); sl.appendChild(select); form.appendChild(sl);
    var button = el("button", _("Save")); button.type = "submit"; form.appendChild(button);
    var msg = el("p", "", "status"); msg.setAttribute("role", "status"); form.appendChild(msg);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var roles = Array.prototype.filter.call(form.querySelectorAll("input[name=role]"),
        function (b) { return b.checked; }).map(function (b) { return b.value; });
      var url = "/api/v1/opportunities/" + encodeURIComponent(root.getAttribute("data-opportunity-id")) +
                "/members/" + encodeURIComponent(d.id);
      api("PUT", url, { roles: roles, stance: select.value || null, expected: expected })
        .then(function (res) {
          told(msg, res, _("Saved."));
          if (res.ok) { refresh(); }
        });
    });
    return form;
  }

  function pickers() {
    var people = state.data.nodes.filter(function (n) { return n.category === "person"; })
      .map(function (n) { return { id: n.id, name: state.data.details[n.id].name }; })
      .sort(function (a, b) { return a.name.localeCompare(b.name); });
    Array.prototype.forEach.call(document.querySelectorAll("select.person-picker"), function (s) {
      var keep = s.value; s.textContent = "";
      people.forEach(function (p) { var o = el("option", p.name); o.value = p.id; s.appendChild(o); });
      if (keep) { s.value = keep; }
    });
    syncEdgeForms();
  }

  // the strength the relationship and influence forms show is the one on the map
  // for the pair chosen: saving without touching it writes what is there, never 0
  function syncEdgeForms() {
    var rel = document.getElementById("edit-relationship");
    if (rel && rel.elements.staff_id.value && rel.elements.person_id.value) {
      var had = edgeStrength("relationship", "staff " + rel.elements.staff_id.value,
                             rel.elements.person_id.value);
      rel.elements.strength.value = String(had === null ? 0 : had);
    }
    var infl = document.getElementById("edit-influence");
    if (infl && infl.elements.from_id.value && infl.elements.to_id.value) {
      var edge = state.edges.get({ filter: function (e) {
        return e.kind === "influence" && e.from === infl.elements.from_id.value &&
               e.to === infl.elements.to_id.value; } })[0];
      if (edge) { infl.elements.strength.value = String(edge.strength); }
    }
  }

  function edgeStrength(kind, from, to) {
    var found = state.edges.get({ filter: function (e) {
      return e.kind === kind && e.from === from && e.to === to; } });
    return found.length ? found[0].strength : null;
  }

  // --- the gap report --------------------------------------------------------------------

  function renderReport(r) {
    var body = document.getElementById("report-body");
    if (!body) { return; }
    body.textContent = "";
    body.appendChild(el("h2", _("Gap report")));
    body.appendChild(el("p", _("Generated on %(date)s against the template %(template)s: %(roles)s.", {
      date: day(r.generated_on), template: word(TEMPLATE_WORDS, r.template.kind),
      roles: list(r.template.roles.map(roleWords)) }), "muted"));
    var table = el("table", null, "grid");
    var head = el("tr");
    [_("Role"), _("Status"), _("People")].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    (r.summary.roles || []).forEach(function (x) {
      var tr = el("tr");
      tr.appendChild(el("td", roleWords(x.role)));
      tr.appendChild(el("td", word(STATUS_WORDS, x.status), "status-" + x.status));
      tr.appendChild(el("td", list((x.people || []).map(function (p) { return p.name; }))));
      table.appendChild(tr);
    });
    body.appendChild(table);
    var brokers = (r.summary && r.summary.brokers) || [];
    if (brokers.length) {
      body.appendChild(el("h3", _("Brokers")));
      var bl = el("ul", null, "brokers");
      brokers.forEach(function (b) { bl.appendChild(el("li", b.text)); });
      body.appendChild(bl);
    }
    body.appendChild(el("h3", r.findings.length === 1 ? _("One finding")
      : _("%(n)s findings", { n: num(r.findings.length) })));
    var ol = el("ol", null, "findings");
    r.findings.forEach(function (f) {
      var li = el("li", null, "sev-" + f.severity);
      li.appendChild(el("strong", _("%(severity)s: %(title)s", { severity: word(SEVERITY_WORDS, f.severity), title: f.title })));
      if (f.evidence.length) { li.appendChild(el("div", _("Evidence: %(evidence)s", { evidence: f.evidence.join(_("; ")) }), "evidence")); }
      li.appendChild(el("div", _("Next step: %(action)s", { action: f.action }), "action"));
      ol.appendChild(li);
    });
    body.appendChild(ol);
  }

  // --- loading, editing ------------------------------------------------------------------

  // A JSON answer, or an error carrying the server's own sentence (e.g. "no opportunity …
  // on that day" for a day before it was recorded).
  function answer(r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      if (!r.ok) {
        throw new Error(body.error && body.error.message ? body.error.message
                        : _("The map could not be loaded (%(status)s).", { status: r.status }));
      }
      return body;
    });
  }

  // The relationship assessment chart below the map, first asked for once the map is drawn
  // (or could not be): the server then draws one thing at a time.
  function loadChart() {
    var chart = document.getElementById("quadrants-chart");
    if (chart && !chart.getAttribute("src")) { chart.src = chart.getAttribute("data-src"); }
  }

  function refresh() {
    var url = root.getAttribute("data-map-url");
    var reportUrl = root.getAttribute("data-report-url");
    var loads = [fetch(url, { credentials: "same-origin" }).then(answer).then(draw)];
    if (reportUrl) {
      loads.push(fetch(reportUrl, { credentials: "same-origin" }).then(answer).then(renderReport));
    }
    // the chart is drawn by the server: load it again so an edit shows there too
    var chart = document.getElementById("quadrants-chart");
    if (chart && state.data) {
      var src = chart.getAttribute("data-src");
      chart.src = src + (src.indexOf("?") < 0 ? "?" : "&") + "v=" + Date.now();
    }
    return Promise.all(loads).catch(function (e) {
      status("map-status", e.message, true);
      loadChart();
    });
  }

  function wireForms() {
    var add = document.getElementById("add-person");
    if (add) {
      add.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var f = new FormData(add); var body = {};
        f.forEach(function (v, k) { if (v) { body[k] = v; } });
        // a buying role chosen: the person joins this opportunity's chain in the same step
        if (body.role) { body.roles = [body.role]; } else { delete body.opportunity_id; }
        delete body.role;
        api("POST", "/api/v1/people", body).then(function (res) {
          told(document.getElementById("edit-status"), res,
               res.ok ? _("Added %(name)s.", { name: res.body.name }) : "");
          if (res.ok) { add.reset(); refresh(); }
        });
      });
    }
    var infl = document.getElementById("edit-influence");
    if (infl) {
      infl.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var from = infl.elements.from_id.value, to = infl.elements.to_id.value;
        var expected = edgeStrength("influence", from, to);
        var url = "/api/v1/influence/" + encodeURIComponent(from) + "/" + encodeURIComponent(to);
        var op = ev.submitter ? ev.submitter.value : "set";
        var call = op === "delete"
          ? api("DELETE", url + "?expected=" + encodeURIComponent(expected === null ? "" : expected))
          : api("PUT", url, { strength: Number(infl.elements.strength.value),
                              kind: infl.elements.kind.value, expected: expected });
        call.then(function (res) {
          told(document.getElementById("edit-status"), res, _("Saved."));
          if (res.ok) { refresh(); }
        });
      });
    }
    ["edit-relationship", "edit-influence"].forEach(function (id) {
      var form = document.getElementById(id);
      if (form) { form.addEventListener("change", function (ev) {
        if (ev.target.name !== "strength" && ev.target.name !== "kind") { syncEdgeForms(); } }); }
    });
    var rel = document.getElementById("edit-relationship");
    if (rel) {
      rel.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var staff = rel.elements.staff_id.value, person = rel.elements.person_id.value;
        var url = "/api/v1/relationships/" + encodeURIComponent(staff) + "/" + encodeURIComponent(person);
        api("PUT", url, { strength: Number(rel.elements.strength.value),
                          expected: edgeStrength("relationship", "staff " + staff, person) })
          .then(function (res) {
            told(document.getElementById("edit-status"), res, _("Saved."));
            if (res.ok) { refresh(); }
          });
      });
    }
  }

  function wireToolbar() {
    ["filter-stance", "filter-role", "filter-held", "filter-nocontact", "filter-department",
     "filter-seniority", "show-staff"].forEach(function (id) {
      var x = document.getElementById(id);
      if (x) { x.addEventListener("change", refilter); }
    });
    var layout = document.getElementById("layout");
    if (layout) {
      layout.value = state.layout;
      layout.addEventListener("change", function () {
        state.layout = layout.value; if (state.data) { draw(state.data); }
      });
    }
    var pick = document.getElementById("stance-in");
    if (pick) {
      pick.addEventListener("change", function () {
        state.stanceIn = pick.value;
        applyStanceChoice(); toolbarFromData(); refilter();
        if (state.selected) { showPanel(state.selected); }
      });
    }
    var whole = document.getElementById("fit-map");
    if (whole) { whole.addEventListener("click", function () { readableFit(true); }); }
    var leave = document.getElementById("leave-focus");
    if (leave) { leave.addEventListener("click", leaveFocus); }
    var png = document.getElementById("export-png");
    if (png) {
      png.addEventListener("click", function () {
        png.disabled = true;
        exportPng().then(function (canvas) {
          var a = document.createElement("a");
          a.href = canvas.toDataURL("image/png");
          a.download = "power-map-" + state.data.title.replace(/[^\w\-]+/g, "-").slice(0, 60) + ".png";
          document.body.appendChild(a); a.click(); a.remove();
          png.disabled = false;
        });
      });
    }
  }

  wireToolbar();
  var embedded = document.getElementById("map-data");
  if (embedded) {
    draw(JSON.parse(embedded.textContent));
  } else {
    wireForms();
    refresh();
  }
}());
