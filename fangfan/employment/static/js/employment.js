// 一人一档: open the tab named in the address (#tab-employment, #tab-alerts) after a save.
document.addEventListener("DOMContentLoaded", () => {
  const hash = window.location.hash;
  if (!hash.startsWith("#tab-") || !window.bootstrap) return;
  const button = document.querySelector(`[data-bs-target="${hash}"]`);
  if (button) window.bootstrap.Tab.getOrCreateInstance(button).show();
});
