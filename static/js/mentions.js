// @mention autocomplete in the chat composer and the topic reply form: the ARIA combobox pattern over
// the textarea inside [data-mention-url]. Names come from the group's mention endpoint
// (groups/content/mention_views.py: pseudonyms only, through the gate). Also marks the mentions of
// the person themselves in shown messages (the server marks every mention as span.mention).
(function () {
  "use strict";
  var config = document.getElementById("mention-config");
  if (!config) return;
  var me = (config.dataset.me || "").toLowerCase();
  // The "@word word" just before the caret: at the start or after a character that is not a word or "@".
  var TRIGGER = /(?:^|[^\w@])@(\w[\w .\-]{0,29})?$/;

  function markMine(root) {
    if (!me) return;
    (root.querySelectorAll ? root.querySelectorAll("span.mention") : []).forEach(function (span) {
      if (span.textContent.slice(1).toLowerCase() === me) span.classList.add("mention-me");
    });
  }
  markMine(document);
  ["chat-log", "topic-messages"].forEach(function (id) {
    var list = document.getElementById(id);
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function (changes) {
      changes.forEach(function (c) { Array.prototype.forEach.call(c.addedNodes, function (n) { if (n.nodeType === 1) markMine(n); }); });
    }).observe(list, { childList: true });
  });

  document.querySelectorAll("[data-mention-url]").forEach(function (host) {
    var input = host.querySelector("textarea");
    if (input) attach(host, input, host.dataset.mentionUrl);
  });

  function attach(host, input, url) {
    var listId = input.id + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", config.dataset.tList);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    var names = [], active = -1, start = -1, timer = null, asked = "";

    function close() {
      list.hidden = true;
      list.textContent = "";
      names = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
        li.classList.toggle("active", i === index);
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", listId + "-" + index);
      else input.removeAttribute("aria-activedescendant");
    }
    function show(found) {
      list.textContent = "";
      names = found;
      if (!found.length) {
        close();
        status.textContent = config.dataset.tNone;
        return;
      }
      found.forEach(function (name, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.className = "list-group-item list-group-item-action mention-option";
        li.setAttribute("role", "option");
        li.textContent = name;
        li.addEventListener("pointerdown", function (event) { event.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(0);
      status.textContent = config.dataset.tFound.replace("%(count)s", found.length);
    }
    function pick(index) {
      var name = names[index];
      if (name === undefined || start < 0) return;
      var caret = input.selectionStart;
      var before = input.value.slice(0, start) + "@" + name + " ";
      input.value = before + input.value.slice(caret);
      input.setSelectionRange(before.length, before.length);
      close();
      input.focus();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function lookup() {
      var caret = input.selectionStart;
      var match = input.selectionEnd === caret && TRIGGER.exec(input.value.slice(0, caret));
      var query = match ? match[1] || "" : "";
      // Nothing after an "@", or a space just typed (a name picked, or a word finished): no list.
      if (!match || /\s$/.test(query)) { close(); asked = ""; return; }
      start = caret - query.length - 1;
      if (query === asked && !list.hidden) return;
      asked = query;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { people: [] }; })
          .then(function (data) { if (asked === query) show(data.people || []); })
          .catch(close);
      }, 120);
    }

    input.addEventListener("input", lookup);
    input.addEventListener("click", lookup);
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    // Capture on the host runs before the composer's own Enter-sends handler on the textarea.
    host.addEventListener("keydown", function (event) {
      if (event.target !== input || list.hidden || !names.length) return;
      var keys = {
        ArrowDown: function () { highlight((active + 1) % names.length); },
        ArrowUp: function () { highlight((active - 1 + names.length) % names.length); },
        Enter: function () { pick(active); },
        Tab: function () { pick(active); },
        Escape: close
      };
      if (!keys[event.key] || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      keys[event.key]();
    }, true);
  }
})();
