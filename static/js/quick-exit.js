// Quick exit: leave for a neutral site at once (button or Escape twice) and
// replace this page in the tab's history so "Back" does not return here.
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) return;
  // The address comes from settings.QUICK_EXIT_URL; an empty one must not reload this page.
  var target = button.getAttribute("data-exit-url") || "about:blank";
  function leave() {
    document.body.innerHTML = "";
    document.title = "";
    try { window.history.replaceState(null, "", "/"); } catch (e) { /* ignore */ }
    window.location.replace(target);
  }
  button.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 800) leave();
    lastEscape = now;
  });
})();
