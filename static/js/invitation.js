/* The invitation link carries its token in the fragment (/groups/invite/#TOKEN), which the browser never sends
   to a server. Take it out of the address bar and the tab's history at once, then post it. */
(function () {
  "use strict";
  const form = document.getElementById("invitation-token-form");
  if (!form) return;
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ""));
  if (!token) return;
  window.history.replaceState(null, "", window.location.pathname);
  form.querySelector("input[name=token]").value = token;
  if (form.dataset.auto) {
    document.getElementById("invitation-code-field").hidden = true;
    document.getElementById("invitation-opening").hidden = false;
    form.submit();
  }
})();
