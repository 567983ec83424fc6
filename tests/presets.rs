//! The presets gallery: every preset is canonical, valid, bilingual, states its lesson and fits in a short link.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::presets::{default_preset, find, presets, Preset};
use interleave::model::share::{format_fragment, link_len, parse_fragment, Mode, MAX_LINK_CHARS};
use interleave::model::{
    parse, print, validate, Cores, ExpectKind, Policy, ResourceKind, Scenario, Step, StepKind,
    TaskKind,
};

/// The example at the top of docs/LANGUAGE.md, which the default preset must be.
const TUTORIAL_EXAMPLE: &str = "scenario \"asyncio.gather vs threads\"

runtime {
  workers 2
  seed 7
}

async 任务1 x2 {
  log \"start\"
  sleep 1s
  log \"end\"
}

thread 线程 x2 {
  sleep 1s
}
";

fn parsed(preset: &Preset) -> Scenario {
    match parse(preset.source) {
        Ok(scenario) => scenario,
        Err(diags) => {
            let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
            panic!("preset {} does not parse:\n{}", preset.id, list.join("\n"));
        }
    }
}

fn all_steps<'a>(steps: &'a [Step], out: &mut Vec<&'a StepKind>) {
    for step in steps {
        out.push(&step.kind);
        match &step.kind {
            StepKind::Repeat { body, .. } | StepKind::Timeout { body, .. } => all_steps(body, out),
            StepKind::Try { body, catch } => {
                all_steps(body, out);
                all_steps(catch, out);
            }
            _ => {}
        }
    }
}

fn median(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2
    }
}

// ===== the gallery's shape =====

#[test]
fn gallery_has_at_least_fourteen_presets() {
    assert!(presets().len() >= 14, "{}", presets().len());
}

#[test]
fn ids_are_unique_kebab_case_and_findable() {
    let mut seen = std::collections::BTreeSet::new();
    for preset in presets() {
        assert!(seen.insert(preset.id), "duplicate id {}", preset.id);
        let kebab = !preset.id.is_empty()
            && !preset.id.starts_with('-')
            && !preset.id.ends_with('-')
            && !preset.id.contains("--")
            && preset
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(kebab, "not kebab-case: {}", preset.id);
        assert_eq!(find(preset.id).map(|p| p.id), Some(preset.id));
    }
    assert!(find("no-such-preset").is_none());
    assert!(find("").is_none());
}

#[test]
fn default_preset_is_the_tutorial_example_with_its_lesson() {
    let first = &presets()[0];
    assert_eq!(first.id, "gather-vs-threads");
    assert_eq!(default_preset().id, first.id);
    // The tutorial's own example, with the lesson that teaches it on top.
    let mut scenario = parse(first.source).expect("the default preset parses");
    assert!(
        scenario.lesson.stops.len() >= 3,
        "the default preset has a tour"
    );
    scenario.lesson = Default::default();
    scenario.title_zh = None;
    assert_eq!(
        print(&scenario),
        format!("{TUTORIAL_EXAMPLE}\nexpect makespan <= 1s\n")
    );
}

#[test]
fn every_preset_speaks_both_languages() {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for p in presets() {
        for (what, text) in [
            ("title_en", p.title_en),
            ("title_zh", p.title_zh),
            ("explain_en", p.explain_en),
            ("explain_zh", p.explain_zh),
            ("lesson_en", p.lesson_en),
            ("lesson_zh", p.lesson_zh),
        ] {
            assert!(!text.trim().is_empty(), "{} has no {what}", p.id);
            assert!(!text.contains('\n'), "{} {what} is not one line", p.id);
        }
        for zh in [p.title_zh, p.explain_zh, p.lesson_zh] {
            assert!(zh.chars().any(is_cjk), "{}: not Chinese: {zh}", p.id);
        }
        assert!(p.explain_en.ends_with('.'), "{}", p.id);
        assert_eq!(
            p.explain_en.matches(". ").count(),
            1,
            "{}: explain_en should be two sentences",
            p.id
        );
        assert_eq!(
            p.explain_zh.matches('。').count(),
            2,
            "{}: explain_zh should be two sentences",
            p.id
        );
    }
}

#[test]
fn chinese_texts_use_the_tutorials_terms() {
    let all: String = presets()
        .iter()
        .flat_map(|p| [p.title_zh, p.explain_zh, p.lesson_zh])
        .collect();
    for term in [
        "任务",
        "异步任务",
        "并发任务",
        "线程",
        "进程",
        "回调函数",
        "事件循环",
        "线程池",
        "信号量",
        "锁",
        "互斥锁",
        "读写锁",
        "条件变量",
    ] {
        assert!(all.contains(term), "no preset says {term}");
    }
}

// ===== every preset is a valid, canonical scenario =====

#[test]
fn every_preset_parses_and_validates_without_errors() {
    for p in presets() {
        let scenario = parsed(p);
        let diags = validate(&scenario);
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}: {}", p.id, errors.join("; "));
        for warning in diags.iter().filter(|d| !d.is_error()) {
            println!("{}: {warning}", p.id);
        }
    }
}

#[test]
fn every_preset_is_in_canonical_form() {
    for p in presets() {
        let printed = print(&parsed(p));
        assert!(
            printed == p.source,
            "{} is not canonical; print(parse(file)) gives:\n{printed}",
            p.id
        );
    }
}

#[test]
fn every_preset_states_its_lesson_in_expect_lines() {
    for p in presets() {
        let scenario = parsed(p);
        assert!(!scenario.expects.is_empty(), "{} has no expect", p.id);
        assert!(scenario.title.is_some(), "{} has no title", p.id);
    }
}

