/* "Notifications on this device" in the account settings: Web Push on or off for this browser.
   The server sends only a content-free "New activity" (accounts/notifications/push.py). */
(function () {
  "use strict";
  const box = document.getElementById("push");
  if (!box || !box.dataset.key) return;
  const state = document.getElementById("push-state");
  const button = document.getElementById("push-toggle");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  box.hidden = false;

  function say(text) {
    state.textContent = text;
  }

  function show(subscribed) {
    say(subscribed ? box.dataset.on : box.dataset.off);
    button.textContent = subscribed ? button.dataset.turnOff : button.dataset.turnOn;
    button.dataset.subscribed = subscribed ? "1" : "";
    button.disabled = false;
  }

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : ""},
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error("push " + response.status);
      return response;
    });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    button.hidden = true;
    say(box.dataset.unsupported);
    return;
  }

  const ready = navigator.serviceWorker.ready;
  ready.then(function (registration) { return registration.pushManager.getSubscription(); })
    .then(function (subscription) { show(Boolean(subscription)); })
    .catch(function () { show(false); });

  function turnOn(registration) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say(box.dataset.blocked);
        button.disabled = false;
        return null;
      }
      return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key)})
        .then(function (subscription) { return post(box.dataset.onUrl, subscription.toJSON()); })
        .then(function () { show(true); });
    });
  }

  function turnOff(registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return show(false);
      const endpoint = subscription.endpoint;
      return subscription.unsubscribe()
        .then(function () { return post(box.dataset.offUrl, {endpoint: endpoint}); })
        .then(function () { show(false); });
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    ready.then(function (registration) {
      return button.dataset.subscribed ? turnOff(registration) : turnOn(registration);
    }).catch(function () {
      say(box.dataset.failed);
      button.disabled = false;
    });
  });
})();
