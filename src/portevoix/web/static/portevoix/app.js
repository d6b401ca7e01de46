/* Porte-voix page behaviour, kept out of the HTML so the Content-Security-Policy can forbid
 * inline scripts and styles (docs/decisions/0011-security.md).
 *
 * - [data-width="NN"]: sets the element's width to NN % (bars, progress bars);
 * - form[data-confirm] (on submit) and button[data-confirm] (on click): ask before going on;
 * - select[data-autosubmit]: submits its form when changed;
 * - select[data-navigate]: goes to the chosen option's value (the organisation switcher).
 * Runs on page load and on every piece of page htmx swaps in.
 */
(function () {
  "use strict";

  function each(root, selector, callback) {
    var found = root.querySelectorAll ? root.querySelectorAll(selector) : [];
    for (var i = 0; i < found.length; i += 1) {
      callback(found[i]);
    }
    if (root.matches && root.matches(selector)) {
      callback(root);
    }
  }

  function setup(root) {
    each(root, "[data-width]", function (element) {
      var value = parseFloat(element.getAttribute("data-width"));
      if (!isNaN(value)) {
        element.style.width = Math.max(0, Math.min(100, value)) + "%";
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches) {
      return;
    }
    if (select.matches("select[data-autosubmit]") && select.form) {
      select.form.submit();
    } else if (select.matches("select[data-navigate]") && select.value) {
      window.location = select.value;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setup(document);
    });
  } else {
    setup(document);
  }
  document.addEventListener("htmx:load", function (event) {
    setup(event.target);
  });
})();
