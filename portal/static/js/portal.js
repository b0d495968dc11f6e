// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // A second click on a submit button while the first request runs would submit twice;
  // the server also refuses doubles (idempotency keys), this just avoids the wait.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitting === "true") { event.preventDefault(); return; }
    form.dataset.submitting = "true";
    setTimeout(function () { form.dataset.submitting = "false"; }, 5000);
  });

  // Move focus to the error summary so screen-reader users hear what went wrong.
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.target); });
})();
