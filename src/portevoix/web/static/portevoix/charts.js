/* Porte-voix charts: render every <figure class="chart"> (from {% chart %}) with vega-embed.
 *
 * Loaded with `defer` after the Vega bundle ({% vega_scripts %}). Runs on page load and after each
 * htmx swap (htmx:afterSettle); a figure is rendered once. Without vegaEmbed (bundle missing or
 * blocked) or with an invalid spec, the figure keeps its caption only and gets `chart--failed`.
 * Runs under a strict Content-Security-Policy (no eval, no inline style).
 * Numbers and dates follow the page language: French pages get the French decimal mark, spacing and
 * month names.
 */
(function () {
  "use strict";

  // d3-format fr-FR, as vl_convert.get_format_locale("fr-FR") gives it for server-side renders.
  var FRENCH = { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0€"], percent: "\u202f%" };
  // d3-time-format fr-FR, as vl_convert.get_time_format_locale("fr-FR") gives it: month names on
  // the roadmap's time axis.
  var FRENCH_TIME = {
    dateTime: "%A %e %B %Y à %X",
    date: "%d/%m/%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    shortDays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
      "novembre", "décembre"],
    shortMonths: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
  };

  function options() {
    // Under the Content-Security-Policy: Vega's expression interpreter instead of eval (ast), and
    // no <style> elements injected by vega-embed or vega-tooltip (their rules are in charts.css).
    var opts = {
      actions: false,
      renderer: "svg",
      ast: true,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true }
    };
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    if (lang.slice(0, 2) === "fr") {
      opts.formatLocale = FRENCH;
      opts.timeFormatLocale = FRENCH_TIME;
    }
    return opts;
  }

  function fail(figure, error) {
    figure.classList.add("chart--failed");
    if (error && window.console) {
      window.console.error("Porte-voix chart " + figure.id + ":", error);
    }
  }

  function render(figure) {
    if (figure.getAttribute("data-chart-state")) {
      return;
    }
    figure.setAttribute("data-chart-state", "started");
    var source = figure.querySelector('script[type="application/json"]');
    var target = figure.querySelector("[data-chart-target]");
    if (!source || !target || typeof window.vegaEmbed !== "function") {
      fail(figure, null);
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      fail(figure, error);
      return;
    }
    try {
      window.vegaEmbed(target, spec, options()).then(
        function () {
          figure.classList.add("chart--rendered");
          figure.setAttribute("data-chart-state", "rendered");
        },
        function (error) {
          fail(figure, error);
        }
      );
    } catch (error) {
      fail(figure, error);
    }
  }

  function renderAll() {
    var figures = document.querySelectorAll("figure.chart");
    for (var i = 0; i < figures.length; i += 1) {
      render(figures[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
  document.addEventListener("htmx:afterSettle", renderAll);
})();
