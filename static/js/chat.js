// Live group chat over /ws/groups/<slug>/ (protocol: docs/protocol.md).
// Without this script the page still works: the form posts and "load earlier"
// is a link. Messages are deduplicated by id; after a dropped connection the
// page sends the last id it saw and the server replays what came after.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket) return;
  var log = document.getElementById("chat-log");
  var statusEl = document.getElementById("chat-status");
  var presenceEl = document.getElementById("chat-presence");
  var typingEl = document.getElementById("chat-typing");
  var errorEl = document.getElementById("chat-error");
  var heldEl = document.getElementById("chat-held");
  var crisisEl = document.getElementById("chat-crisis");
  var form = document.getElementById("chat-form");
  var textarea = document.getElementById("chat-text");
  var earlier = document.getElementById("load-earlier");
  var d = root.dataset;
  var groupId = Number(d.group), topicId = Number(d.topic), userId = Number(d.user);
  var seen = {};          // message id -> <li>
  var lastId = Number(d.newest) || 0;  // highest id received, for resume
  var socket = null, attempt = 0, stopped = false, pingTimer = null, typingTimer = null;
  var lastTypingSent = 0, pendingRead = 0, readTimer = null, clientSeq = 0;

  Array.prototype.forEach.call(log.querySelectorAll("li[data-id]"), function (li) {
    seen[li.dataset.id] = li;
  });

  function t(key, vars) {
    var text = d[key] || "";
    Object.keys(vars || {}).forEach(function (name) { text = text.replace("%(" + name + ")s", vars[name]); });
    return text;
  }
  // The kind crisis prompt: once per message, in the message's language, and it can be closed.
  var crisisShown = {};
  function crisisClose(label) {
    var button = crisisEl.querySelector(".crisis-close");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "btn-close float-end crisis-close";
      button.addEventListener("click", function () { crisisEl.classList.add("d-none"); textarea && textarea.focus(); });
      crisisEl.insertBefore(button, crisisEl.firstChild);
    }
    button.setAttribute("aria-label", label || button.getAttribute("aria-label") || "Close");
  }
  function showCrisis(f) {
    if (f.message_id) {
      if (crisisShown[f.message_id]) return;
      crisisShown[f.message_id] = true;
    }
    document.getElementById("chat-crisis-text").textContent = f.message;
    var link = crisisEl.querySelector("a");
    if (link && f.help) link.textContent = f.help;
    if (f.language) crisisEl.setAttribute("lang", f.language);
    crisisClose(f.close);
    crisisEl.classList.remove("d-none");
    crisisEl.setAttribute("tabindex", "-1");
    crisisEl.focus();
  }
  if (crisisEl && !crisisEl.classList.contains("d-none")) crisisClose(t("tClose"));

  function setStatus(text, bad) {
    statusEl.textContent = text;
    statusEl.classList.toggle("text-danger", !!bad);
  }
  function showHeld(text) {  // why a message waits for a moderator, and when it will be read
    if (!heldEl) return;
    heldEl.textContent = text || "";
    heldEl.classList.toggle("d-none", !text);
  }
  function showSeeWhy() {  // a link to the person's own standing page (a ban, a removal)
    if (!d.standingUrl || document.getElementById("chat-see-why")) return;
    var link = document.createElement("a");
    link.id = "chat-see-why";
    link.href = d.standingUrl;
    link.className = "ms-1";
    link.textContent = t("tSeeWhy");
    statusEl.appendChild(document.createTextNode(" "));
    statusEl.appendChild(link);
  }
  function showError(text) {
    errorEl.textContent = text || "";
    errorEl.classList.toggle("d-none", !text);
  }
  function nearBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 80; }

  function render(m) {
    var li = document.createElement("li");
    li.className = "chat-message py-1" + (m.status !== "published" ? " message-held" : "");
    li.id = "m" + m.id;
    li.dataset.id = m.id;
    var meta = document.createElement("div");
    meta.className = "chat-meta small text-body-secondary";
    var author = document.createElement("strong");
    author.className = "chat-author";
    author.textContent = m.author || t("tFormer");
    var time = document.createElement("time");
    time.dateTime = m.created;
    time.textContent = new Date(m.created).toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" });
    meta.append(author, " ", time);
    if (m.status !== "published") {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-warning chat-status-badge ms-1";
      badge.textContent = t("tWaiting");
      meta.append(badge);
    }
    var body = document.createElement("div");
    body.className = "chat-body message-body";
    body.innerHTML = m.html;  // sanitizer output (moderation/sanitize.py), never raw text
    li.append(meta, body);
    return li;
  }

  function place(li, id) {
    var empty = document.getElementById("chat-empty");
    if (empty) empty.remove();
    var after = null;
    var items = log.querySelectorAll("li[data-id]");
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].dataset.id) > id) { after = items[i]; break; }
    }
    log.insertBefore(li, after);
  }

  function addMessage(m, isEdit) {
    if (m.group !== groupId || m.topic !== topicId) return;
    var old = seen[m.id];
    if (old === true) return;  // removed while we watched
    if (old) {
      if (isEdit || old.classList.contains("message-held") !== (m.status !== "published")) {
        var fresh = render(m);
        old.replaceWith(fresh);
        seen[m.id] = fresh;
      }
      return;
    }
    var stick = nearBottom();
    if (document.hidden && m.author_id !== userId && !document.getElementById("unread-live")) {
      var marker = document.createElement("li");
      marker.className = "unread-marker";
      marker.id = "unread-live";
      marker.setAttribute("role", "separator");
      marker.textContent = t("tUnread");
      place(marker, m.id - 0.5);
    }
    var li = render(m);
    seen[m.id] = li;
    place(li, m.id);
    if (m.id > lastId) lastId = m.id;
    if (stick || m.author_id === userId) log.scrollTop = log.scrollHeight;
    markRead(m.id);
  }

  function shownIds() {
    // The newest messages on screen, so the server can say which were removed while offline.
    var items = log.querySelectorAll("li[data-id]");
    var ids = [];
    for (var i = Math.max(0, items.length - 500); i < items.length; i++) ids.push(Number(items[i].dataset.id));
    return ids;
  }

  function removeMessage(id) {
    var li = seen[id];
    if (li) { li.remove(); }
    seen[id] = seen[id] || true;  // a late replay of it must not bring it back
  }

  function markRead(id) {
    if (id > pendingRead) pendingRead = id;
    if (document.hidden || readTimer) return;
    readTimer = window.setTimeout(function () {
      readTimer = null;
      send({ type: "read", id: pendingRead });
    }, 1500);
  }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function showTyping(name) {
    typingEl.textContent = t("tTyping", { name: name });
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { typingEl.textContent = ""; }, 5000);
  }

  function alertsBox() {
    var box = document.getElementById("pinned-alerts");
    if (!box) {
      box = document.createElement("div");
      box.id = "pinned-alerts";
      box.setAttribute("aria-live", "assertive");
      root.parentNode.insertBefore(box, root);
    }
    return box;
  }

  function removeAlert(id) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-alert-id="' + Number(id) + '"]'), function (el) {
      el.remove();
    });
  }

  var handlers = {
    hello: function () { attempt = 0; setStatus(t("tConnected")); },
    "message.new": function (f) { addMessage(f.message, false); },
    "message.edited": function (f) { addMessage(f.message, true); },
    "message.removed": function (f) { removeMessage(f.id); },
    ack: function (f) {
      textarea.value = "";
      showError("");
      showHeld(f.outcome === "held" ? f.reason : "");
      addMessage(f.message, false);
    },
    replay: function (f) {
      (f.gone || []).forEach(removeMessage);
      f.messages.forEach(function (m) { addMessage(m, false); });
      if (f.more) send({ type: "resume", after: lastId, topic: topicId });
    },
    history: function (f) { prependHistory(f); },
    presence: function (f) {
      if (f.group !== groupId) return;
      presenceEl.textContent = f.count === 1 ? t("tPresenceOne") : t("tPresenceMany", { count: f.count });
    },
    typing: function (f) { if (f.group === groupId && (f.topic === null || f.topic === topicId)) showTyping(f.author); },
    crisis: function (f) { showCrisis(f); },
    error: function (f) { showError(f.message); },
    "alert.new": function (f) {
      removeAlert(f.alert.id);
      var template = document.createElement("template");
      template.innerHTML = f.alert.html;  // rendered and sanitized by the server
      alertsBox().prepend(template.content);
    },
    "alert.withdrawn": function (f) { removeAlert(f.id); },
    "notification.new": function (f) {
      document.dispatchEvent(new CustomEvent("peersupport:notification", { detail: f }));
    },
    pong: function () {}
  };

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    setStatus(attempt ? t("tReconnecting") : t("tConnecting"), attempt > 0);
    socket = new WebSocket(scheme + window.location.host + d.wsPath);
    socket.addEventListener("open", function () {
      send({ type: "resume", after: lastId, topic: topicId, have: shownIds() });
      pingTimer = window.setInterval(function () { send({ type: "ping" }); }, 25000);
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[frame.type];
      if (handler) handler(frame);
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(pingTimer);
      socket = null;
      if (event.code === 4403 || event.code === 4401 || event.code === 4410) {
        stopped = true;
        // 4410: the account was deleted (docs/protocol.md), told apart from signing out.
        setStatus(event.code === 4403 ? t("tGone") : event.code === 4410 ? t("tDeleted") : t("tSignedOut"), true);
        if (event.code === 4403) showSeeWhy();
        if (form) form.querySelector("button").disabled = true;
        return;
      }
      if (stopped) return;
      var delay = event.code === 4000 ? 0 : Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      setStatus(t("tReconnecting"), true);
      window.setTimeout(connect, delay);
    });
  }

  function prependHistory(f) {
    var top = log.scrollHeight - log.scrollTop;
    f.messages.slice().reverse().forEach(function (m) {
      if (seen[m.id] || m.topic !== topicId) return;
      var li = render(m);
      seen[m.id] = li;
      place(li, m.id);
    });
    log.scrollTop = log.scrollHeight - top;
    if (!earlier) return;
    if (f.more && f.messages.length) {
      earlier.dataset.before = f.messages[0].id;
      earlier.href = "?before=" + f.messages[0].id;
    } else {
      earlier.parentNode.remove();
      earlier = null;
    }
  }

  if (earlier) {
    earlier.addEventListener("click", function (event) {
      event.preventDefault();
      var url = d.historyUrl + "?before=" + encodeURIComponent(earlier.dataset.before);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(prependHistory)
        .catch(function () { showError(t("tEarlierFailed")); });
    });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      var text = textarea.value;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;  // the ordinary form post
      event.preventDefault();
      if (!text.trim()) return;
      if (text.length > Number(d.limit)) {
        showError(t("tTooLong", { limit: d.limit }));
        return;
      }
      clientSeq += 1;
      send({ type: "send", text: text, topic: topicId, client_id: "c" + clientSeq });
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000 && textarea.value.trim()) {
        lastTypingSent = now;
        send({ type: "typing", topic: topicId });
      }
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && pendingRead) markRead(pendingRead);
    if (!document.hidden && socket === null && !stopped) { attempt = 0; }
  });

  log.scrollTop = log.scrollHeight;
  connect();
})();
