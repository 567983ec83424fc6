// Boots the bridge worker (the Python importer and the exporters). The page creates it only when
// the code panel is first used, so its wasm is not part of the first load. The page passes the
// glue's and the wasm's content-hashed names in this script's address.
const files = new URLSearchParams(self.location.search);
importScripts(files.get("script") || "bridge.js");
wasm_bindgen({ module_or_path: files.get("wasm") || "bridge_bg.wasm" }).catch((error) => {
  self.postMessage({ fatal: String(error) });
});
