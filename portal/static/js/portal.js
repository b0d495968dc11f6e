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

  // A select whose <option>s htmx replaces out of band (the queue's filter counts) keeps
  // the choice it showed: after the swap Chromium would show the last option, and the
  // next request would filter on it. The value from before the swap is the user's
  // latest choice (it may be newer than the answer); else the option marked `selected`.
  var before = new WeakMap();
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var select = event.detail.target;
    if (select && select.tagName === "SELECT") { before.set(select, select.value); }
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var select = event.detail.target;
    if (!select || select.tagName !== "SELECT" || select.multiple) { return; }
    var wanted = before.has(select) ? before.get(select) : null;
    var options = Array.prototype.slice.call(select.options);
    var keep = options.filter(function (o) { return o.value === wanted; })[0]
      || options.filter(function (o) { return o.defaultSelected; })[0] || options[0];
    if (keep) { keep.selected = true; }
  });
})();
