/* Powermap: the page's words in its language. The server embeds the translations the scripts
   need as JSON in <script type="application/json" id="pm-words"> (empty on English pages);
   every script takes its sentences through window.powermapT, with named placeholders:
     var _ = window.powermapT;  _("%(name)s has no contact", { name: person.name })
   Values are inserted as text; the result is still written with textContent, never as HTML. */
(function () {
  "use strict";
  var table = null;
  window.powermapT = function (message, values) {
    if (table === null) {
      var holder = document.getElementById("pm-words");
      try { table = holder ? JSON.parse(holder.textContent || "{}") : {}; } catch (e) { table = {}; }
    }
    var text = Object.prototype.hasOwnProperty.call(table, message) ? table[message] : message;
    if (!values) { return text; }
    return text.replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  };
}());
