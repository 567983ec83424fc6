//! Fuzz target: any UTF-8 text goes to `parse`; whatever parses must print, reparse to the
//! same scenario, print identically again, and validate without panicking.

#![no_main]

use interleave::model::{parse, print, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    if let Ok(scenario) = parse(src) {
        let text = print(&scenario);
        let again = parse(&text).expect("printed text must parse");
        assert_eq!(again, scenario, "print then parse changed the scenario");
        assert_eq!(print(&again), text, "printing is not canonical");
        let _ = validate(&scenario);
    }
});
