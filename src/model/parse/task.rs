//! The parser's task declarations: `KIND NAME MODS { STEPS }` and the modifiers.

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::model::suggest::did_you_mean;
use crate::model::vocab::kind_word;
use crate::model::{Pos, Start, TaskDecl, TaskKind};

const MODIFIERS_HINT: &str = "modifiers are xN, at DUR, on spawn and priority P";

// ===== impl Parser: task declarations =====

impl Parser {
    /// `KIND NAME MODS { STEPS }`; `None` when the declaration is broken (already reported).
    pub(crate) fn task(&mut self, kind: TaskKind) -> Option<TaskDecl> {
        let kw = self.bump();
        let word = kind_word(kind);
        let mut ok = true;
        let mut decl = TaskDecl {
            kind,
            name: String::new(),
            replicas: None,
            start: Start::AtZero,
            priority: 0,
            body: Vec::new(),
            pos: kw,
        };
        match self.name_arg("a task name", word) {
            Ok((name, _)) => decl.name = name,
            Err(_) => ok = false,
        }
        if ok && self.modifiers(&mut decl).is_err() {
            ok = false;
        }
        // After a broken header, still read the body so its errors are reported too.
        if !ok && !self.recover_to_brace() {
            self.recover_line();
            return None;
        }
        let owner = format!("{word} {}", decl.name);
        match self.lbrace(&owner, "steps") {
            Ok(open) => decl.body = self.block_body(open, 0, &owner),
            Err(_) => {
                self.recover_line();
                return None;
            }
        }
        self.end_stmt(&format!("the body of {owner}"));
        ok.then_some(decl)
    }

    fn modifiers(&mut self, decl: &mut TaskDecl) -> PResult<()> {
        let mut priority_seen = false;
        while !self.at_stmt_end() && self.peek_tok() != &Tok::LBrace {
            let t = self.peek().clone();
            let Tok::Ident(word) = &t.tok else {
                let hint = match t.tok {
                    Tok::Str(_) => "a task has one name; ".to_string() + MODIFIERS_HINT,
                    _ => MODIFIERS_HINT.to_string(),
                };
                return Err(self.unexpected("a modifier or `{` after the task name", Some(hint)));
            };
            let replicas = word
                .strip_prefix('x')
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            if let Some(digits) = replicas {
                self.bump();
                if decl.replicas.is_some() {
                    return Err(self.err(t.pos, "the replica count is given twice", None));
                }
                let n = digits.parse::<u32>().map_err(|_| {
                    self.err(
                        t.pos,
                        format!("the replica count {digits} is too large"),
                        Some("a scenario has at most 10000 tasks".to_string()),
                    )
                })?;
                decl.replicas = Some(n);
                continue;
            }
            match word.as_str() {
                "at" => {
                    self.bump();
                    let d = self.dur_arg("at")?;
                    self.start(decl, Start::At(d), t.pos)?;
                }
                "on" => {
                    self.bump();
                    if !self.is_word("spawn") || self.at_stmt_end() {
                        return Err(
                            self.unexpected("`spawn` after on", Some("write on spawn".to_string()))
                        );
                    }
                    self.bump();
                    self.start(decl, Start::OnSpawn, t.pos)?;
                }
                "priority" => {
                    self.bump();
                    if priority_seen {
                        return Err(self.err(t.pos, "the priority is given twice", None));
                    }
                    priority_seen = true;
                    decl.priority = self.int_arg("a priority", "priority")?;
                }
                _ => {
                    let hint = did_you_mean(word, &["at", "on", "priority"])
                        .unwrap_or_else(|| MODIFIERS_HINT.to_string());
                    return Err(self.err(
                        t.pos,
                        format!("unknown task modifier `{word}`"),
                        Some(hint),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Sets how the task starts; `at` and `on spawn` exclude each other.
    fn start(&mut self, decl: &mut TaskDecl, start: Start, at: Pos) -> PResult<()> {
        match (decl.start, start) {
            (Start::AtZero, _) => {
                decl.start = start;
                Ok(())
            }
            (Start::At(_), Start::At(_)) => {
                Err(self.err(at, "the start time is given twice", None))
            }
            (Start::OnSpawn, Start::OnSpawn) => Err(self.err(at, "on spawn is given twice", None)),
            _ => Err(self.err(
                at,
                "a task cannot both start at a time and on spawn",
                Some("keep either at DUR or on spawn".to_string()),
            )),
        }
    }
}
