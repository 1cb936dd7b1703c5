/* Registers the service worker (offline page, static files, push notifications: templates/pages/sw.js). */
(function () {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.dataset.url) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.url, {scope: "/"}).catch(function () {
      /* Without it the site works as before, only without offline page and push. */
    });
  });
})();
