// Site-wide behaviour. No inline scripts: the Content-Security-Policy allows only 'self'.
document.addEventListener("DOMContentLoaded", () => {
  // Forms and links with data-confirm ask before they go on.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.body.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.dataset.confirm)) event.preventDefault();
  });
  // Progress bars carry their value in data-progress; CSP forbids inline style attributes.
  const paintProgress = (root) => {
    root.querySelectorAll("[data-progress]").forEach((bar) => {
      bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.progress)))}%`;
    });
  };
  paintProgress(document);
  document.body.addEventListener("htmx:afterSettle", (event) => paintProgress(event.target));
  // Selects with data-autosubmit submit their form when changed.
  document.body.addEventListener("change", (event) => {
    if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
  });
});
