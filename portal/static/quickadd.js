// The add box's live reading: what quick add will save, as the person types.
// Served from the portal (CSP `script-src 'self'`); posts the page's CSRF
// token with the session cookie to /app/parse, which answers like /api/parse.
(function () {
  "use strict";
  var form = document.getElementById("quickadd");
  var out = document.getElementById("quickadd-reading");
  if (!form || !out) return;
  var input = form.querySelector("input[name=title]");
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null;
  var latest = 0;

  function show(reading) {
    var parts = [];
    if (reading.title) parts.push("“" + reading.title + "”");
    else parts.push("(no title yet)");
    var echo = reading.echo || "";
    var dash = echo.indexOf(" — ");
    if (dash >= 0) parts.push(echo.slice(dash + 3).split("\n")[0]);
    (reading.notes || []).forEach(function (n) { parts.push("(" + n + ")"); });
    out.textContent = parts.join(" · ");
  }

  function read() {
    var text = input.value;
    if (!text.trim()) { out.textContent = ""; return; }
    var mine = ++latest;
    var body = new URLSearchParams();
    body.set("csrf", csrf);
    body.set("text", text);
    fetch("/app/parse", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (reading) { if (reading && mine === latest) show(reading); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(read, 120);
  });
})();
