// Pinned harm-reduction alerts: cards that arrive live are rendered once for
// every reader, so their "Seen" form gets this page's token, group and return
// address just before it is sent.
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
})();
