// The bell: keeps the unread count current over /ws/notifications/ and, on the
// notifications page, offers to show new ones. Reconnects with back-off.
(function () {
  "use strict";
  var bell = document.getElementById("notification-bell");
  var badge = document.getElementById("notification-count");
  if (!bell || !badge || !window.WebSocket) return;
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + window.location.host + bell.getAttribute("data-ws-path");
  var delay = 1000;

  function show(unread, isNew) {
    badge.textContent = String(unread);
    badge.hidden = !unread;
    var fresh = document.getElementById("notifications-new");
    if (fresh && isNew) fresh.hidden = false;
  }

  function connect() {
    var socket = new WebSocket(url);
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (!data || typeof data.unread !== "number") return;
      if (data.type === "notification.new") show(data.unread, true);
      if (data.type === "notification.count") show(data.unread, false);
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4401) return; // signed out: stop trying
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    });
  }
  connect();
})();
