// The idle warning: two minutes before the session would end for inactivity, a dialog
// asks whether the user is still there. "Stay logged in" POSTs to the keep-alive route
// (with the CSRF header); otherwise the page goes to the "logged out" page when time is
// up. The server ends idle sessions itself: this only saves the user a surprise.
(function () {
  "use strict";

  function start() {
    var seconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
    var template = document.getElementById("session-warning-template");
    if (!seconds || !template || !window.fetch) { return; }
    var warnBefore = parseInt(template.getAttribute("data-warn-seconds") || "120", 10);
    var keepAliveUrl = template.getAttribute("data-keep-alive");
    var expiredUrl = template.getAttribute("data-expired");
    var dialog = null;
    var lastFocus = null;
    var warnTimer = null;
    var endTimer = null;

    function csrfHeader() {
      try { return JSON.parse(document.body.getAttribute("data-hx-headers") || "{}"); } catch (e) { return {}; }
    }

    function schedule(remaining) {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(warn, Math.max(0, remaining - warnBefore) * 1000);
      endTimer = setTimeout(function () { window.location.assign(expiredUrl); }, remaining * 1000);
    }

    function close() {
      if (dialog && dialog.open) { dialog.close(); }
      if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
    }

    function stay() {
      var headers = csrfHeader();
      headers["Accept"] = "application/json";
      fetch(keepAliveUrl, { method: "POST", headers: headers, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("expired"); }
          return response.json();
        })
        .then(function (data) { close(); schedule(data.remaining); })
        .catch(function () { window.location.assign(expiredUrl); });
    }

    function leave() {
      // The logout form in the header does a real POST with the CSRF token.
      var form = document.querySelector('.header-nav form[action$="/logout"]');
      if (form) { form.submit(); } else { window.location.assign(expiredUrl); }
    }

    function warn() {
      if (!dialog) {
        dialog = template.content.firstElementChild.cloneNode(true);
        document.body.appendChild(dialog);
        dialog.querySelector("[data-stay]").addEventListener("click", stay);
        dialog.querySelector("[data-leave]").addEventListener("click", leave);
        // Escape means "I am here" too; it must not leave an open timer without a dialog.
        dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
      }
      if (dialog.open) { return; }
      lastFocus = document.activeElement;
      if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
      dialog.querySelector("[data-stay]").focus();
    }

    schedule(seconds);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
