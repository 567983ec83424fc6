//! `interleave import FILE.py` and `interleave export --python|--rust FILE`.

use super::load::load;
use super::out::out;
use super::{Opts, FAILED, INVALID, OK};
use interleave::bridge::{export, python};
use interleave::model;

/// Prints the scenario a Python program reads as; notes and errors go to stderr.
pub(super) fn import(opts: &Opts) -> u8 {
    let file = opts.file.as_deref().unwrap_or("-");
    let src = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut options = python::ImportOptions::default();
    for flag in &opts.cpu {
        match python::parse_cpu(flag) {
            Ok(cpu) => options.cpu.push(cpu),
            Err(why) => {
                eprintln!("interleave import: --cpu {why}");
                return INVALID;
            }
        }
    }
    match python::import(&src, &options) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("{file}:{note}");
            }
            out!("{}", model::print(&imported.scenario));
            OK
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{file}:{e}");
            }
            INVALID
        }
    }
}

/// Prints a scenario as a Python or a Rust (tokio) program.
pub(super) fn export(opts: &Opts) -> u8 {
    let target = match (opts.python, opts.rust) {
        (true, false) => export::Target::Python,
        (false, true) => export::Target::Rust,
        _ => {
            eprintln!("interleave export: give exactly one of --python and --rust");
            return INVALID;
        }
    };
    let Ok(scenario) = load(opts.file.as_deref().unwrap_or("-")) else {
        return INVALID;
    };
    out!("{}", export::program(&scenario, target));
    let _ = FAILED;
    OK
}

fn read(file: &str) -> Result<String, u8> {
    let result = if file == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
    } else {
        std::fs::read_to_string(file)
    };
    result.map_err(|e| {
        eprintln!("{file}: cannot read: {e}");
        INVALID
    })
}