#[test]
fn gallery_covers_every_kind_of_task_and_resource() {
    let scenarios: Vec<Scenario> = presets().iter().map(parsed).collect();
    let tasks = || scenarios.iter().flat_map(|s| s.tasks.iter());
    let resources = || scenarios.iter().flat_map(|s| s.resources.iter());
    let expects = || scenarios.iter().flat_map(|s| s.expects.iter());
    for kind in [
        TaskKind::Async,
        TaskKind::Thread,
        TaskKind::Job,
        TaskKind::Process,
    ] {
        assert!(tasks().any(|t| t.kind == kind), "no {kind:?} task");
    }
    let has = |f: &dyn Fn(&ResourceKind) -> bool| resources().any(|r| f(&r.kind));
    assert!(has(&|k| *k == ResourceKind::Mutex));
    assert!(has(&|k| *k == ResourceKind::RwLock));
    assert!(has(&|k| *k == ResourceKind::Condvar));
    assert!(has(&|k| matches!(k, ResourceKind::Semaphore { .. })));
    assert!(has(&|k| matches!(
        k,
        ResourceKind::Channel { capacity: Some(_) }
    )));
    assert!(has(&|k| matches!(k, ResourceKind::Var { .. })));
    assert!(scenarios
        .iter()
        .any(|s| s.runtime.policy == Some(Policy::Priority)));
    assert!(scenarios
        .iter()
        .any(|s| matches!(s.runtime.cores, Some(Cores::Limited(_)))));
    assert!(scenarios.iter().any(|s| s.runtime.thread_start.is_some()));
    assert!(scenarios.iter().any(|s| s.runtime.process_start.is_some()));
    assert!(expects().any(|e| e.kind == ExpectKind::Deadlock));
    assert!(expects().any(|e| e.kind == ExpectKind::NoDeadlock));

    let mut steps = Vec::new();
    for task in tasks() {
        all_steps(&task.body, &mut steps);
    }
    let uses = |f: &dyn Fn(&StepKind) -> bool| steps.iter().any(|s| f(s));
    assert!(uses(&|s| matches!(s, StepKind::Compute { .. })));
    assert!(uses(&|s| matches!(s, StepKind::After { .. })));
    assert!(uses(&|s| matches!(s, StepKind::Gather(_))));
    assert!(uses(&|s| matches!(s, StepKind::Cancel(_))));
    assert!(uses(&|s| matches!(s, StepKind::Timeout { .. })));
    assert!(uses(&|s| matches!(s, StepKind::Try { .. })));
    assert!(uses(&|s| matches!(s, StepKind::Fail(_))));
    assert!(uses(&|s| matches!(s, StepKind::Wait { .. })));
    assert!(uses(&|s| matches!(s, StepKind::Load(_))));
    assert!(uses(&|s| matches!(s, StepKind::Store { .. })));
}

// ===== links =====

#[test]
fn every_preset_round_trips_through_a_link() {
    for p in presets() {
        let fragment = format_fragment(p.source, Mode::Sim, None, None);
        let params = parse_fragment(&fragment).expect("own links open");
        assert_eq!(params.text, p.source, "{}", p.id);
        assert_eq!(parse(&params.text), parse(p.source), "{}", p.id);
    }
}

#[test]
fn preset_links_are_short() {
    println!("{:<24} {:>6} {:>6}", "preset", "text", "link");
    let mut lengths = Vec::new();
    for p in presets() {
        let len = link_len(p.source);
        println!("{:<24} {:>6} {:>6}", p.id, p.source.len(), len);
        assert!(len <= MAX_LINK_CHARS, "{}: link of {len} chars", p.id);
        lengths.push(len);
    }
    let median = median(lengths.clone());
    let max = lengths.iter().max().copied().unwrap_or(0);
    println!("median {median}, max {max}, presets {}", lengths.len());
    // Each preset carries its lesson and tour in both languages, which is most of its text.
    assert!(median <= 1_500, "median link length {median} > 1500");
}

#[test]
fn every_preset_teaches_in_both_languages_with_a_tour_inside_its_run() {
    use interleave::sim::{simulate, SimOptions};
    use interleave::trace::tour::{highlight, past_the_end};
    for p in presets() {
        let scenario = parse(p.source).expect("presets parse");
        let lesson = &scenario.lesson;
        let both = |said: &interleave::model::Said| !said.text.is_empty() && said.zh.is_some();
        assert!(scenario.title_zh.is_some(), "{}: no Chinese title", p.id);
        assert!(lesson.about.as_ref().is_some_and(both), "{}: lesson", p.id);
        assert!(lesson.look.as_ref().is_some_and(both), "{}: look", p.id);
        assert!(
            (3..=6).contains(&lesson.stops.len()),
            "{}: {} stops",
            p.id,
            lesson.stops.len()
        );
        let run = simulate(&scenario, &SimOptions::default());
        let end = run.trace.events.last().map_or(0, |e| e.t);
        for stop in &lesson.stops {
            assert!(both(&stop.said), "{}: stop at {}", p.id, stop.at);
            assert!(
                !past_the_end(stop, end),
                "{}: stop at {} after {end}",
                p.id,
                stop.at
            );
            let shown = highlight(&run.trace, stop);
            assert_eq!(
                shown.tasks.is_empty() && shown.resources.is_empty(),
                stop.show.is_empty(),
                "{}: stop at {} highlights nothing of {:?}",
                p.id,
                stop.at,
                stop.show
            );
        }
    }
}
