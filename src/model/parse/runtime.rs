//! The parser's `runtime { … }` block: every setting, once each, with its allowed values.

use super::lexer::Tok;
use super::{PResult, Parser, RUNTIME_KEYS};
use crate::model::suggest::did_you_mean;
use crate::model::types::limits::MAX_WORKERS;
use crate::model::{Cores, Policy, PoolQueue, Pos, Runtime};

// ===== impl Parser: the runtime block =====

impl Parser {
    pub(super) fn runtime_block(&mut self, rt: &mut Runtime) -> PResult<()> {
        let open = self.lbrace("runtime", "settings")?;
        let mut first: [Option<Pos>; 9] = [None; 9];
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::RBrace => {
                    self.bump();
                    self.end_stmt("the runtime block");
                    return Ok(());
                }
                Tok::Eof => {
                    self.unclosed(open, "runtime");
                    return Ok(());
                }
                Tok::Ident(key) => {
                    let key = key.clone();
                    if self.setting(&key, rt, &mut first).is_err() {
                        self.recover_line();
                    }
                }
                Tok::Bad => {
                    self.bump();
                    self.recover_line();
                }
                _ => {
                    self.unexpected("a runtime setting", None);
                    self.bump();
                    self.recover_line();
                }
            }
        }
    }

    fn setting(
        &mut self,
        key: &str,
        rt: &mut Runtime,
        first: &mut [Option<Pos>; 9],
    ) -> PResult<()> {
        let k = self.bump();
        let Some(idx) = RUNTIME_KEYS.iter().position(|x| *x == key) else {
            let hint = did_you_mean(key, RUNTIME_KEYS).unwrap_or_else(|| {
                "settings are workers, cores, quantum, policy, pool_queue, thread_start, process_start, seed and max_time".to_string()
            });
            return Err(self.err(k, format!("unknown runtime setting `{key}`"), Some(hint)));
        };
        if let Some(at) = first[idx] {
            return Err(self.err(
                k,
                format!("{key} is set twice; first on line {}", at.line),
                Some("keep one of them".to_string()),
            ));
        }
        first[idx] = Some(k);
        match key {
            "workers" => {
                let (n, at) = self.uint_arg("a number", key)?;
                if !(1..=u64::from(MAX_WORKERS)).contains(&n) {
                    return Err(self.err(
                        at,
                        format!("workers must be between 1 and {MAX_WORKERS}, not {n}"),
                        None,
                    ));
                }
                rt.workers = u32::try_from(n).ok();
            }
            "cores" => {
                if self.is_word("unlimited") && !self.at_stmt_end() {
                    self.bump();
                    rt.cores = Some(Cores::Unlimited);
                } else if matches!(self.peek_tok(), Tok::Int(_)) && !self.at_stmt_end() {
                    let (n, at) = self.u32_arg("a number", key)?;
                    if n == 0 {
                        return Err(self.err(
                            at,
                            "cores must be at least 1",
                            Some("write cores unlimited for no limit".to_string()),
                        ));
                    }
                    rt.cores = Some(Cores::Limited(n));
                } else if self.at_stmt_end() {
                    let at = self.prev_end();
                    return Err(self.err(at, "cores needs a number or unlimited", None));
                } else {
                    return Err(self.unexpected("a number or unlimited after `cores`", None));
                }
            }
            "quantum" => {
                let at = self.peek().pos;
                let d = self.dur_arg(key)?;
                if d == 0 {
                    return Err(self.err(at, "the quantum must be longer than 0us", None));
                }
                rt.quantum = Some(d);
            }
            "policy" => {
                const WORDS: &[&str] = &["fifo", "lifo", "random", "priority"];
                let (w, at) = self.word_arg("one of fifo, lifo, random or priority", key)?;
                rt.policy = Some(match w.as_str() {
                    "fifo" => Policy::Fifo,
                    "lifo" => Policy::Lifo,
                    "random" => Policy::Random,
                    "priority" => Policy::Priority,
                    _ => {
                        let hint = did_you_mean(&w, WORDS).unwrap_or_else(|| {
                            "policies are fifo, lifo, random and priority".to_string()
                        });
                        return Err(self.err(at, format!("unknown policy `{w}`"), Some(hint)));
                    }
                });
            }
            "pool_queue" => {
                const WORDS: &[&str] = &["fifo", "lifo", "priority"];
                let (w, at) = self.word_arg("one of fifo, lifo or priority", key)?;
                rt.pool_queue = Some(match w.as_str() {
                    "fifo" => PoolQueue::Fifo,
                    "lifo" => PoolQueue::Lifo,
                    "priority" => PoolQueue::Priority,
                    _ => {
                        let hint = did_you_mean(&w, WORDS).unwrap_or_else(|| {
                            "pool queue orders are fifo, lifo and priority".to_string()
                        });
                        return Err(self.err(
                            at,
                            format!("unknown pool_queue order `{w}`"),
                            Some(hint),
                        ));
                    }
                });
            }
            "thread_start" => rt.thread_start = Some(self.dur_arg(key)?),
            "process_start" => rt.process_start = Some(self.dur_arg(key)?),
            "seed" => rt.seed = Some(self.uint_arg("a number", key)?.0),
            _ => rt.max_time = Some(self.dur_arg(key)?),
        }
        self.end_stmt(&format!("the {key} setting"));
        Ok(())
    }

    /// A bare word argument (`fifo`).
    fn word_arg(&mut self, what: &str, after: &str) -> PResult<(String, Pos)> {
        if self.at_stmt_end() {
            let at = self.prev_end();
            return Err(self.err(at, format!("{after} needs {what}"), None));
        }
        match self.peek_tok().clone() {
            Tok::Ident(w) => Ok((w, self.bump())),
            _ => Err(self.unexpected(&format!("{what} after `{after}`"), None)),
        }
    }
}
