// A consultation's page (templates/outreach/consultation.html): when the desk says the consultation changed
// (claimed, handed over, a referral proposed or decided, closed), show the new state by reloading the page,
// unless the person is writing or is already on the way to another page (a form they sent); chat.js does the
// messages.
(function () {
  "use strict";
  var leaving = false;
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "chat-form") leaving = true;
  });
  window.addEventListener("pagehide", function () { leaving = true; });
  document.addEventListener("peersupport:frame", function (event) {
    var frame = event.detail || {};
    if (frame.type !== "consultation.changed" || leaving) return;
    if (frame.what === "deleted") { window.location.replace(window.location.href); return; }
    var text = document.getElementById("chat-text");
    if (text && text.value.trim()) return;
    window.location.reload();
  });
})();
