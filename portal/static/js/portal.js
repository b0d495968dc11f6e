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

  // After an htmx swap the element a person acted on may be gone, and focus falls back to
  // <body>: a screen-reader user hears nothing and a keyboard user starts again at the top.
  // A form sent in place (or a boosted step) moves focus to what answers it: the error
  // summary (or the step's heading, both data-autofocus), else the first field in error,
  // else the confirmation (data-confirmation). A swap a field started (a follow-up question,
  // inline validation, a filter) leaves focus where the person is. Either way the page's
  // live region (#announcer, outside every swapped block) says what changed.
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) { return; }
    // Emptied first, so the same words said twice in a row are read twice.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function focusOn(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function answerOf(root) {
    return root.querySelector("[data-autofocus]")
      || root.querySelector('[aria-invalid="true"]')
      || root.querySelector(".field-error input, .field-error select, .field-error textarea")
      || root.querySelector("[data-confirmation]");
  }

  function spoken(root) {
    var parts = [];
    if (root.hasAttribute("data-announce")) { parts.push(root.getAttribute("data-announce")); }
    Array.prototype.forEach.call(root.querySelectorAll("[data-announce]"), function (el) {
      parts.push(el.getAttribute("data-announce"));
    });
    Array.prototype.forEach.call(root.querySelectorAll(".error-message"), function (el) {
      parts.push(el.textContent.replace(/\s+/g, " ").trim());
    });
    return parts.join(" ");
  }

  var handled = new WeakSet();
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    if (!detail.xhr || handled.has(detail.xhr)) { return; }
    handled.add(detail.xhr);
    // An outerHTML swap replaced the target: its successor has the same id.
    var target = detail.target;
    if (target && !target.isConnected && target.id) { target = document.getElementById(target.id); }
    var root = target && target.isConnected ? target : event.target;
    var config = detail.requestConfig || {};
    var cause = config.triggeringEvent ? config.triggeringEvent.type : "";
    var sent = cause === "submit" || cause === "click" || detail.boosted;
    var answer = answerOf(root);
    var lost = !document.activeElement || document.activeElement === document.body
      || !document.activeElement.isConnected;
    var moved = false;
    if (sent && answer) {
      focusOn(answer);
      moved = true;
    } else if (lost) {
      // The focused element was swapped out: its successor (same id), else the answer,
      // else the new block's heading.
      var before = config.elt && config.elt.id ? document.getElementById(config.elt.id) : null;
      var heading = root.querySelector("h1, h2, h3, legend");
      var next = before || answer || heading;
      if (next) { focusOn(next); moved = next !== before; }
    }
    // What takes the focus is read out (with its label and error); the rest is announced.
    if (!moved) { announce(spoken(root)); }
  });

  // The admin's colours: while a hex code is typed, its swatch shows it and the contrast
  // table recomputes (WCAG 2.1 relative luminance, as portal/tenancy/contrast.py). The
  // server checks again on saving; without this script the page shows the saved figures.
  function luminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }
  function colourOf(name) {
    var input = document.querySelector('[data-colour="' + name + '"]');
    var value = input ? input.value.trim() : "";
    return /^#[0-9A-Fa-f]{6}$/.test(value) ? value : null;
  }
  function updateColours() {
    var table = document.getElementById("contrast");
    if (!table) { return; }
    var digits = new Intl.NumberFormat(document.documentElement.lang || "nl", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    var minimum = parseFloat(table.getAttribute("data-minimum"));
    Array.prototype.forEach.call(document.querySelectorAll("[data-colour]"), function (input) {
      var swatch = document.getElementById("swatch-" + input.getAttribute("data-colour"));
      var colour = colourOf(input.getAttribute("data-colour"));
      if (swatch) { swatch.style.backgroundColor = colour || "transparent"; }
    });
    Array.prototype.forEach.call(table.querySelectorAll("tr[data-contrast-fg]"), function (row) {
      var fg = colourOf(row.getAttribute("data-contrast-fg"));
      var bg = colourOf(row.getAttribute("data-contrast-bg"));
      var ratio = null;
      if (fg && bg) {
        var a = luminance(fg), b = luminance(bg);
        ratio = Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10;
      }
      row.querySelector(".contrast-ratio").textContent = (ratio === null ? "–" : digits.format(ratio)) + " : 1";
      row.querySelector(".contrast-verdict").textContent =
        table.getAttribute(ratio !== null && ratio >= minimum ? "data-enough" : "data-too-low");
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-colour]")) { updateColours(); }
  });

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
