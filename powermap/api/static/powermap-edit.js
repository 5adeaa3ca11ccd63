/* Powermap: the edit forms of the person page, how an edit is sent, and the sentence a conflict
   reads as (the map's forms use both too, through window.powermapEdit).

   Every edit sends what the editor saw; when someone changed it meanwhile the server answers
   409 with the value now and who set it when (changed_by, changed_at). That reads as a
   sentence, e.g. "Someone changed this while you were editing: the strength is now 3 (trusted),
   set by ana on 26 Nov. Reload to see it.", with a Reload button. Names reach the page as
   text and are written with textContent, never as HTML. */
(function () {
  "use strict";

  var _ = window.powermapT || function (message, values) {
    return !values ? message : message.replace(/%\((\w+)\)s/g, function (w, k) {
      return values[k] === undefined ? w : String(values[k]);
    });
  };

  // a strength with its word, whole: "supporter" is also a stance, worded differently
  var STRENGTH_WORDS = {
    0: _("0 (none)"), 1: _("1 (aware)"), 2: _("2 (contact)"), 3: _("3 (trusted)"),
    4: _("4 (supporter)"), 5: _("5 (ally)")
  };
  var ROLE_WORDS = {
    decision_maker: _("decision maker"), approver: _("approver"),
    technical_evaluator: _("technical evaluator"), commercial_evaluator: _("commercial evaluator"),
    user: _("user"), influencer: _("influencer"), coach: _("coach"), gatekeeper: _("gatekeeper")
  };
  var STANCE_WORDS = {
    champion: _("champion"), supporter: _("supporter"), neutral: _("neutral"),
    skeptic: _("skeptic"), opponent: _("opponent")
  };

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }

  function send(method, url, body) {
    var init = { method: method, credentials: "same-origin",
                 headers: { "Accept": "application/json", "X-CSRFToken": csrf() } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        return { ok: r.ok, status: r.status, body: j };
      });
    }, function () {
      return { ok: false, status: 0, body: {} };
    });
  }

  // "26 Nov" in the page's language (English pages write the day first, as the team does)
  function shortDate(iso) {
    var lang = document.documentElement.getAttribute("lang") || "en";
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    return d.toLocaleDateString(lang === "en" ? "en-GB" : lang, { day: "numeric", month: "short" });
  }

  function roleList(roles) {
    return (roles || []).map(function (r) { return ROLE_WORDS[r] || r; }).join(", ");
  }

  // The sentences about a record someone changed: its value now, who set it and when.
  // `describe` turns the fields of a person into words (the person page knows the names of
  // the departments and managers); the map passes none.
  function conflictSentences(error, describe) {
    var c = error.current;
    if (c === null || c === undefined) {
      return [_("Someone removed this while you were editing. Reload to see it.")];
    }
    var by = c.changed_by ? { who: c.changed_by, date: shortDate(c.changed_at) } : null;
    if (c.strength !== undefined) {
      var values = { strength: STRENGTH_WORDS[c.strength] || String(c.strength) };
      return [by
        ? _("Someone changed this while you were editing: the strength is now %(strength)s, set by %(who)s on %(date)s. Reload to see it.",
            Object.assign(values, by))
        : _("Someone changed this while you were editing: the strength is now %(strength)s. Reload to see it.", values)];
    }
    if (c.roles !== undefined) {
      var member = { roles: roleList(c.roles), stance: STANCE_WORDS[c.stance] || _("unknown") };
      return [by
        ? _("Someone changed this while you were editing: the roles are now %(roles)s and the stance is %(stance)s, set by %(who)s on %(date)s. Reload to see it.",
            Object.assign(member, by))
        : _("Someone changed this while you were editing: the roles are now %(roles)s and the stance is %(stance)s. Reload to see it.", member)];
    }
    if (c.employed === false) {
      return [by
        ? _("This employment was ended already, by %(who)s on %(date)s. Reload to see it.", by)
        : _("This employment was ended already. Reload to see it.")];
    }
    if (c.name !== undefined) {
      var lines = [by
        ? _("Someone changed this person while you were editing: %(who)s on %(date)s.", by)
        : _("Someone changed this person while you were editing.")];
      return lines.concat(describe ? describe(c) : []).concat([_("Reload to see it.")]);
    }
    return [error.message];
  }

  // Show how an edit went in `target`: "Saved.", an error's own sentence, or a conflict's
  // sentences with a Reload button that calls `reload`.
  function outcome(target, res, savedText, reload, describe) {
    if (!target) { return; }
    target.textContent = "";
    target.classList.toggle("error", !res.ok);
    if (res.ok) { target.textContent = savedText; return; }
    var e = res.body && res.body.error;
    if (e && e.code === "conflict") {
      conflictSentences(e, describe).forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        target.appendChild(p);
      });
      var again = document.createElement("button");
      again.type = "button";
      again.className = "reload";
      again.textContent = _("Reload");
      again.addEventListener("click", function () {
        target.textContent = "";
        target.classList.remove("error");
        reload();
      });
      target.appendChild(again);
      again.focus();
      return;
    }
    target.textContent = e && e.message
      ? (e.problems && e.problems.length ? e.problems.map(function (p) { return p.message; }).join(" ")
         : e.message)
      : _("The change could not be saved (error %(status)s).", { status: res.status });
  }

  window.powermapEdit = { send: send, outcome: outcome, conflictSentences: conflictSentences };

  // --- the person page ----------------------------------------------------------------------

  var holder = document.getElementById("person-edit-data");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);
  var seen = data.current;
  var FIELDS = ["name", "title", "seniority", "email", "unit_id", "manager_id"];

  function reloadPage() { window.location.reload(); }

  function statusOf(box) { return box.querySelector(".edit-status"); }

  // a value as a person reads it: the text of its choice in a list, or the text itself
  function shown(form, field, value) {
    if (value === null || value === undefined || value === "") { return _("none"); }
    var select = form.elements[field];
    if (select && select.tagName === "SELECT") {
      var option = Array.prototype.filter.call(select.options, function (o) {
        return o.value === value; })[0];
      if (option) { return option.textContent; }
    }
    return String(value);
  }

  var details = document.getElementById("person-details");
  if (details) {
    var FIELD_SENTENCES = {
      name: function (v) { return _("The name is now %(value)s.", { value: v }); },
      title: function (v) { return _("The title is now %(value)s.", { value: v }); },
      seniority: function (v) { return _("The seniority is now %(value)s.", { value: v }); },
      email: function (v) { return _("The email is now %(value)s.", { value: v }); },
      unit_id: function (v) { return _("The department is now %(value)s.", { value: v }); },
      manager_id: function (v) { return _("The manager is now %(value)s.", { value: v }); }
    };
    var describe = function (now) {
      return FIELDS.filter(function (f) {
        return now[f] !== undefined && (now[f] || null) !== (seen[f] || null);
      }).map(function (f) { return FIELD_SENTENCES[f](shown(details, f, now[f])); });
    };
    details.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = { expected: {} }, changed = 0;
      FIELDS.forEach(function (f) {
        var input = details.elements[f];
        if (!input) { return; }
        var value = input.value.trim() || null;
        if (value !== (seen[f] || null)) {
          body[f] = value; body.expected[f] = seen[f] === undefined ? null : seen[f]; changed += 1;
        }
      });
      var box = statusOf(details);
      if (!changed) {
        box.classList.remove("error");
        box.textContent = _("Nothing to save: every value is as it was.");
        return;
      }
      send("PATCH", details.getAttribute("data-url"), body).then(function (res) {
        outcome(box, res, _("Saved."), reloadPage, describe);
        if (res.ok) { reloadPage(); }
      });
    });
  }

  var left = document.getElementById("person-left");
  if (left) {
    left.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!window.confirm(left.getAttribute("data-confirm"))) { return; }
      send("POST", left.getAttribute("data-url"), {
        until: left.elements.until.value,
        organization_id: left.elements.organization_id.value
      }).then(function (res) {
        outcome(statusOf(left), res, _("Saved."), reloadPage);
        if (res.ok) { reloadPage(); }
      });
    });
  }

  var removals = document.getElementById("person-removals");
  if (removals) {
    Array.prototype.forEach.call(removals.querySelectorAll("button.remove-record"), function (b) {
      b.addEventListener("click", function () {
        if (!window.confirm(b.getAttribute("data-confirm"))) { return; }
        b.disabled = true;
        send("DELETE", b.getAttribute("data-url")).then(function (res) {
          b.disabled = false;
          outcome(statusOf(removals), res, _("Removed."), reloadPage);
          if (res.ok) { reloadPage(); }
        });
      });
    });
  }
}());
