// The reset link is /reset#<token>: the fragment never reaches the server (no
// access log, proxy or Referer sees it). Move it into the form, take it out of
// the address bar and history, and show only the "new password" form.
(function () {
  "use strict";
  var token = window.location.hash.replace(/^#/, "");
  if (!/^[A-Za-z0-9]{20,128}$/.test(token)) return;
  var field = document.getElementById("reset-token");
  if (!field) return;
  field.value = token;
  document.getElementById("reset-code").hidden = true;
  var ask = document.getElementById("reset-ask");
  if (ask) ask.hidden = true;
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  }
})();
