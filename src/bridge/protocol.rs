//! The bridge worker's messages: a request from the page, and the reply, as JSON text.

use super::export::{program, Target};
use super::python::{import, parse_cpu, ImportOptions};
use crate::model::{self, Diagnostic};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum BridgeRequest {
    /// Read a Python program. `cpu` lists CPU functions, `work=200ms`, separated by commas or
    /// line breaks.
    Import {
        id: u32,
        source: String,
        cpu: String,
    },
    /// Write the scenario text as a program; `target` is `python` or `rust`.
    Export {
        id: u32,
        scenario: String,
        target: String,
    },
}

/// What came of a request: the text (a scenario, or a program), or the errors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BridgeReply {
    pub id: u32,
    pub text: Option<String>,
    /// `line:col: message (hint: …)`, one per error.
    pub errors: Vec<String>,
    /// Warnings about what the scenario leaves out, in the same form.
    pub notes: Vec<String>,
}

/// Answers one request (the worker's whole job, kept pure so it tests natively).
pub fn answer(request: &str) -> String {
    let reply = match serde_json::from_str::<BridgeRequest>(request) {
        Ok(BridgeRequest::Import { id, source, cpu }) => import_reply(id, &source, &cpu),
        Ok(BridgeRequest::Export {
            id,
            scenario,
            target,
        }) => export_reply(id, &scenario, &target),
        Err(e) => BridgeReply {
            errors: vec![format!("not a bridge request: {e}")],
            ..BridgeReply::default()
        },
    };
    serde_json::to_string(&reply).unwrap_or_default()
}

fn import_reply(id: u32, source: &str, cpu: &str) -> BridgeReply {
    let mut options = ImportOptions::default();
    let mut errors = Vec::new();
    for entry in cpu
        .split([',', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match parse_cpu(entry) {
            Ok(c) => options.cpu.push(c),
            Err(why) => errors.push(format!("CPU functions: {why}")),
        }
    }
    if !errors.is_empty() {
        return BridgeReply {
            id,
            errors,
            ..BridgeReply::default()
        };
    }
    match import(source, &options) {
        Ok(imported) => BridgeReply {
            id,
            text: Some(model::print(&imported.scenario)),
            errors: Vec::new(),
            notes: lines(&imported.notes),
        },
        Err(diagnostics) => BridgeReply {
            id,
            errors: lines(&diagnostics),
            ..BridgeReply::default()
        },
    }
}

fn export_reply(id: u32, scenario: &str, target: &str) -> BridgeReply {
    let target = match target {
        "python" => Target::Python,
        "rust" => Target::Rust,
        other => {
            return BridgeReply {
                id,
                errors: vec![format!("unknown target `{other}`: python or rust")],
                ..BridgeReply::default()
            }
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
            errors: lines(&diagnostics),
            ..BridgeReply::default()
        },
    }
}

fn lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    model::capped(diagnostics.to_vec())
        .iter()
        .map(ToString::to_string)
        .collect()
}
