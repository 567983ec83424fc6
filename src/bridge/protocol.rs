//! The bridge worker's messages: a request from the page, and the reply. They travel as
//! [`crate::wire`] bytes on the bridge's channel (`web/bridge_worker.rs`, `ui/code/client.rs`).

use super::export::{program, Target};
use super::python::{import, parse_cpu, zh, ImportOptions};
use crate::lang::Lang;
use crate::model::{self, Diagnostic, Pos};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BridgeRequest {
    /// Read a Python program. `cpu` lists CPU functions, `work=200ms`, separated by commas or
    /// line breaks; `lang` (`en` or `zh`) is the language the errors and notes come back in.
    Import {
        id: u32,
        source: String,
        cpu: String,
        lang: String,
    },
    /// Write the scenario text as a program; `target` is `python` or `rust`.
    Export {
        id: u32,
        scenario: String,
        target: String,
        lang: String,
    },
}

/// What came of a request: the text (a scenario, or a program), or the errors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BridgeReply {
    pub id: u32,
    pub text: Option<String>,
    /// What could not be read, in the request's language.
    pub errors: Vec<Said>,
    /// Warnings about what the scenario leaves out, in the request's language.
    pub notes: Vec<Said>,
}

/// One error or note, in words for the reader; `line` 0 when it has no place in the program.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Said {
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub hint: Option<String>,
}

/// Everything the bridge worker says to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromBridge {
    /// Its wasm has loaded: requests can come.
    Ready,
    Reply(BridgeReply),
    /// It panicked (the message says where and why) and is dead from now on.
    Fatal(String),
}

/// Answers one request (the worker's whole job, kept pure so it tests natively).
pub fn reply_to(request: BridgeRequest) -> BridgeReply {
    match request {
        BridgeRequest::Import {
            id,
            source,
            cpu,
            lang,
        } => import_reply(id, &source, &cpu, Lang::from_tag(&lang)),
        BridgeRequest::Export {
            id,
            scenario,
            target,
            lang,
        } => export_reply(id, &scenario, &target, Lang::from_tag(&lang)),
    }
}

fn import_reply(id: u32, source: &str, cpu: &str, lang: Lang) -> BridgeReply {
    let mut options = ImportOptions::default();
    for entry in cpu
        .split([',', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match parse_cpu(entry) {
            Ok(c) => options.cpu.push(c),
            Err(why) => return refused(id, format!("CPU functions: {why}"), lang),
        }
    }
    match import(source, &options) {
        Ok(imported) => BridgeReply {
            id,
            text: Some(model::print(&imported.scenario)),
            errors: Vec::new(),
            notes: said(&imported.notes, lang),
        },
        Err(diagnostics) => BridgeReply {
            id,
            errors: said(&diagnostics, lang),
            ..BridgeReply::default()
        },
    }
}

fn export_reply(id: u32, scenario: &str, target: &str, lang: Lang) -> BridgeReply {
    let target = match target {
        "python" => Target::Python,
        "rust" => Target::Rust,
        other => {
            return refused(
                id,
                format!("unknown target `{other}`: python or rust"),
                lang,
            )
        }
    };
    match model::load(scenario) {
        Ok(s) => BridgeReply {
            id,
            text: Some(program(&s, target)),
            ..BridgeReply::default()
        },
        Err(diagnostics) => BridgeReply {
            id,
            errors: said(&diagnostics, lang),
            ..BridgeReply::default()
        },
    }
}

/// A reply with one error that has no place in the program.
fn refused(id: u32, message: String, lang: Lang) -> BridgeReply {
    let errors = said(&[Diagnostic::error(Pos::new(0, 0), message)], lang);
    BridgeReply {
        id,
        errors,
        ..BridgeReply::default()
    }
}

/// Diagnostics in `lang`: the importer's templates first, then the scenario language's.
fn said(diagnostics: &[Diagnostic], lang: Lang) -> Vec<Said> {
    let words = |text: &str| match lang {
        Lang::En => text.to_string(),
        Lang::Zh => {
            model::translate_zh_with(text, zh::TEMPLATES).unwrap_or_else(|| text.to_string())
        }
    };
    model::capped(diagnostics.to_vec())
        .iter()
        .map(|d| Said {
            line: d.line,
            col: d.col,
            message: words(&d.message),
            hint: d.hint.as_deref().map(words),
        })
        .collect()
}
