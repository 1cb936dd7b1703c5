// Pinned harm-reduction alerts: cards that arrive live are rendered once for
// every reader, so their "Seen" form gets this page's token, group and return
// address just before it is sent. "Seen, thanks" is sent in the background and
// the card folds to a one-line bar in place (as moderation/alert_card.html draws
// a seen alert), so nothing typed on the page is lost and nothing leaves the page
// offline; without this script the form posts and the page comes back with the bar. A card leaves the page when
// its data-expires time has passed: at load, every 30 seconds, and as soon as a
// live card is inserted. The chat's bar of several alerts keeps their count.
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
    if (!window.fetch) return;
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        fold(form.closest(".alert-card"), form);
      })
      .catch(function () {});  // offline or refused: the card stays as it was, and can be marked again
  });

  function fold(card, form) {  // the shape of a seen alert in moderation/alert_card.html
    var bar = document.createElement("details");
    bar.className = card.className + " alert-folded";
    Array.prototype.forEach.call(card.attributes, function (attr) {
      if (attr.name.indexOf("data-") === 0) bar.setAttribute(attr.name, attr.value);
    });
    var summary = document.createElement("summary");
    summary.className = "alert-bar px-3 py-1 small";
    var badge = card.querySelector(".badge").cloneNode(true);
    badge.textContent = card.dataset.severity || badge.textContent;
    var title = document.createElement("span");
    title.className = "alert-bar-title";
    title.textContent = card.querySelector("h2").textContent;
    summary.append(badge, " ", title);
    var seen = document.createElement("p");
    seen.className = "small mb-0 text-success";
    seen.textContent = form.dataset.seen;
    form.replaceWith(seen);
    bar.append(summary);
    while (card.firstChild) bar.appendChild(card.firstChild);
    card.replaceWith(bar);
    summary.focus();
  }

  function countAlerts() {
    var box = document.getElementById("pinned-alerts");
    var count = document.querySelector("[data-alert-count]");
    if (!box || !count) return;
    var text = String(box.querySelectorAll(".alert-card").length);
    if (count.textContent !== text) count.textContent = text;  // unchanged: no mutation for the observer below
  }

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
    countAlerts();
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
      else countAlerts();  // a live withdrawal
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
