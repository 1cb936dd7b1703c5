// The live group chat (/ws/groups/<slug>/) and support conversations (/ws/support/…), over
// the shared client in live.js (protocol: docs/protocol.md). Without this script the page
// still works: the form posts and "load earlier" is a link. Messages are kept by id; after a
// dropped connection live.js resumes from the last id seen and the server replays the rest.
// With it, the composer never leaves the page: what is sent waits in the tab's outbox, shown as
// "not sent yet", until the server acknowledges its client_id (sent again on every reconnect and
// after `unavailable`; the server never saves it twice), and the draft survives a reload.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket || !window.PeerLive) return;
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
  var shown = PeerLive.timeline(function () { return log.querySelectorAll("li[data-id]"); }, d.newest);
  var words = { former: d.tFormer, waiting: d.tWaiting, moderator: d.tModerator, professional: d.tProfessional };
  var live = null, typingTimer = null, lastTypingSent = 0, pendingRead = 0, readTimer = null;
  var mine = userId + ":" + topicId;  // another person signing in in this tab never sends these
  var box = PeerLive.outbox(mine), drafts = PeerLive.draft(mine);
  var inFlight = {}, retryTimer = null;  // client ids sent on this socket and not answered yet
  var ignoredEl = document.getElementById("ignored-authors");  // people this person ignores: no "is typing" either
  var ignored = ((ignoredEl && JSON.parse(ignoredEl.textContent)) || []).map(String);

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

  function place(li, id) {  // by id, above the messages that are not sent yet
    var empty = document.getElementById("chat-empty");
    if (empty) empty.remove();
    var after = log.querySelector("li.chat-pending");
    var items = log.querySelectorAll("li[data-id]");
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].dataset.id) > id) { after = items[i]; break; }
    }
    log.insertBefore(li, after);
    if (window.PeerTimes) PeerTimes.separate(log);
  }

  function addMessage(m, isEdit) {
    if (m.group !== groupId || m.topic !== topicId || shown.wasRemoved(m.id)) return;
    var old = document.getElementById("m" + m.id);
    if (old) {  // an edit, or a held message now published: redraw; a replayed one: nothing
      if (isEdit || old.classList.contains("message-held") !== (m.status !== "published")) {
        old.replaceWith(PeerLive.renderMessage(m, "chat", words));
      }
      return;
    }
    var stick = nearBottom();
    if (document.hidden && m.author_id !== userId && !document.getElementById("unread-live")) {
      var marker = document.createElement("li");
      marker.className = "unread-marker";
      marker.id = "unread-live";
      marker.textContent = t("tUnread");
      place(marker, m.id - 0.5);
    }
    place(PeerLive.renderMessage(m, "chat", words), m.id);
    shown.saw(m.id);
    if (stick || m.author_id === userId) log.scrollTop = log.scrollHeight;
    markRead(m.id);
  }

  function markRead(id) {
    if (id > pendingRead) pendingRead = id;
    if (document.hidden || readTimer) return;
    readTimer = window.setTimeout(function () {
      readTimer = null;
      send({ type: "read", id: pendingRead });
    }, 1500);
  }

  function send(frame) { return !!live && live.send(frame); }

  function showTyping(name) {
    typingEl.textContent = t("tTyping", { name: name });
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { typingEl.textContent = ""; }, 5000);
  }

  // --- the outbox: messages written but not yet acknowledged -----------------------------------------
  function pendingItem(m) { return document.getElementById("pending-" + m.client_id); }

  function showPending(m, state) {  // state: "waiting" (not sent yet), "sending" or "stopped"
    var li = pendingItem(m);
    if (!li) {
      li = PeerLive.element("li", "chat-message chat-pending py-1");
      li.id = "pending-" + m.client_id;
      var meta = li.appendChild(PeerLive.element("div", "chat-meta small text-body-secondary"));
      var time = PeerLive.element("time", "", window.PeerTimes ? PeerTimes.format(m.at, "time") : "");  // times.js
      time.dateTime = m.at;
      meta.append(PeerLive.element("strong", "chat-author", d.me || ""), " ", time, " ");
      meta.appendChild(PeerLive.element("span", "badge text-bg-secondary chat-pending-badge"));
      li.appendChild(PeerLive.element("div", "chat-body message-body chat-pending-text", m.text));  // text, never HTML
      li.appendChild(PeerLive.element("div", "small text-body-secondary chat-pending-hint"));
      log.appendChild(li);
      var empty = document.getElementById("chat-empty");
      if (empty) empty.remove();
    }
    li.dataset.state = state;
    var badge = state === "sending" ? "tSending" : state === "stopped" ? "tNotSentStopped" : "tNotSent";
    li.querySelector(".chat-pending-badge").textContent = t(badge);
    li.querySelector(".chat-pending-hint").textContent = state === "waiting" ? t("tNotSentHint") : "";
  }

  function flush() {  // every unsent message, oldest first, on the open socket
    if (!live || !live.isOpen()) return;
    box.items().forEach(function (m) {
      if (inFlight[m.client_id]) return;
      if (send({ type: "send", text: m.text, topic: topicId, client_id: m.client_id, reply_to: m.reply_to })) {
        inFlight[m.client_id] = true;
        showPending(m, "sending");
      }
    });
  }

  function flushIn(seconds) {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, 1000 * (Number(seconds) || 5));
  }

  function unsent() {  // the socket closed: whatever it had not answered goes again on the next one
    inFlight = {};
    box.items().forEach(function (m) { showPending(m, "waiting"); });
  }

  function giveBack(m) {  // the server will not take it as it is: the text returns to the composer
    var li = pendingItem(m);
    if (li) li.remove();
    textarea.value = textarea.value.trim() ? m.text + "\n\n" + textarea.value : m.text;
    drafts.set(textarea.value);
  }

  // No socket for a while although the browser is online (a network that blocks WebSockets, a server that
  // refuses them): the form's own post, one message at a time with its client_id, then the page as the
  // server shows it. A message the socket also sends meanwhile is still kept once.
  var FALLBACK_AFTER = 20000, fallbackTimer = null, posting = false, turnedAway = false;

  function fallbackSoon() {
    if (fallbackTimer || posting || turnedAway || !form) return;
    fallbackTimer = window.setTimeout(function () {
      fallbackTimer = null;
      if (live && !live.isOpen() && navigator.onLine !== false && box.items().length) postAll();
    }, FALLBACK_AFTER);
  }

  function postOne(m, token) {  // true: saved (or saved before); false: refused, the text is back in the composer
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("text", m.text);
    body.append("client_id", m.client_id);
    if (m.reply_to) body.append("reply_to", m.reply_to);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) {  // kept for the socket; this page posts no more (access ended, signed out)
        turnedAway = true;
        throw new Error(String(r.status));
      }
      if (r.redirected) { box.take(m.client_id); return r.url; }
      return r.text().then(function (html) {
        var said = new DOMParser().parseFromString(html, "text/html").getElementById("chat-error");
        box.take(m.client_id);
        giveBack(m);
        showError(said ? said.textContent.trim() : "");
        return null;
      });
    });
  }

  function postAll() {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value, landed = null;
    posting = true;
    box.items().reduce(function (chain, m) {
      return chain.then(function () { return postOne(m, token); }).then(function (url) { landed = url || landed; });
    }, Promise.resolve()).catch(function () {}).then(function () {
      posting = false;
      if (landed) window.location.replace(landed);  // what was sent, as the server shows it now
    });
  }

  function failed(f) {
    var m = f.client_id ? box.find(f.client_id) : null;
    showError(f.message);
    if (!m && f.code === "rate_limited") {  // the socket's own frame limit: what it dropped goes again later
      inFlight = {};
      return flushIn(f.retry_after || 10);
    }
    if (!m) return;
    delete inFlight[m.client_id];
    if (f.code === "unavailable" || f.code === "rate_limited") {
      showPending(m, "waiting");
      return flushIn(f.retry_after);
    }
    box.take(m.client_id);
    giveBack(m);
  }

  function acknowledged(f) {
    var m = f.client_id ? box.take(f.client_id) : null;
    if (m) {
      delete inFlight[m.client_id];
      var li = pendingItem(m);
      if (li) li.remove();
    }
    showError("");
    showHeld(f.outcome === "held" ? f.reason : "");
    if (f.message.status === "removed" || f.message.status === "deleted") shown.remove(f.message.id);
    else addMessage(f.message, false);
  }

  function stopped(code) {  // 4403: access ended; 4410: the account was deleted; 4401: signed out
    setStatus(code === 4403 ? t("tGone") : code === 4410 ? t("tDeleted") : t("tSignedOut"), true);
    if (code === 4403) showSeeWhy();
    if (form) form.querySelector("button").disabled = true;
    // Nothing can go now: this tab keeps nothing more (a shared phone), the page shows what did not go.
    box.items().forEach(function (m) { showPending(m, "stopped"); });
    box.clear();
    drafts.set("");
  }

  var handlers = {
    "message.new": function (f) { addMessage(f.message, false); },
    "message.edited": function (f) { addMessage(f.message, true); },
    "message.removed": function (f) {
      var el = document.getElementById("m" + Number(f.id));
      // One's own edit that now waits for a moderator stays on one's own screen (message.edited redraws it).
      if (f.status === "held" && el && Number(el.dataset.author) === userId) return;
      shown.remove(f.id);
    },
    ack: acknowledged,
    replay: function (f) {
      (f.gone || []).forEach(shown.remove);
      f.messages.forEach(function (m) { addMessage(m, false); });
    },
    history: function (f) { prependHistory(f); },
    presence: function (f) {
      if (f.group !== groupId) return;
      var others = f.others;  // the server leaves you out of the count (docs/protocol.md)
      presenceEl.textContent = others === 0 ? t("tPresenceNone")
        : others === 1 ? t("tPresenceOne") : t("tPresenceMany", { count: others });
    },
    typing: function (f) {
      if (ignored.indexOf(String(f.author_id)) !== -1) return;
      if (f.group === groupId && (f.topic === null || f.topic === topicId)) showTyping(f.author);
    },
    crisis: function (f) { showCrisis(f); },
    error: failed
  };

  var statuses = {
    connecting: function () { setStatus(t("tConnecting")); },
    reconnecting: function () {
      setStatus(navigator.onLine === false ? t("tOffline") : t("tReconnecting"), true);
      unsent();
      fallbackSoon();
    },
    live: function () { setStatus(t("tConnected")); flush(); },
    stopped: stopped
  };

  function prependHistory(f) {
    var top = log.scrollHeight - log.scrollTop;
    f.messages.slice().reverse().forEach(function (m) {
      if (document.getElementById("m" + m.id) || shown.wasRemoved(m.id) || m.topic !== topicId) return;
      place(PeerLive.renderMessage(m, "chat", words), m.id);
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
        .then(function (f) { prependHistory(f); told(f); })
        .catch(function () { showError(t("tEarlierFailed")); });
    });
  }

  if (form) {
    if (!textarea.value) textarea.value = drafts.get();  // a text the server gave back comes first
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // never a page load: offline, that is the browser's error page and the text is gone
      var text = textarea.value;
      if (!text.trim()) return;
      if (text.length > Number(d.limit)) {
        showError(t("tTooLong", { limit: d.limit }));
        return;
      }
      var replyTo = form.elements.reply_to;  // the message answered (chat-actions.js), if any
      var m = box.add(text, { reply_to: replyTo && Number(replyTo.value) || undefined });
      textarea.value = "";
      drafts.set("");
      showPending(m, "waiting");
      log.scrollTop = log.scrollHeight;
      flush();
      if (!live.isOpen()) fallbackSoon();
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    textarea.addEventListener("input", function () {
      drafts.set(textarea.value);
      var now = Date.now();
      if (now - lastTypingSent > 3000 && textarea.value.trim()) {
        lastTypingSent = now;
        send({ type: "typing", topic: topicId });
      }
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && pendingRead) markRead(pendingRead);
  });

  box.items().forEach(function (m) { showPending(m, "waiting"); });  // kept over a reload
  if (box.items().length) fallbackSoon();

  // Page extras (chat-actions.js) hear every frame after this page has handled it, and may send frames.
  var listeners = [];
  function told(f) { listeners.forEach(function (fn) { fn(f); }); }
  Object.keys(handlers).forEach(function (type) {
    var handle = handlers[type];
    handlers[type] = function (f) { handle(f); told(f); };
  });
  document.addEventListener("peersupport:frame", function (event) { told(event.detail); });
  window.PeerChat = {
    send: send,
    isOpen: function () { return !!live && live.isOpen(); },
    listen: function (fn) { listeners.push(fn); }
  };

  if (window.PeerTimes) PeerTimes.separate(log);
  log.scrollTop = log.scrollHeight;
  live = PeerLive.connect({
    path: d.wsPath,
    on: handlers,
    status: function (state, code) { statuses[state](code); },
    resume: function () { return shown.resume(topicId); },
    ping: true,
    alerts: root
  });
})();
