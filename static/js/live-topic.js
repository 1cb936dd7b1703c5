// Topic pages, live (protocol: docs/protocol.md). On a topic: new replies
// appear, edits replace the text, removals disappear. On the topic list: rows
// with new replies are marked and new topics announced. Without this script
// the pages work as ordinary pages.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-ws]");
  if (!box || !window.WebSocket) return;
  var d = box.dataset;
  var topicId = Number(d.topicId) || null;  // null on the topic list
  var groupId = Number(d.group);
  var append = d.liveAppend === "1";
  var userId = Number(d.user);
  var lastId = 0, attempt = 0, socket = null, stopped = false;
  Array.prototype.forEach.call(box.querySelectorAll("[data-id]"), function (el) {
    lastId = Math.max(lastId, Number(el.dataset.id));
  });

  var status = document.createElement("p");
  status.className = "small text-body-secondary live-status";
  status.setAttribute("role", "status");
  box.parentNode.insertBefore(status, box);

  function notice() {
    var el = document.getElementById("live-notice");
    if (!el) {
      el = document.createElement("p");
      el.id = "live-notice";
      el.className = "alert alert-info";
      el.setAttribute("role", "status");
      var link = document.createElement("a");
      link.href = window.location.pathname;
      link.textContent = d.tReload;
      el.append(d.tNewTopics + " ", link);
      box.parentNode.insertBefore(el, box);
    }
  }

  function card(m) {
    var article = document.createElement("article");
    article.className = "card mb-3" + (m.status !== "published" ? " message-held" : "");
    article.id = "m" + m.id;
    article.dataset.id = m.id;
    var body = document.createElement("div");
    body.className = "card-body";
    var meta = document.createElement("div");
    meta.className = "d-flex flex-wrap gap-2 small text-body-secondary mb-2";
    var author = document.createElement("strong");
    author.className = "text-body";
    author.textContent = m.author || d.tFormer;
    var time = document.createElement("time");
    time.dateTime = m.created;
    time.textContent = new Date(m.created).toLocaleString(document.documentElement.lang || []);
    meta.append(author, time);
    var text = document.createElement("div");
    text.className = "message-body";
    text.innerHTML = m.html;  // sanitizer output (moderation/sanitize.py)
    body.append(meta, text);
    if (m.author_id !== userId && m.status === "published" && d.reportUrl) {
      var report = document.createElement("a");
      report.className = "small";
      report.href = d.reportUrl.replace(/\/0\/report\/$/, "/" + m.id + "/report/");
      report.textContent = d.tReport;
      body.append(report);
    }
    article.append(body);
    return article;
  }

  function onMessage(m, edited) {
    if (m.group !== groupId) return;
    if (topicId === null) {
      var row = box.querySelector('[data-topic-id="' + Number(m.topic) + '"]');
      if (!row) { if (!m.chat) notice(); return; }
      if (!row.querySelector(".live-new")) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-success live-new";
        badge.textContent = d.tNew;
        row.append(badge);
      }
      return;
    }
    if (m.topic !== topicId) return;
    var old = document.getElementById("m" + m.id);
    if (old && edited) {
      var text = old.querySelector(".message-body");
      if (text) text.innerHTML = m.html;  // sanitizer output
      return;
    }
    if (old || !append || m.id <= lastId && !edited) return;
    var empty = box.querySelector("p");
    if (empty && !box.querySelector("[data-id]")) empty.remove();
    box.append(card(m));
    lastId = Math.max(lastId, m.id);
  }

  var handlers = {
    hello: function () {
      attempt = 0;
      status.textContent = "";
      if (topicId && append) send({ type: "resume", after: lastId, topic: topicId });
    },
    "message.new": function (f) { onMessage(f.message, false); },
    "message.edited": function (f) { onMessage(f.message, true); },
    "message.removed": function (f) {
      var el = topicId ? document.getElementById("m" + Number(f.id)) : null;
      if (el) el.remove();
    },
    replay: function (f) {
      f.messages.forEach(function (m) { onMessage(m, false); });
      if (f.more) send({ type: "resume", after: lastId, topic: topicId });
    },
    "alert.new": function (f) {
      removeAlert(f.alert.id);
      var template = document.createElement("template");
      template.innerHTML = f.alert.html;  // rendered and sanitized by the server
      var alerts = document.getElementById("pinned-alerts");
      if (alerts) alerts.prepend(template.content);
    },
    "alert.withdrawn": function (f) { removeAlert(f.id); },
    "notification.new": function (f) {
      document.dispatchEvent(new CustomEvent("peersupport:notification", { detail: f }));
    }
  };

  function removeAlert(id) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-alert-id="' + Number(id) + '"]'), function (el) {
      el.remove();
    });
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + d.liveWs);
    var ping = null;
    socket.addEventListener("open", function () {
      ping = window.setInterval(function () { send({ type: "ping" }); }, 25000);
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (handlers[frame.type]) handlers[frame.type](frame);
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(ping);
      socket = null;
      if (event.code === 4403 || event.code === 4401 || stopped) {
        stopped = true;
        status.textContent = d.tStopped;
        return;
      }
      attempt += 1;
      status.textContent = d.tReconnecting;
      var delay = event.code === 4000 ? 0 : Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.5 + Math.random() / 2);
      window.setTimeout(connect, delay);
    });
  }

  connect();
})();
