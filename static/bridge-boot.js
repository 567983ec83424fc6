// Boots the bridge worker (the Python importer and the exporters). The page creates it only when
// the code panel is first used, so its wasm is not part of the first load.
importScripts("bridge.js");
wasm_bindgen({ module_or_path: "bridge_bg.wasm" }).catch((error) => {
  self.postMessage({ fatal: String(error) });
});
