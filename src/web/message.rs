//! Messages as bytes over `postMessage`: sent with their buffer transferred (not copied), read
//! back into a `Vec` on the other side.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, Worker};

/// The message and its transfer list: the bytes' buffer moves to the receiver.
fn transferable(bytes: &[u8]) -> (Uint8Array, Array) {
    let array = Uint8Array::from(bytes);
    let transfer = Array::of1(&array.buffer());
    (array, transfer)
}

/// Posts `bytes` to a worker.
pub fn post_to_worker(worker: &Worker, bytes: &[u8]) {
    let (array, transfer) = transferable(bytes);
    let _ = worker.post_message_with_transfer(&array, &transfer);
}

/// Posts `bytes` from this worker to the page.
pub fn post_to_page(bytes: &[u8]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (array, transfer) = transferable(bytes);
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

/// The bytes of a message, or `None` when it is not bytes (pool-boot.js reports a failed start
/// as a plain object).
pub fn bytes_of(data: &JsValue) -> Option<Vec<u8>> {
    data.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}
