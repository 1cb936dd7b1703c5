// Quick exit: leave for a neutral site at once (button or Escape twice) and
// replace this page in the tab's history so "Back" does not return here.
// When the member chose it (settings), the browser is signed out on the way:
// a beacon still reaches the server while the page unloads.
// What the tab keeps in sessionStorage (chat messages not sent yet and drafts, live.js) is wiped on
// quick exit and on every page shown signed out (after signing out, or when the session ended).
(function () {
  "use strict";
  function forget() {
    try { window.sessionStorage.clear(); } catch (e) { /* storage refused: nothing was kept either */ }
  }
  var button = document.getElementById("quick-exit");
  if (!button) return;
  if (button.hasAttribute("data-signed-out")) forget();
  // The address comes from settings.QUICK_EXIT_URL; an empty one must not reload this page.
  var target = button.getAttribute("data-exit-url") || "about:blank";
  var signOutUrl = button.getAttribute("data-sign-out-url");
  function signOut() {
    if (!signOutUrl || !navigator.sendBeacon) return;
    var form = new FormData();
    form.append("csrfmiddlewaretoken", button.getAttribute("data-csrf") || "");
    try { navigator.sendBeacon(signOutUrl, form); } catch (e) { /* leave anyway */ }
  }
  function leave() {
    forget();
    signOut();
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
  // A page restored from the back-forward cache is shown without asking the server:
  // ask again, so a signed-out browser shows the sign-in page instead.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
})();
