//! The commands: run, check or share a loaded scenario; list the presets.

use super::load::load;
use super::out::out;
use super::{Opts, FAILED, INVALID, OK};
use interleave::model::{self, presets, share};
use interleave::sim::{simulate, SimOptions};

pub(super) fn run(o: &Opts) -> u8 {
    let scenario = match load(o.file.as_deref().unwrap_or("-")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let options = SimOptions {
        seed: o.seed,
        ..SimOptions::default()
    };
    let result = match &o.sched {
        Some(text) => match super::explore::run_sched(&scenario, &options, text) {
            Ok(run) => run,
            Err(code) => return code,
        },
        None => simulate(&scenario, &options),
    };
    if let Some(out) = &o.chrome_trace {
        let json = interleave::trace::chrome::export(&result.trace);
        if let Err(e) = std::fs::write(out, json) {
            eprintln!("{out}: cannot write the chrome trace: {e}");
            return INVALID;
        }
    }
    if o.json {
        match serde_json::to_string_pretty(&result.summary) {
            Ok(s) => out!("{s}"),
            Err(e) => {
                eprintln!("cannot write the summary: {e}");
                return FAILED;
            }
        }
    } else {
        out!("{}", result.summary.explain());
    }
    if result.summary.success() {
        OK
    } else {
        FAILED
    }
}

pub(super) fn check(o: &Opts) -> u8 {
    match load(o.file.as_deref().unwrap_or("-")) {
        Ok(s) => {
            let tasks: u64 = s
                .tasks
                .iter()
                .map(|t| u64::from(t.replicas.unwrap_or(1).max(1)))
                .sum();
            out!(
                "ok: {} task(s), {} resource(s), {} expect(s)",
                tasks,
                s.resources.len(),
                s.expects.len()
            );
            OK
        }
        Err(code) => code,
    }
}

pub(super) fn share(o: &Opts) -> u8 {
    let scenario = match load(o.file.as_deref().unwrap_or("-")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mode = if o.live {
        share::Mode::Live
    } else {
        share::Mode::Sim
    };
    let text = model::print(&scenario);
    if let Some(sched) = &o.sched {
        if let Err(e) = interleave::explore::parse_sched(sched) {
            eprintln!("--sched: {e}");
            return INVALID;
        }
    }
    let sched = o.sched.as_deref().filter(|s| !s.is_empty());
    out!("{}", share::format_fragment(&text, mode, o.seed, sched));
    OK
}

pub(super) fn presets(o: &Opts) -> u8 {
    match &o.print {
        Some(id) => match presets::find(id) {
            Some(p) => {
                out!("{}", p.source.strip_suffix('\n').unwrap_or(p.source));
                OK
            }
            None => {
                let ids: Vec<&str> = presets::presets().iter().map(|p| p.id).collect();
                eprintln!("unknown preset `{id}`; presets: {}", ids.join(", "));
                INVALID
            }
        },
        None => {
            for p in presets::presets() {
                out!("{}\t{}", p.id, p.title_en);
            }
            OK
        }
    }
}
