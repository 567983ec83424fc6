// Cross-origin isolation where the host sets no headers: registers static/isolate-sw.js, which
// adds them, and reloads once when it takes control, before the app has started. If the page
// is still not isolated after that one reload (a browser without service workers, a private
// window), live mode falls back to messages and says why; it never reloads again.
(() => {
  if (window.crossOriginIsolated || !window.isSecureContext || !("serviceWorker" in navigator)) return;
  const ONCE = "interleave:isolation-reload";
  if (sessionStorage.getItem(ONCE)) return;
  const reload = () => {
    sessionStorage.setItem(ONCE, "1");
    location.reload();
  };
  navigator.serviceWorker
    .register("isolate-sw.js")
    .then(() => {
      if (navigator.serviceWorker.controller) reload();
      else navigator.serviceWorker.addEventListener("controllerchange", reload, { once: true });
    })
    .catch(() => {});
})();
