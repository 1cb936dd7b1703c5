// Topic pages, live, over the shared client in live.js (protocol: docs/protocol.md). On a
// topic: new replies appear, edits replace the text, removals disappear, also those that
// happened while the connection was down. On the topic list: rows with new replies are
// marked and new topics announced. Without this script the pages work as ordinary pages.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-ws]");
  if (!box || !window.WebSocket || !window.PeerLive) return;
  var d = box.dataset;
  var topicId = Number(d.topicId) || null;  // null on the topic list
  var groupId = Number(d.group);
  var append = d.liveAppend === "1";  // the page shows the newest replies
  var userId = Number(d.user);
  var words = { former: d.tFormer, waiting: d.tWaiting, moderator: d.tModerator, professional: d.tProfessional };
  var shown = PeerLive.timeline(function () { return box.querySelectorAll("[data-id]"); });

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
    var article = PeerLive.renderMessage(m, "card", words);
    if (m.author_id !== userId && m.status === "published" && d.reportUrl) {
      var report = document.createElement("a");
      report.className = "small";
      report.href = d.reportUrl.replace(/\/0\/report\/$/, "/" + m.id + "/report/");
      report.textContent = d.tReport;
      article.querySelector(".card-body").append(report);
    }
    return article;
  }

  function markRow(m) {  // the topic list
    var row = box.querySelector('[data-topic-id="' + Number(m.topic) + '"]');
    if (!row) { if (!m.chat) notice(); return; }
    if (!row.querySelector(".live-new")) {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-success live-new";
      badge.textContent = d.tNew;
      row.append(badge);
    }
  }

  function onMessage(m, edited) {
    if (m.group !== groupId) return;
    if (topicId === null) return markRow(m);
    if (m.topic !== topicId || shown.wasRemoved(m.id)) return;
    var old = document.getElementById("m" + m.id);
    if (old && edited) {
      var text = old.querySelector(".message-body");
      if (text) text.innerHTML = m.html;  // sanitizer output
      return;
    }
    if (old || !append || m.id <= shown.last() && !edited) return;
    var empty = box.querySelector("p");
    if (empty && !box.querySelector("[data-id]")) empty.remove();
    box.append(card(m));
    if (window.PeerTimes) PeerTimes.separate(box);
    shown.saw(m.id);
  }

  if (topicId !== null && window.PeerTimes) PeerTimes.separate(box);
  PeerLive.connect({
    path: d.liveWs,
    ping: true,
    on: {
      "message.new": function (f) { onMessage(f.message, false); },
      "message.edited": function (f) { onMessage(f.message, true); },
      "message.removed": function (f) { if (topicId) shown.remove(f.id); },
      replay: function (f) {
        (f.gone || []).forEach(shown.remove);
        f.messages.forEach(function (m) { onMessage(m, false); });
      }
    },
    resume: function () { return topicId && append ? shown.resume(topicId) : null; },
    status: function (state) {
      status.textContent = state === "reconnecting" ? d.tReconnecting : state === "stopped" ? d.tStopped : "";
    }
  });
})();
