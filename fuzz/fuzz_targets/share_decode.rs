//! Fuzz target: any text as a share-link payload must decode or fail cleanly, never panic.

#![no_main]

use interleave::model::share::decode_payload;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|payload: &str| {
    let _ = decode_payload(payload);
});
