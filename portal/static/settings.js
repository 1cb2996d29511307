// Suggests the browser's time zone on the settings page; nothing is saved
// until the person presses Save.
(function () {
  "use strict";
  var field = document.getElementById("timezone");
  var box = document.getElementById("tz-suggest");
  if (!field || !box) return;
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if (!zone || zone === field.value) return;
  document.getElementById("tz-browser").textContent = zone;
  box.hidden = false;
  document.getElementById("tz-use").addEventListener("click", function () {
    field.value = zone;
    box.hidden = true;
  });
})();
