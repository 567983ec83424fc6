//! Reading and loading the scenario a command names, with its diagnostics on stderr.

use super::INVALID;
use interleave::model::{self, Diagnostic, Scenario};
use std::io::Read;

/// Reads FILE (or stdin for `-`) and loads it, printing diagnostics as `file:line:col: message`.
pub(super) fn load(file: &str) -> Result<Scenario, u8> {
    let (label, src) = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("<stdin>: cannot read: {e}");
            return Err(INVALID);
        }
        ("<stdin>", s)
    } else {
        match std::fs::read_to_string(file) {
            Ok(s) => (file, s),
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                return Err(INVALID);
            }
        }
    };
    match model::load(&src) {
        Ok(scenario) => {
            print_diagnostics(label, &model::validate(&scenario));
            Ok(scenario)
        }
        Err(diagnostics) => {
            print_diagnostics(label, &diagnostics);
            Err(INVALID)
        }
    }
}

fn print_diagnostics(label: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{label}:{d}");
    }
}
