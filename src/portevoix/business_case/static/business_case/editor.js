/* Business-case editor: show only the parameters of the chosen distribution (all are sent; unused
 * ones are ignored). A static file, so that the Content-Security-Policy can forbid inline scripts. */
document.addEventListener("change", (event) => {
  const select = event.target.closest ? event.target.closest("[data-distribution]") : null;
  if (!select) return;
  for (const label of select.parentElement.querySelectorAll(".roi-param")) {
    label.hidden = !label.dataset.kinds.split(" ").includes(select.value);
  }
});
