//! The parser's top level: the statement loop, the title and the resource declarations.

use super::lesson::SeenLesson;
use super::lexer::Tok;
use super::{PResult, Parser, RUNTIME_KEYS, STEP_WORDS, TOP_WORDS};
use crate::model::suggest::did_you_mean;
use crate::model::{Pos, Resource, ResourceKind, Runtime, Scenario, TaskKind};

// ===== impl Parser: the top level =====

/// Where the once-only forms were first seen.
#[derive(Default)]
struct Seen {
    title: Option<Pos>,
    runtime: Option<Pos>,
    lesson: SeenLesson,
}

impl Parser {
    pub(super) fn scenario(&mut self) -> Scenario {
        let mut sc = Scenario::default();
        let mut seen = Seen::default();
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::Eof => return sc,
                Tok::Ident(word) => {
                    if self.top_form(word, &mut sc, &mut seen).is_err() {
                        self.recover_line();
                    }
                }
                Tok::RBrace => {
                    self.bump();
                    self.err(
                        t.pos,
                        "this `}` closes nothing",
                        Some("remove it, or add the `{` it should close".to_string()),
                    );
                }
                Tok::Bad => {
                    self.bump();
                    self.recover_line();
                }
                _ => {
                    let hint = match t.tok {
                        Tok::Str(_) => Some("a title is written scenario \"...\"".to_string()),
                        _ => None,
                    };
                    self.unexpected("a declaration", hint);
                    self.bump();
                    self.recover_line();
                }
            }
        }
    }

    fn top_form(&mut self, word: &str, sc: &mut Scenario, seen: &mut Seen) -> PResult<()> {
        let kw = self.peek().pos;
        match word {
            "scenario" => self.title(sc, seen),
            "runtime" => {
                self.bump();
                let mut rt = Runtime::default();
                if let Some(first) = seen.runtime {
                    self.err(
                        kw,
                        format!(
                            "a second runtime block; the first is on line {}",
                            first.line
                        ),
                        Some("put all settings in one runtime block".to_string()),
                    );
                    self.runtime_block(&mut rt)
                } else {
                    seen.runtime = Some(kw);
                    self.runtime_block(&mut sc.runtime)
                }
            }
            "mutex" | "rwlock" | "condvar" | "semaphore" | "channel" | "var" => {
                let r = self.resource(word)?;
                sc.resources.push(r);
                self.end_stmt(&format!("the {word} declaration"));
                Ok(())
            }
            "async" | "thread" | "job" | "process" => {
                let kind = match word {
                    "async" => TaskKind::Async,
                    "thread" => TaskKind::Thread,
                    "job" => TaskKind::Job,
                    _ => TaskKind::Process,
                };
                if let Some(task) = self.task(kind) {
                    sc.tasks.push(task);
                }
                Ok(())
            }
            "lesson" | "look" | "view" | "stop" => self.lesson_line(word, sc, &mut seen.lesson),
            "expect" => {
                let e = self.expect()?;
                sc.expects.push(e);
                self.end_stmt("the expectation");
                Ok(())
            }
            _ => {
                self.bump();
                let msg;
                let hint;
                if STEP_WORDS.contains(&word) || word == "catch" {
                    msg = format!("`{word}` is a step, and steps go inside a task");
                    hint = Some(format!("put it in a task: async main {{ {word} ... }}"));
                } else if RUNTIME_KEYS.contains(&word) {
                    msg = format!(
                        "`{word}` is a runtime setting, and settings go inside runtime {{ }}"
                    );
                    hint = None;
                } else {
                    msg = format!("unknown declaration `{word}`");
                    hint = Some(did_you_mean(word, TOP_WORDS).unwrap_or_else(|| {
                        "a line starts with scenario, lesson, look, view, stop, runtime, mutex, rwlock, semaphore, channel, condvar, var, async, thread, job, process or expect".to_string()
                    }));
                }
                Err(self.err(kw, msg, hint))
            }
        }
    }

    fn title(&mut self, sc: &mut Scenario, seen: &mut Seen) -> PResult<()> {
        let kw = self.bump();
        let t = self.peek().clone();
        let title = match t.tok {
            Tok::Str(_) if !self.at_stmt_end() => self.said("scenario")?,
            Tok::Ident(_) if !self.at_stmt_end() => {
                return Err(self.err(
                    t.pos,
                    "the title must be in double quotes",
                    Some("write scenario \"my title\"".to_string()),
                ))
            }
            _ if self.at_stmt_end() => {
                let at = self.prev_end();
                return Err(self.err(at, "scenario needs a title in double quotes", None));
            }
            _ => return Err(self.unexpected("a title in double quotes after scenario", None)),
        };
        match seen.title {
            Some(first) => {
                self.err(
                    kw,
                    format!("the title is already set on line {}", first.line),
                    Some("a scenario has one title".to_string()),
                );
            }
            None => {
                seen.title = Some(kw);
                sc.title = Some(title.text);
                sc.title_zh = title.zh;
            }
        }
        self.end_stmt("the title");
        Ok(())
    }

    fn resource(&mut self, word: &str) -> PResult<Resource> {
        let kw = self.bump();
        let (name, _) = self.name_arg("a name", word)?;
        let kind = match word {
            "mutex" => ResourceKind::Mutex,
            "rwlock" => ResourceKind::RwLock,
            "condvar" => ResourceKind::Condvar,
            "semaphore" => {
                self.assign(word, "a permit count", "semaphore s = 2")?;
                let (permits, _) = self.u32_arg("a permit count", "semaphore")?;
                ResourceKind::Semaphore { permits }
            }
            "var" => {
                self.assign(word, "a starting value", "var counter = 0")?;
                let init = self.int_arg("a starting value", "var")?;
                ResourceKind::Var { init }
            }
            _ => {
                let capacity = if self.at_stmt_end() {
                    None
                } else if self.is_word("capacity") {
                    self.bump();
                    Some(self.u32_arg("a number", "capacity")?.0)
                } else {
                    return Err(self.unexpected(
                        "capacity or the end of the line after the channel name",
                        Some("a bounded channel is written channel q capacity 3".to_string()),
                    ));
                };
                ResourceKind::Channel { capacity }
            }
        };
        Ok(Resource {
            name,
            kind,
            pos: kw,
        })
    }

    /// The `=` of `semaphore s = N` and `var v = N`.
    fn assign(&mut self, word: &str, what: &str, example: &str) -> PResult<()> {
        if self.peek_tok() == &Tok::Assign {
            self.bump();
            return Ok(());
        }
        let hint = Some(format!("write {example}"));
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{word} needs `=` and {what}"), hint));
        }
        Err(self.unexpected(&format!("`=` after the {word} name"), hint))
    }
}
