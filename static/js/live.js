// The one socket client of the live pages, and their one message renderer (protocol:
// docs/protocol.md). chat.js (group chat and support conversations), live-topic.js and
// notifications.js call window.PeerLive and keep only what is particular to their page.
// base.html loads this file before every page script.
(function () {
  "use strict";
  var PING_EVERY = 25000, FIRST_DELAY = 1000, MAX_DELAY = 30000, RETRY_AFTER = 5;
  var RECONNECT_NOW = 4000;  // the socket reached its maximum age
  var STOPS = { 4401: "signed-out", 4403: "gone", 4410: "deleted" };  // reconnecting cannot help

  function socketUrl(path) {
    return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + path;
  }

  function backoff(attempt) {  // 1 s doubling to 30 s; each wait between half and all of it
    return Math.min(MAX_DELAY, FIRST_DELAY * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
  }

  /**
   * Opens options.path and keeps it open until a close code says reconnecting cannot help.
   *   on      {frame type: function (frame)}; other frames become a "peersupport:frame" event
   *   status  function (state, closeCode): "connecting", "reconnecting", "live" (the server has
   *           spoken) or "stopped" (closeCode 4401, 4403 or 4410)
   *   resume  function () -> the frame sent on every open, and again while a replay says `more`
   *   ping    send a ping every 25 s (the group and support sockets keep presence with it)
   *   alerts  where to pin live harm-reduction alerts when the page has no #pinned-alerts yet
   * Returns {send(frame) -> false when not connected, isOpen()}. When the server answers a resume
   * with `unavailable`, the resume is sent again after retry_after seconds on the same socket (messages
   * are the page's to send again: see outbox below). When the browser says it went offline the socket
   * is closed at once, so nothing more is sent into a dead connection, and reopened when it is back.
   */
  function connect(options) {
    var on = Object.assign({ hello: function () {}, pong: function () {} }, alertHandlers(options.alerts), options.on);
    var status = options.status || function () {};
    var socket = null, attempt = 0, timer = null, pinger = null;
    var stopped = false, everLive = false, live = false, resuming = false;

    function isOpen() { return !!socket && socket.readyState === WebSocket.OPEN; }

    function send(frame) {
      if (!isOpen()) return false;
      socket.send(JSON.stringify(frame));
      return true;
    }

    function resume(from) {  // from: the server's resume point after a `resync`, when it is lower than ours
      var frame = options.resume && options.resume();
      if (frame && typeof from === "number" && from < frame.after) frame.after = from;
      resuming = !!frame && send(frame);
    }

    function lastId(messages) {
      return messages && messages.length ? Number(messages[messages.length - 1].id) : undefined;
    }

    function retryLater(error) {  // the resume met a restarting database: ask again shortly
      if (error.client_id || !resuming) return;
      window.setTimeout(function () { resume(); }, 1000 * (Number(error.retry_after) || RETRY_AFTER));
    }

    function receive(event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (!frame || typeof frame.type !== "string") return;
      if (!live) { live = everLive = true; attempt = 0; status("live"); }
      if (frame.type === "error" && frame.code === "unavailable") retryLater(frame);
      if (frame.type === "replay") resuming = false;
      if (frame.type === "resync") return resume(frame.after);  // the server's channel layer came back: catch up
      if (on[frame.type]) on[frame.type](frame);
      else document.dispatchEvent(new CustomEvent("peersupport:frame", { detail: frame }));  // for page extras
      if (frame.type === "replay" && frame.more) resume(lastId(frame.messages));  // on from this page's end
    }

    function open() {
      timer = null;
      if (navigator.onLine === false) {  // no use trying while the browser knows it is offline: "online" opens it
        timer = window.setTimeout(open, MAX_DELAY);
        return;
      }
      live = false;
      status(everLive ? "reconnecting" : "connecting");
      socket = new WebSocket(socketUrl(options.path));
      socket.addEventListener("open", function () {
        resume();
        if (options.ping) pinger = window.setInterval(function () { send({ type: "ping" }); }, PING_EVERY);
      });
      socket.addEventListener("message", receive);
      socket.addEventListener("close", closed);
    }

    function closed(event) {
      window.clearInterval(pinger);
      socket = null;
      resuming = false;
      if (STOPS[event.code]) stopped = true;
      if (stopped) return status("stopped", event.code);
      status("reconnecting", event.code);
      if (event.code === RECONNECT_NOW) return open();
      timer = window.setTimeout(open, backoff(attempt));
      attempt += 1;
    }

    function now() {  // back online, or back on the page: do not wait out the back-off
      if (socket || stopped || !timer) return;
      window.clearTimeout(timer);
      attempt = 0;
      open();
    }

    window.addEventListener("online", now);
    window.addEventListener("offline", function () { if (socket) socket.close(); });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) now(); });
    open();
    return { send: send, isOpen: isOpen };
  }

  // What a tab keeps of a conversation until the server has it (docs/protocol.md, "Sending again"): the
  // messages written but not yet acknowledged, and the draft. sessionStorage only: this tab, gone with it,
  // kept over a reload; never localStorage. Quick exit and every signed-out page wipe it (quick-exit.js).
  var STORE = "peersupport:";

  function stored(key, fallback) {
    try {
      var value = window.sessionStorage.getItem(STORE + key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) { return fallback; }
  }

  function store(key, value) {
    try {
      if (!value || !value.length) window.sessionStorage.removeItem(STORE + key);
      else window.sessionStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (e) { /* storage full or refused: the page itself still holds the text */ }
  }

  function newClientId() {  // random, so it never repeats an id this person used before (a counter would)
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /** The unsent messages of one conversation, oldest first, each {client_id, text, at}. */
  function outbox(key) {
    var name = "outbox:" + key, items = stored(name, []);
    items = (Array.isArray(items) ? items : []).filter(function (m) {
      return m && typeof m.client_id === "string" && typeof m.text === "string";
    });
    function save() { store(name, items); }
    function find(id) {
      for (var i = 0; i < items.length; i++) if (items[i].client_id === id) return items[i];
      return null;
    }
    return {
      items: function () { return items.slice(); },
      find: find,
      add: function (text, extra) {  // extra: what else the send frame carries (reply_to)
        var m = Object.assign({}, extra, { client_id: newClientId(), text: text, at: new Date().toISOString() });
        items.push(m);
        save();
        return m;
      },
      take: function (id) {
        var m = find(id);
        if (m) { items.splice(items.indexOf(m), 1); save(); }
        return m;
      },
      clear: function () { items = []; save(); }
    };
  }

  /** The composer's unsent text of one conversation. */
  function draft(key) {
    var name = "draft:" + key;
    return {
      get: function () { var text = stored(name, ""); return typeof text === "string" ? text : ""; },
      set: function (text) { store(name, text); }
    };
  }

  // Harm-reduction alerts pinned or withdrawn live (moderation/_pinned_alerts.html, alerts.js).
  function alertHandlers(before) {
    function remove(id) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-alert-id="' + Number(id) + '"]'), function (el) {
        el.remove();
      });
    }
    function box() {
      var el = document.getElementById("pinned-alerts");
      if (el || !before) return el;
      el = document.createElement("div");
      el.id = "pinned-alerts";
      el.setAttribute("aria-live", "assertive");
      before.parentNode.insertBefore(el, before);
      return el;
    }
    return {
      "alert.new": function (f) {
        remove(f.alert.id);
        var template = document.createElement("template");
        template.innerHTML = f.alert.html;  // rendered and sanitized by the server
        var el = box();
        if (el) el.prepend(template.content);
      },
      "alert.withdrawn": function (f) { remove(f.id); }
    };
  }

  /**
   * The messages a page shows, by id: the id to resume after, the ids the server may answer
   * are `gone`, and those removed while the page watched (a late replay must not bring them back).
   * items() lists the page's message elements (each with data-id); newest is a known highest id.
   */
  function timeline(items, newest) {
    var last = Number(newest) || 0, removed = {};
    Array.prototype.forEach.call(items(), function (el) { last = Math.max(last, Number(el.dataset.id)); });
    function shown() {  // the newest 500 on screen (docs/protocol.md: `have`)
      var all = items(), ids = [];
      for (var i = Math.max(0, all.length - 500); i < all.length; i++) ids.push(Number(all[i].dataset.id));
      return ids;
    }
    return {
      last: function () { return last; },
      saw: function (id) { if (id > last) last = id; },
      wasRemoved: function (id) { return !!removed[id]; },
      remove: function (id) {
        var el = document.getElementById("m" + Number(id));
        if (el) el.remove();
        removed[id] = true;
      },
      resume: function (topic) { return { type: "resume", after: last, topic: topic, have: shown() }; }
    };
  }

  // How each page's server template draws one message: groups/_chat_message.html, groups/_message.html.
  var SHAPES = {
    chat: {
      tag: "li", root: "chat-message py-1", meta: "chat-meta small text-body-secondary", author: "chat-author",
      badge: "badge text-bg-warning chat-status-badge", body: "chat-body message-body"
    },
    card: {
      tag: "article", root: "card mb-3", inner: "card-body", meta: "d-flex flex-wrap gap-2 small text-body-secondary mb-2",
      author: "text-body", badge: "badge text-bg-warning", body: "message-body"
    }
  };

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** One message from the socket as a "chat" line or a topic "card"; words.former names a former
   * member and words.waiting marks a message a moderator has not yet published. */
  function renderMessage(m, shapeName, words) {
    var shape = SHAPES[shapeName];
    var root = element(shape.tag, shape.root + (m.status !== "published" ? " message-held" : ""));
    root.id = "m" + m.id;
    root.dataset.id = m.id;
    root.dataset.author = m.author_id || "";  // static/js/ignore-fold.js folds the people one ignores
    var box = shape.inner ? root.appendChild(element("div", shape.inner)) : root;
    var meta = box.appendChild(element("div", shape.meta));
    var time = element("time", "", window.PeerTimes ? PeerTimes.format(m.created, "time") : "");  // times.js
    time.dateTime = m.created;
    meta.append(element("strong", shape.author, m.author || words.former));
    if (m.moderator && words.moderator) meta.append(" ", element("span", "badge text-bg-primary role-badge", words.moderator));
    if (m.professional && words.professional) meta.append(" ", element("span", "badge text-bg-info role-badge", words.professional));
    meta.append(" ", time);
    if (m.status !== "published" && words.waiting) meta.append(" ", element("span", shape.badge, words.waiting));
    var body = box.appendChild(element("div", shape.body));
    body.innerHTML = m.html;  // sanitizer output (moderation/sanitize.py), never raw text
    return root;
  }

  window.PeerLive = {
    connect: connect, timeline: timeline, renderMessage: renderMessage, outbox: outbox, draft: draft, element: element,
    backoff: backoff
  };
})();
