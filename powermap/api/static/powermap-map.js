/* Powermap: draws a power map with vis-network, filters it, shows a node's panel, renders the
   gap report, and sends edits. Every name and note reaches the page as JSON data and is written
   with textContent, never as HTML. Also runs inside an exported standalone file (no edits). */
(function () {
  "use strict";

  var root = document.getElementById("powermap");
  if (!root) { return; }
  var state = { data: null, network: null, nodes: null, edges: null, layout: "hierarchical",
                selected: null, started: 0 };
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
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  function api(method, url, body) {
    var init = { method: method, credentials: "same-origin",
                 headers: { "Accept": "application/json", "X-CSRFToken": csrf() } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; });
    });
  }
  function errorText(res) {
    var e = res.body && res.body.error;
    if (!e) { return "error " + res.status; }
    var text = e.message;
    if (e.code === "conflict" && e.current !== undefined) {
      text += " — now: " + JSON.stringify(e.current);
    }
    return text;
  }

  // --- the map ---------------------------------------------------------------------------

  function visible(node) {
    var stance = document.getElementById("filter-stance");
    var role = document.getElementById("filter-role");
    var held = document.getElementById("filter-held");
    var staff = document.getElementById("show-staff");
    if (node.category === "staff") { return !staff || staff.checked; }
    if (node.category === "department") { return !(stance && stance.value) && !(role && role.value) && !(held && held.checked); }
    if (stance && stance.value && node.stance !== stance.value) { return false; }
    if (role && role.value && (node.roles || []).indexOf(role.value) < 0) { return false; }
    if (held && held.checked && !node.held) { return false; }
    return true;
  }

  function draw(data) {
    state.data = data;
    var container = document.getElementById("map");
    state.nodes = new vis.DataSet(data.nodes);
    state.edges = new vis.DataSet(data.edges);
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
    state.network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    // for the browser tests and the drawing benchmark
    window.powermap = { network: state.network, nodes: state.nodes, edges: state.edges,
                        visibleNodes: function () { return nodeView.length; } };
    state.network.once("afterDrawing", function () {
      window.powermapTiming.firstDraw = performance.now() - state.started;
      window.powermapTiming.firstDrawSinceNavigation = performance.now();
      if (!options.physics || options.physics.enabled === false) {
        window.powermapTiming.settled = window.powermapTiming.firstDraw;
        window.powermapTiming.settledSinceNavigation = performance.now();
        container.setAttribute("data-settled", "yes");
      }
    });
    state.network.once("stabilizationIterationsDone", function () {
      state.network.setOptions({ physics: false });
      if (window.powermapTiming.settled === null) {
        window.powermapTiming.settled = performance.now() - state.started;
        window.powermapTiming.settledSinceNavigation = performance.now();
      }
      container.setAttribute("data-settled", "yes");
    });
    state.network.once("stabilized", function () {
      if (window.powermapTiming.settled === null) {
        window.powermapTiming.settled = performance.now() - state.started;
        window.powermapTiming.settledSinceNavigation = performance.now();
      }
      container.setAttribute("data-settled", "yes");
    });
    state.network.on("click", function (params) {
      if (params.nodes.length) { showPanel(params.nodes[0]); }
    });
    container.setAttribute("data-nodes", String(data.nodes.length));
    status("map-status", data.grouped
      ? data.people + " people: everyone outside a decision chain is grouped by department"
      : data.people + " people", false);
    legend(data.legend);
    pickers();
    if (state.selected && state.nodes.get(state.selected)) { showPanel(state.selected); }
  }

  function refilter() { state.views.forEach(function (v) { v.refresh(); }); }

  function legend(l) {
    var box = document.getElementById("legend");
    if (!box || box.childNodes.length) { return; }
    var colors = el("ul", null, "legend-colors");
    l.colors.forEach(function (c) {
      var li = el("li"); var sw = el("span", null, "swatch"); sw.style.background = c.color;
      li.appendChild(sw); li.appendChild(el("span", c.label)); colors.appendChild(li);
    });
    var shapes = el("ul", null, "legend-shapes");
    l.shapes.forEach(function (s) { shapes.appendChild(el("li", s.shape + ": " + s.label)); });
    var borders = el("ul");
    l.borders.forEach(function (b) { borders.appendChild(el("li", b)); });
    var edges = el("ul");
    l.edges.forEach(function (e) {
      var li = el("li"); var sw = el("span", null, "line" + (e.dashes ? " dashed" : ""));
      sw.style.borderColor = e.color; li.appendChild(sw); li.appendChild(el("span", e.label));
      edges.appendChild(li);
    });
    [colors, shapes, borders, edges].forEach(function (x) { box.appendChild(x); });
  }

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && !value.length)) { return; }
    dl.appendChild(el("dt", term));
    dl.appendChild(el("dd", Array.isArray(value) ? value.join(", ") : value));
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
      row(dl, "Title", d.title); row(dl, "Seniority", d.seniority);
      row(dl, "Works at", d.employers); row(dl, "Department", d.department);
      row(dl, "Buying roles", (d.roles || []).map(function (r) { return r.replace(/_/g, " "); }));
      row(dl, "Stance", d.stance || "unknown"); row(dl, "Power", d.power);
      row(dl, "Held by", d.held_by.map(function (h) { return h.competitor + " (" + h.evidence + ")"; }));
      row(dl, "Our threads", d.coverage.length ? d.coverage.map(function (c) {
        return c.staff + " " + c.strength + "/5"; }) : "none");
      if (d.broker) { row(dl, "Broker", d.broker.text); }
    } else if (d.kind === "staff") {
      row(dl, "Our staff", d.team_role);
      row(dl, "Knows", d.relationships.map(function (r) { return r.person + " " + r.strength + "/5"; }));
    } else {
      row(dl, "People", d.people);
    }
    panel.appendChild(dl);
    if (d.findings && d.findings.length) {
      panel.appendChild(el("h3", "Findings"));
      var ul = el("ul", null, "findings");
      d.findings.forEach(function (f) {
        var li = el("li", null, "sev-" + f.severity);
        li.appendChild(el("strong", f.severity + ": " + f.title));
        li.appendChild(el("div", f.action, "action"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (d.kind === "person" && root.getAttribute("data-person-url")) {
      var a = el("a", "Open the person page");
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
    form.appendChild(el("h3", "Role and stance in this opportunity"));
    var expected = (d.roles && d.roles.length) ? { roles: d.roles.slice(), stance: d.stance } : null;
    ROLES.forEach(function (r) {
      var label = el("label"); var box = el("input"); box.type = "checkbox"; box.name = "role";
      box.value = r; box.checked = (d.roles || []).indexOf(r) >= 0;
      label.appendChild(box); label.appendChild(document.createTextNode(" " + r.replace(/_/g, " ")));
      form.appendChild(label);
    });
    var select = el("select"); select.name = "stance";
    STANCES.forEach(function (s) {
      var o = el("option", s || "unknown"); o.value = s; o.selected = (d.stance || "") === s;
      select.appendChild(o);
    });
    var sl = el("label", "Stance "); sl.appendChild(select); form.appendChild(sl);
    var button = el("button", "Save"); button.type = "submit"; form.appendChild(button);
    var msg = el("p", "", "status"); msg.setAttribute("role", "status"); form.appendChild(msg);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var roles = Array.prototype.filter.call(form.querySelectorAll("input[name=role]"),
        function (b) { return b.checked; }).map(function (b) { return b.value; });
      var url = "/api/v1/opportunities/" + encodeURIComponent(root.getAttribute("data-opportunity-id")) +
                "/members/" + encodeURIComponent(d.id);
      api("PUT", url, { roles: roles, stance: select.value || null, expected: expected })
        .then(function (res) {
          if (res.ok) { msg.textContent = "Saved."; refresh(); }
          else { msg.textContent = errorText(res); msg.classList.add("error"); }
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
    body.appendChild(el("h2", "Gap report"));
    body.appendChild(el("p", "Generated on " + r.generated_on + " against the template " +
      r.template.kind + ": " + r.template.roles.join(", ").replace(/_/g, " "), "muted"));
    var table = el("table", null, "grid");
    var head = el("tr");
    ["Role", "Status", "People"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    (r.summary.roles || []).forEach(function (x) {
      var tr = el("tr");
      tr.appendChild(el("td", x.role.replace(/_/g, " ")));
      tr.appendChild(el("td", x.status, "status-" + x.status));
      tr.appendChild(el("td", (x.people || []).map(function (p) { return p.name; }).join(", ")));
      table.appendChild(tr);
    });
    body.appendChild(table);
    var brokers = (r.summary && r.summary.brokers) || [];
    if (brokers.length) {
      body.appendChild(el("h3", "Brokers"));
      var bl = el("ul", null, "brokers");
      brokers.forEach(function (b) { bl.appendChild(el("li", b.text)); });
      body.appendChild(bl);
    }
    body.appendChild(el("h3", r.findings.length + " findings"));
    var ol = el("ol", null, "findings");
    r.findings.forEach(function (f) {
      var li = el("li", null, "sev-" + f.severity);
      li.appendChild(el("strong", f.severity + ": " + f.title));
      if (f.evidence.length) { li.appendChild(el("div", "Evidence: " + f.evidence.join("; "), "evidence")); }
      li.appendChild(el("div", "Next step: " + f.action, "action"));
      ol.appendChild(li);
    });
    body.appendChild(ol);
  }

  // --- loading, editing ------------------------------------------------------------------

  function refresh() {
    var url = root.getAttribute("data-map-url");
    var reportUrl = root.getAttribute("data-report-url");
    var loads = [fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("the map could not be loaded (" + r.status + ")"); }
      return r.json(); }).then(draw)];
    if (reportUrl) {
      loads.push(fetch(reportUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(renderReport));
    }
    // the chart is drawn by the server: load it again so an edit shows there too
    var chart = document.getElementById("quadrants-chart");
    if (chart && state.data) {
      chart.src = chart.getAttribute("data-src") + "?v=" + Date.now();
    }
    return Promise.all(loads).catch(function (e) { status("map-status", e.message, true); });
  }

  function wireForms() {
    var add = document.getElementById("add-person");
    if (add) {
      add.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var f = new FormData(add); var body = {};
        f.forEach(function (v, k) { if (v) { body[k] = v; } });
        api("POST", "/api/v1/people", body).then(function (res) {
          status("edit-status", res.ok ? "Added " + res.body.name + "." : errorText(res), !res.ok);
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
          status("edit-status", res.ok ? "Saved." : errorText(res), !res.ok);
          if (res.ok) { refresh(); }
        });
      });
    }
    var rel = document.getElementById("edit-relationship");
    if (rel) {
      rel.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var staff = rel.elements.staff_id.value, person = rel.elements.person_id.value;
        var url = "/api/v1/relationships/" + encodeURIComponent(staff) + "/" + encodeURIComponent(person);
        api("PUT", url, { strength: Number(rel.elements.strength.value),
                          expected: edgeStrength("relationship", "staff " + staff, person) })
          .then(function (res) {
            status("edit-status", res.ok ? "Saved." : errorText(res), !res.ok);
            if (res.ok) { refresh(); }
          });
      });
    }
  }

  function wireToolbar() {
    ["filter-stance", "filter-role", "filter-held", "show-staff"].forEach(function (id) {
      var x = document.getElementById(id);
      if (x) { x.addEventListener("change", refilter); }
    });
    var layout = document.getElementById("layout");
    if (layout) {
      layout.addEventListener("change", function () {
        state.layout = layout.value; if (state.data) { draw(state.data); }
      });
    }
    var png = document.getElementById("export-png");
    if (png) {
      png.addEventListener("click", function () {
        var canvas = document.querySelector("#map canvas");
        var a = document.createElement("a");
        a.href = canvas.toDataURL("image/png");
        a.download = "power-map.png";
        document.body.appendChild(a); a.click(); a.remove();
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
