//! The browser's shared memory: one `SharedArrayBuffer` holding 32-bit words (the locks) and
//! 64-bit cells (the variables), read and written with `Atomics`, as [`shm::Memory`]. Every
//! worker of a live run views the same buffer from its own wasm instance; no wasm-threads build
//! is needed.

use crate::shm::{AsyncPark, Memory};
use js_sys::{Atomics, BigInt64Array, Int32Array, Promise, Reflect, SharedArrayBuffer};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes before the cells: their count.
const HEADER: usize = 8;

/// Whether this page (or worker) is cross-origin isolated, so `SharedArrayBuffer` can be shared.
pub fn isolated() -> bool {
    Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Whether this browser has `Atomics.waitAsync` (Chromium does; Firefox only lately).
pub fn waits_async() -> bool {
    let atomics = Reflect::get(&js_sys::global(), &"Atomics".into()).unwrap_or_default();
    Reflect::has(&atomics, &"waitAsync".into()).unwrap_or(false)
}

/// A view of one run's shared buffer: a 64-bit header holding the number of cells, the cells,
/// then the words; a worker handed the buffer learns its shape from the header.
#[derive(Clone)]
pub struct SharedMemory {
    buffer: SharedArrayBuffer,
    cells: BigInt64Array,
    words: Int32Array,
}

impl SharedMemory {
    /// A fresh, zeroed buffer, if the page may share memory.
    pub fn new(cells: usize, words: usize) -> Option<Self> {
        if !isolated() {
            return None;
        }
        let buffer = SharedArrayBuffer::new((HEADER + cells * 8 + words * 4) as u32);
        let header = BigInt64Array::new_with_byte_offset_and_length(&buffer, 0, 1);
        let _ = Atomics::store_bigint(&header, 0, cells as i64);
        Some(Self::view(buffer))
    }

    /// Views `buffer`, made by [`SharedMemory::new`].
    pub fn view(buffer: SharedArrayBuffer) -> Self {
        let header = BigInt64Array::new_with_byte_offset_and_length(&buffer, 0, 1);
        // See `load_cell` for why a read is an add of 0.
        let cells = Atomics::add_bigint(&header, 0, 0).unwrap_or(0).max(0) as u32;
        let cell_end = HEADER as u32 + cells * 8;
        let words = buffer.byte_length().saturating_sub(cell_end) / 4;
        Self {
            cells: BigInt64Array::new_with_byte_offset_and_length(&buffer, HEADER as u32, cells),
            words: Int32Array::new_with_byte_offset_and_length(&buffer, cell_end, words),
            buffer,
        }
    }

    /// The buffer, to post to a worker.
    pub fn buffer(&self) -> &SharedArrayBuffer {
        &self.buffer
    }

    /// The buffer, if `value` is one.
    pub fn buffer_of(value: &JsValue) -> Option<SharedArrayBuffer> {
        value
            .is_instance_of::<SharedArrayBuffer>()
            .then(|| value.clone().unchecked_into())
    }
}

// `Atomics` only throws on a wrong array type or an index out of range, which the run's layout
// rules out; a failure reads as 0 rather than trapping the worker.
impl Memory for SharedMemory {
    fn load(&self, at: usize) -> i32 {
        Atomics::load(&self.words, at as u32).unwrap_or(0)
    }

    fn store(&self, at: usize, value: i32) {
        let _ = Atomics::store(&self.words, at as u32, value);
    }

    fn add(&self, at: usize, delta: i32) -> i32 {
        Atomics::add(&self.words, at as u32, delta).unwrap_or(0)
    }

    fn compare_exchange(&self, at: usize, current: i32, new: i32) -> Result<i32, i32> {
        let found =
            Atomics::compare_exchange(&self.words, at as u32, current, new).unwrap_or(!current);
        if found == current {
            Ok(found)
        } else {
            Err(found)
        }
    }

    fn swap(&self, at: usize, value: i32) -> i32 {
        Atomics::exchange(&self.words, at as u32, value).unwrap_or(0)
    }

    fn wait(&self, at: usize, expected: i32, timeout_ms: f64) {
        // Throws on the page's main thread, where blocking is not allowed: the caller is a
        // worker, and on failure it simply looks again.
        let _ = Atomics::wait_with_timeout(&self.words, at as u32, expected, timeout_ms);
    }

    fn store_words(&self, at: usize, words: &[i32]) {
        // One copy into the buffer; the ring's atomic store of its count publishes it.
        let end = at.saturating_add(words.len()) as u32;
        if end <= self.words.length() {
            self.words.subarray(at as u32, end).copy_from(words);
        }
    }

    fn load_words(&self, at: usize, n: usize) -> Vec<i32> {
        let end = at.saturating_add(n) as u32;
        if end > self.words.length() {
            return vec![0; n];
        }
        self.words.subarray(at as u32, end).to_vec()
    }

    fn notify(&self, at: usize, count: u32) {
        let _ = Atomics::notify_with_count(&self.words, at as u32, count);
    }

    fn waits_async(&self) -> bool {
        waits_async()
    }

    fn wait_async(
        &self,
        at: usize,
        expected: i32,
        timeout_ms: f64,
        settled: Box<dyn FnOnce()>,
    ) -> Option<AsyncPark> {
        let result =
            Atomics::wait_async_with_timeout(&self.words, at as u32, expected, timeout_ms).ok()?;
        // `{ async: false, value: "not-equal" | "timed-out" }` ends at once; `async: true`
        // carries a promise that settles on notify or timeout.
        let pending = Reflect::get(&result, &"async".into()).ok()?.as_bool() == Some(true);
        if !pending {
            return Some(Box::pin(std::future::ready(())));
        }
        let promise: Promise = Reflect::get(&result, &"value".into())
            .ok()?
            .dyn_into()
            .ok()?;
        // The future's own reaction comes first and queues the wake; `settled` comes next.
        let woken = JsFuture::from(promise.clone());
        // A one-shot closure frees itself when called; the promise always settles (notify or
        // timeout), so none is left behind.
        let then: js_sys::Function = Reflect::get(&promise, &"then".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let _ = then.call1(
            &promise,
            &Closure::once_into_js(move |_: JsValue| settled()),
        );
        Some(Box::pin(async move {
            let _ = woken.await;
        }))
    }

    fn load_cell(&self, at: usize) -> i64 {
        // js-sys 0.3.107 declares `load_bigint`'s index as an `i64`, which reaches JavaScript as
        // a BigInt that `Atomics.load` refuses; adding 0 is the same atomic read.
        Atomics::add_bigint(&self.cells, at as u32, 0).unwrap_or(0)
    }

    fn store_cell(&self, at: usize, value: i64) {
        let _ = Atomics::store_bigint(&self.cells, at as u32, value);
    }

    fn max_cell(&self, at: usize, value: i64) -> i64 {
        let mut seen = self.load_cell(at);
        while seen < value {
            match Atomics::compare_exchange_bigint(&self.cells, at as u32, seen, value) {
                Ok(found) if found == seen => return seen,
                Ok(found) => seen = found,
                Err(_) => return seen,
            }
        }
        seen
    }

    fn add_cell(&self, at: usize, delta: i64) -> i64 {
        Atomics::add_bigint(&self.cells, at as u32, delta).unwrap_or(0)
    }
}
