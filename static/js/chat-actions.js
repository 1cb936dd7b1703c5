// What a reader can do with a chat message, over the group socket (docs/protocol.md): react, reply,
// edit or delete their own, report, and for moderators remove. The server draws the same actions as
// plain links and forms (groups/_chat_message_actions.html), which keep working without this script
// or while the socket is down: every handler here lets the browser follow the link when no frame
// could be sent. Hooks into chat.js through window.PeerChat (send, listen).
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("chat-log");
  if (!root || !log || !window.PeerChat) return;
  var d = root.dataset;
  var canPost = !!d.canPost, isModerator = !!d.isModerator, userId = Number(d.user);
  var CODES = ["hear", "same", "proud", "thanks"];
  var PLACEHOLDER = "999999999999";
  var QUOTE_CHARS = 140;
  var rulesEl = document.getElementById("chat-rules");
  var rules = rulesEl ? JSON.parse(rulesEl.textContent) : [];
  var form = document.getElementById("chat-form");
  var textarea = document.getElementById("chat-text");
  var replyBar = document.getElementById("chat-reply");
  var replyInput = document.getElementById("chat-reply-to");
  var statusEl = document.getElementById("chat-action-status");
  var given = {};  // message id -> {code: true} for the reactions this person gave
  var ignoredEl = document.getElementById("ignored-authors");
  var ignored = ((ignoredEl && JSON.parse(ignoredEl.textContent)) || []).map(String);

  function word(code) { return d["r" + code.charAt(0).toUpperCase() + code.slice(1)] || code; }
  function t(key, vars) {
    var text = d[key] || "";
    Object.keys(vars || {}).forEach(function (name) { text = text.replace("%(" + name + ")s", vars[name]); });
    return text;
  }
  function url(kind, id) { return (d["url" + kind] || "").replace(PLACEHOLDER, String(Number(id))); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function csrf() {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var copy = el("input");
    copy.type = "hidden";
    copy.name = "csrfmiddlewaretoken";
    copy.value = input ? input.value : "";
    return copy;
  }
  function say(text) {
    if (!statusEl) return;
    statusEl.textContent = text || "";
    statusEl.classList.toggle("d-none", !text);
  }
  function item(id) { return document.getElementById("m" + Number(id)); }
  function short(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    return text.length > QUOTE_CHARS ? text.slice(0, QUOTE_CHARS - 1) + "…" : text;
  }

  // --- drawing: the same shapes as the server's partials ---------------------------------------------------

  function reactionButton(code, count, mine, className) {
    var button = el("button", className);
    button.type = "submit";
    button.name = "code";
    button.value = code;
    button.dataset.code = code;
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.append(word(code));
    if (count !== null) {
      button.append(" ", el("span", "chat-reaction-count", String(count)));
      if (mine) button.classList.add("chat-reaction-given");
    }
    return button;
  }

  function reactionForm(id, className) {
    var f = el("form", className);
    f.method = "post";
    f.action = url("React", id);
    f.appendChild(csrf());
    return f;
  }

  function drawCounts(li, counts) {
    var id = Number(li.dataset.id), mine = given[id] || {};
    var old = li.querySelector("form.chat-reactions");
    var box = reactionForm(id, "chat-reactions");
    CODES.forEach(function (code) {
      var count = (counts || {})[code] || 0;
      if (!count) return;
      if (canPost) box.appendChild(reactionButton(code, count, mine[code], "btn btn-sm chat-reaction"));
      else {
        var span = el("span", "chat-reaction");
        span.dataset.code = code;
        span.append(word(code), " ", el("span", "chat-reaction-count", String(count)));
        box.appendChild(span);
      }
    });
    if (old) old.replaceWith(box);
    else {
      var body = li.querySelector(".chat-body");
      body.parentNode.insertBefore(box, body.nextSibling);
    }
    li.querySelectorAll(".chat-react-menu button[data-code]").forEach(function (b) {
      b.setAttribute("aria-pressed", mine[b.dataset.code] ? "true" : "false");
    });
  }

  function quoteNode(q) {
    if (q.gone) {
      var gone = el("p", "chat-quote chat-quote-gone small text-body-secondary mb-1", t("tQuoteGone"));
      gone.dataset.quote = q.id;
      return gone;
    }
    var link = el("a", "chat-quote d-block small text-body-secondary mb-1");
    link.dataset.quote = q.id;
    link.href = "?before=" + (Number(q.id) + 1) + "#m" + Number(q.id);
    link.append(el("span", "visually-hidden", t("tInReply") + " "), el("strong", "chat-quote-author", q.author || d.tFormer),
                ": ", el("span", "chat-quote-text", q.text));
    return link;
  }

  function actionLink(kind, id, label) {
    var link = el("a", "btn btn-link btn-sm", label);
    link.dataset.action = kind;
    link.href = kind === "reply" ? "?reply=" + Number(id) + "#chat-form" : url(kind.charAt(0).toUpperCase() + kind.slice(1), id);
    return link;
  }

  function actionsMenu(m) {
    var details = el("details", "chat-actions");
    details.dataset.id = m.id;
    var summary = details.appendChild(el("summary", "chat-actions-toggle"));
    var dots = summary.appendChild(el("span", "", "⋯"));
    dots.setAttribute("aria-hidden", "true");
    summary.appendChild(el("span", "visually-hidden", t("tActionsFor", { name: m.author || d.tFormer })));
    var menu = details.appendChild(el("div", "chat-actions-menu"));
    var published = m.status === "published", own = m.author_id === userId;
    if (canPost && published) {
      var react = menu.appendChild(reactionForm(m.id, "chat-react-menu"));
      react.setAttribute("aria-label", t("tReact"));
      CODES.forEach(function (code) {
        react.appendChild(reactionButton(code, null, (given[m.id] || {})[code], "btn btn-outline-primary btn-sm chat-react"));
      });
    }
    var links = menu.appendChild(el("div", "chat-action-links"));
    if (canPost && published) links.appendChild(actionLink("reply", m.id, t("tReply")));
    if (own) {
      if (canPost) links.appendChild(actionLink("edit", m.id, t("tEdit")));
      links.appendChild(actionLink("delete", m.id, t("tDelete")));
    } else if (published && !isModerator) {
      links.appendChild(actionLink("report", m.id, t("tReport")));
    }
    if (isModerator && !own) links.appendChild(actionLink("remove", m.id, t("tRemove")));
    return details;
  }

  function mayIgnore(m) {  // as the server decides (groups/content/rendering.py): never yourself or a moderator
    return m.author_id && m.author_id !== userId && !m.moderator && d.urlIgnore && ignored.indexOf(String(m.author_id)) === -1;
  }

  function ignoreLink(authorId) {
    var link = el("a", "chat-ignore ms-1", t("tIgnore"));
    link.href = url("Ignore", authorId) + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
    return link;
  }

  function decorate(m) {  // a message chat.js drew from a frame: give it what the server's partial has
    var li = item(m.id);
    if (!li || li.querySelector(".chat-actions")) return;
    var body = li.querySelector(".chat-body");
    if (m.reply_to) body.parentNode.insertBefore(quoteNode(m.reply_to), body);
    if (mayIgnore(m)) li.querySelector(".chat-meta").append(" ", ignoreLink(m.author_id));
    if (m.edited) li.querySelector(".chat-meta").append(" ", el("span", "chat-edited", t("tEdited")));
    if (m.status === "published") drawCounts(li, m.reactions);
    li.appendChild(actionsMenu(m));
  }

  // --- panels under a message: edit, delete, report, remove ------------------------------------------------

  function closePanels(li) {
    li.querySelectorAll(".chat-panel").forEach(function (p) { p.remove(); });
  }

  function panel(li, kind) {
    closePanels(li);
    var details = li.querySelector("details.chat-actions");
    if (details) details.open = false;
    var box = el("form", "chat-panel card card-body my-2");
    box.dataset.kind = kind;
    li.appendChild(box);
    return box;
  }

  function field(box, label, control) {
    var id = "chat-panel-" + Math.random().toString(36).slice(2);
    control.id = id;
    var lab = el("label", "form-label small", label);
    lab.htmlFor = id;
    box.append(lab, control);
    return control;
  }

  function buttons(box, sendLabel, cancelLabel, danger) {
    var row = box.appendChild(el("div", "d-flex flex-wrap gap-2 mt-2"));
    var ok = row.appendChild(el("button", "btn btn-sm " + (danger ? "btn-danger" : "btn-primary"), sendLabel));
    ok.type = "submit";
    var cancel = row.appendChild(el("button", "btn btn-sm btn-outline-dark", cancelLabel));
    cancel.type = "button";
    cancel.addEventListener("click", function () {
      var li = box.closest("li");
      box.remove();
      var toggle = li && li.querySelector(".chat-actions-toggle");
      if (toggle) toggle.focus();
    });
    box.appendChild(el("p", "chat-panel-error text-danger small mb-0 mt-1"));
    return ok;
  }

  function ruleSelect(noneLabel) {
    var select = el("select", "form-select form-select-sm");
    select.appendChild(new Option(noneLabel, ""));
    rules.forEach(function (rule) { select.appendChild(new Option(rule, rule)); });
    return select;
  }

  function openEdit(id, text) {
    var li = item(id);
    if (!li) return;
    var box = panel(li, "edit");
    var area = field(box, t("tEditLabel"), el("textarea", "form-control"));
    area.rows = 3;
    area.value = text;
    buttons(box, t("tSave"), t("tCancel"));
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      if (area.value.trim()) PeerChat.send({ type: "edit", id: id, text: area.value });
    });
    area.focus();
  }

  function openReport(li, kind) {
    var id = Number(li.dataset.id), remove = kind === "remove";
    var box = panel(li, kind);
    var rule = field(box, remove ? t("tRemoveRule") : t("tReportRule"), ruleSelect(remove ? t("tRemoveNone") : t("tReportNone")));
    var note = field(box, remove ? t("tRemoveNote") : t("tReportNote"), el("textarea", "form-control"));
    note.rows = 2;
    buttons(box, remove ? t("tRemoveSend") : t("tReportSend"), t("tCancel"), remove);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      PeerChat.send({ type: kind, id: id, rule: rule.value, note: note.value });
    });
    rule.focus();
  }

  function openDelete(li) {
    var id = Number(li.dataset.id);
    var box = panel(li, "delete");
    box.append(el("p", "mb-1 fw-semibold", t("tDeleteConfirm")), el("p", "small mb-0", t("tDeleteNote")));
    var ok = buttons(box, t("tDelete"), t("tKeep"), true);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      PeerChat.send({ type: "delete", id: id });
    });
    ok.focus();
  }

  // --- reply ---------------------------------------------------------------------------------------------------

  function startReply(li) {
    if (!replyBar || !replyInput) return false;
    var author = li.querySelector(".chat-author");
    replyInput.value = li.dataset.id;
    document.getElementById("chat-reply-author").textContent = author ? author.textContent : d.tFormer;
    document.getElementById("chat-reply-text").textContent = short(li.querySelector(".chat-body").textContent);
    replyBar.classList.remove("d-none");
    var details = li.querySelector("details.chat-actions");
    if (details) details.open = false;
    if (textarea) textarea.focus();
    return true;
  }
  function stopReply() {
    if (!replyBar || !replyInput) return;
    replyInput.value = "";
    replyBar.classList.add("d-none");
  }

  // --- the reader's clicks (delegated: server-drawn and live messages alike) ---------------------------------

  log.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-code], a[data-action], a.chat-quote");
    if (!target) return;
    var li = target.closest("li[data-id]");
    if (!li) return;
    var id = Number(li.dataset.id);
    if (target.matches("a.chat-quote")) {
      var quoted = item(target.dataset.quote);
      if (!quoted) return;  // not on this page: the link opens the page where it is
      event.preventDefault();
      quoted.setAttribute("tabindex", "-1");
      quoted.scrollIntoView({ block: "center" });
      quoted.focus();
      quoted.classList.add("chat-jumped");
      window.setTimeout(function () { quoted.classList.remove("chat-jumped"); }, 2000);
      return;
    }
    if (target.matches("button[data-code]")) {
      if (!PeerChat.send({ type: "react", id: id, code: target.dataset.code })) return;
      event.preventDefault();
      var menu = target.closest("details.chat-actions");
      if (menu) {  // one tap is enough: the menu closes, and focus goes back to its toggle
        menu.open = false;
        menu.querySelector("summary").focus();
      }
      return;
    }
    var action = target.dataset.action;
    if (action === "reply") {
      if (startReply(li)) event.preventDefault();
    } else if (action === "edit") {
      if (PeerChat.send({ type: "source", id: id })) event.preventDefault();
    } else if (action === "delete" || action === "report" || action === "remove") {
      if (!PeerChat.isOpen()) return;  // the socket is down: the page does it
      event.preventDefault();
      if (action === "delete") openDelete(li);
      else openReport(li, action);
    }
  });

  if (form) form.addEventListener("submit", function () {  // after chat.js took the text (and the reply) into its outbox
    window.setTimeout(function () { if (textarea && !textarea.value) stopReply(); }, 0);
  });

  var cancel = document.getElementById("chat-reply-cancel");
  if (cancel) cancel.addEventListener("click", function (event) { event.preventDefault(); stopReply(); });

  log.querySelectorAll("li[data-id]").forEach(function (li) {  // what the server drew as given
    li.querySelectorAll(".chat-react-menu button[aria-pressed=true]").forEach(function (b) {
      (given[li.dataset.id] = given[li.dataset.id] || {})[b.dataset.code] = true;
    });
  });

  // --- frames ----------------------------------------------------------------------------------------------------

  function panelOf(id, kind) {
    var li = item(id);
    return li && li.querySelector('.chat-panel[data-kind="' + kind + '"]');
  }

  function forgetQuotes(id) {  // a removed message's words leave the quotes of its replies too
    log.querySelectorAll('a.chat-quote[data-quote="' + Number(id) + '"]').forEach(function (link) {
      link.replaceWith(quoteNode({ id: id, gone: true }));
    });
    if (replyInput && Number(replyInput.value) === Number(id)) stopReply();
  }

  var on = {
    reactions: function (f) {
      var li = item(f.id);
      if (f.mine) {
        given[f.id] = {};
        f.mine.forEach(function (code) { given[f.id][code] = true; });
      }
      if (li) drawCounts(li, f.counts);
    },
    source: function (f) { openEdit(f.id, f.text); },
    edited: function (f) {
      var box = panelOf(f.id, "edit");
      if (box) box.remove();
      say(f.outcome === "held" ? f.reason : "");
    },
    deleted: function () { say(t("tDeletedDone")); },
    reported: function (f) {
      var box = panelOf(f.id, "report");
      if (box) box.remove();
      say(f.message);
    },
    removed: function (f) { say(f.message); },
    "message.removed": function (f) { forgetQuotes(f.id); },
    error: function (f) {  // shown in the open panel too, so the person sees it where they typed
      var boxes = log.querySelectorAll(".chat-panel .chat-panel-error");
      if (boxes.length) boxes[boxes.length - 1].textContent = f.message;
    }
  };

  PeerChat.listen(function (f) {
    if (f.group !== undefined && f.group !== Number(d.group)) return;
    if (on[f.type]) on[f.type](f);
    if (f.message && typeof f.message === "object") {
      decorate(f.message);
      if (f.message.author_id === userId && f.message.reply_to && replyInput &&
          Number(replyInput.value) === f.message.reply_to.id) stopReply();
    }
    (f.messages || []).forEach(decorate);
    (f.gone || []).forEach(forgetQuotes);
  });
})();
