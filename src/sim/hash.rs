//! A stable fingerprint of a trace (FNV-1a over its JSON form), for determinism checks.

use crate::trace::Trace;
use std::io::{self, Write};

/// FNV-1a 64-bit: tiny, stable across platforms and releases (unlike `DefaultHasher`).
struct Fnv1a(u64);

impl Write for Fnv1a {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The FNV-1a hash of the trace's JSON serialization: equal traces give equal hashes, on
/// every platform (natively and in the browser).
pub fn trace_hash(trace: &Trace) -> u64 {
    let mut h = Fnv1a(0xcbf2_9ce4_8422_2325);
    // Serializing plain data into a writer that cannot fail cannot fail either.
    let _ = serde_json::to_writer(&mut h, trace);
    h.0
}
