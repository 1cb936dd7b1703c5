// Pinned harm-reduction alerts: cards that arrive live are rendered once for
// every reader, so their "Seen" form gets this page's token, group and return
// address just before it is sent. A card leaves the page when its
// data-expires time has passed: at load, every 30 seconds, and as soon as a
// live card is inserted.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("alert-ack")) return;
    var box = document.getElementById("pinned-alerts");
    if (!box) return;
    var fill = { csrfmiddlewaretoken: box.dataset.csrf, group: box.dataset.group, next: box.dataset.next };
    Object.keys(fill).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && !input.value && fill[name]) input.value = fill[name];
    });
  });

  function expiresAt(card) {
    // Django's "c" format may carry microseconds; Date.parse wants at most milliseconds.
    return Date.parse(card.dataset.expires.replace(/(\.\d{3})\d+/, "$1"));
  }

  function removeExpired() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll(".alert-card[data-expires]"), function (card) {
      var when = expiresAt(card);
      if (!isNaN(when) && when <= now) card.remove();
    });
  }

  function watchLiveCards() {
    if (!window.MutationObserver) return;
    new MutationObserver(function (changes) {
      var cardAdded = changes.some(function (change) {
        return Array.prototype.some.call(change.addedNodes, function (node) {
          return node.nodeType === 1 && (node.matches(".alert-card") || node.querySelector(".alert-card"));
        });
      });
      if (cardAdded) removeExpired();
    }).observe(document.body, { childList: true, subtree: true });
  }

  function start() {
    removeExpired();
    window.setInterval(removeExpired, 30000);
    watchLiveCards();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
