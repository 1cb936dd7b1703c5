// A consultation's page (templates/outreach/consultation.html): when the desk says the consultation changed
// (claimed, handed over, a referral proposed or decided, closed), show the new state by reloading the page,
// unless the person is in the middle of writing; chat.js does the messages.
(function () {
  "use strict";
  document.addEventListener("peersupport:frame", function (event) {
    var frame = event.detail || {};
    if (frame.type !== "consultation.changed") return;
    var text = document.getElementById("chat-text");
    if (frame.what === "deleted") { window.location.replace(window.location.href); return; }
    if (text && text.value.trim()) return;
    window.location.reload();
  });
})();
