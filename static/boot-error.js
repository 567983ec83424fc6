// When the app cannot start (its script or wasm does not arrive, or the wasm fails to compile or
// start), the page painted before the wasm (#boot) says so and offers a reload, instead of
// loading forever. Plain JavaScript loaded as a file, before the app's module: the
// Content-Security-Policy allows no inline handler, and the error may come from the very code
// that would show it. The scenario and its history live in the browser's storage, so a reload
// loses nothing.
(() => {
  // trunk's inline loader (reported as the page, whatever its fragment) or the app's script.
  const page = (url) => String(url ?? "").split("#")[0];
  const fromApp = (event) =>
    page(event.filename) === page(location.href) || /\/app-[0-9a-f]+\.js$/.test(event.filename ?? "");
  const line = (text, className) => {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  };
  const fail = (reason) => {
    const boot = document.getElementById("boot");
    // Gone once the app started: later errors are the app's own (its panic banner).
    if (!boot || boot.querySelector(".boot-error")) return;
    const box = document.createElement("div");
    box.className = "boot-error";
    box.setAttribute("role", "alert");
    const zh = line(
      "Interleave 无法启动。请检查网络后重新加载；如果一直失败，可能是这个浏览器阻止了 WebAssembly，请换一个浏览器试试。",
      "boot-line",
    );
    zh.lang = "zh";
    box.append(
      line(
        "Interleave could not start. Check your connection and reload; if it keeps failing, this browser may block WebAssembly: try another one.",
        "boot-line",
      ),
      zh,
      line(`Details · 详情: ${reason}`, "boot-line boot-muted"),
    );
    const reload = document.createElement("button");
    reload.id = "boot-reload";
    reload.type = "button";
    reload.textContent = "Reload · 重新加载";
    reload.addEventListener("click", () => location.reload());
    box.append(reload);
    boot.querySelector(".boot-lanes")?.remove();
    boot.querySelector(".boot-muted")?.remove();
    boot.setAttribute("role", "group");
    boot.append(box);
  };
  // The wasm failed to download, compile or start: an uncaught error from the app's code.
  addEventListener("error", (event) => {
    if (event instanceof ErrorEvent && fromApp(event)) {
      fail(String(event.error?.message ?? event.message ?? "unknown error"));
    }
  });
  // The app's script itself did not arrive: its loader (trunk's inline module) reports a plain
  // error event on its own element, which only a listener in the capture phase sees.
  addEventListener(
    "error",
    (event) => {
      const target = event.target;
      if (target instanceof HTMLScriptElement && target.type === "module" && !target.src) {
        fail("the app's script could not be loaded");
      }
    },
    true,
  );
})();
