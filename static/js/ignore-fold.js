// Folds the messages of the people this person ignores (accounts/ignoring.py) as they arrive live:
// the server folds the ones it renders; live messages (static/js/live.js renderMessage) carry their
// author's id in data-author and get the same fold here. The list is the person's own, in the page.
(function () {
  "use strict";
  var data = document.getElementById("ignored-authors");
  var fold = document.getElementById("ignored-fold");
  if (!data || !fold || !window.MutationObserver) return;
  var ignored = {};
  (JSON.parse(data.textContent) || []).forEach(function (id) { ignored[String(id)] = true; });
  if (!Object.keys(ignored).length) return;

  function foldAway(node) {
    if (node.nodeType !== 1 || !node.dataset.id || !ignored[node.dataset.author]) return;
    var box = node.querySelector(":scope > .card-body") || node;
    if (box.querySelector(":scope > details.ignored-fold")) return;
    var details = fold.content.firstElementChild.cloneNode(true);
    while (box.firstChild) details.appendChild(box.firstChild);
    box.appendChild(details);
  }

  ["chat-log", "topic-messages"].forEach(function (id) {
    var list = document.getElementById(id);
    if (!list) return;
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { Array.prototype.forEach.call(change.addedNodes, foldAway); });
    }).observe(list, { childList: true });
  });
})();
