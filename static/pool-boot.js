// Boots one pool worker: waits for the page's compiled module, then starts the Rust worker with it.
// The page compiles worker_bg.wasm once and posts the WebAssembly.Module here, so no worker
// fetches or compiles it again.
self.onmessage = (event) => {
  const data = event.data;
  if (!data || data.type !== "init" || !(data.module instanceof WebAssembly.Module)) return;
  self.onmessage = null;
  // The glue's name carries its content hash (the page reads it from index.html).
  importScripts(typeof data.script === "string" ? data.script : "worker.js");
  // Rust's main (live::worker::install) runs on init, replaces onmessage and posts "ready".
  wasm_bindgen({ module_or_path: data.module }).catch((error) => {
    self.postMessage({ type: "error", message: String(error) });
  });
};
