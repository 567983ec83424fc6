//! The visual editor's editing core: every operation, checked through the canonical text.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use interleave::model::edit::*;
use interleave::model::{load, parse, print, ResourceKind, Scenario, StepKind, TaskKind};

fn scenario(text: &str) -> Scenario {
    parse(text).expect("the test scenario parses")
}

/// The canonical text after an edit, checked to load without errors.
fn text_of(s: &Scenario) -> String {
    let text = print(s);
    if let Err(diags) = load(&text) {
        panic!("edited scenario does not load:\n{text}\n{diags:?}");
    }
    text
}

const LOCKS: &str = "mutex m\n\nthread a {\n  lock m\n  repeat 2 {\n    unlock m\n  }\n}\n\nasync b {\n  join a\n}\n";

#[test]
fn adding_resources_picks_fresh_names_and_default_parameters() {
    let mut s = Scenario::default();
    assert_eq!(add_resource(&mut s, ResClass::Mutex), "m1");
    assert_eq!(add_resource(&mut s, ResClass::Mutex), "m2");
    assert_eq!(add_resource(&mut s, ResClass::Semaphore), "sem1");
    assert_eq!(add_resource(&mut s, ResClass::Channel), "ch1");
    assert_eq!(add_resource(&mut s, ResClass::Var), "v1");
    assert_eq!(
        text_of(&s),
        "mutex m1\nmutex m2\nsemaphore sem1 = 1\nchannel ch1\nvar v1 = 0\n"
    );
    assert_eq!(resources_of(&s, ResClass::Mutex), vec!["m1", "m2"]);
    assert!(resources_of(&s, ResClass::Condvar).is_empty());
}

#[test]
fn renaming_a_resource_updates_every_step_and_expectation_that_uses_it() {
    let mut s = scenario("var n = 0\nmutex m\ncondvar c\nthread a {\n  lock m\n  wait c m\n  timeout 1s {\n    incr n\n  }\n  unlock m\n}\nexpect n == 1\n");
    rename_resource(&mut s, "m", "guard").expect("rename m");
    rename_resource(&mut s, "n", "count").expect("rename n");
    let text = text_of(&s);
    assert!(text.contains("mutex guard\n"));
    assert!(text.contains("  lock guard\n  wait c guard\n"));
    assert!(
        text.contains("    incr count\n"),
        "nested steps follow the rename"
    );
    assert!(text.contains("expect count == 1"));
    assert!(
        !text.contains(" m\n"),
        "no use of the old name is left:\n{text}"
    );
}

#[test]
fn renaming_refuses_empty_taken_and_multiline_names() {
    let mut s = scenario(LOCKS);
    assert_eq!(
        rename_resource(&mut s, "m", "  "),
        Err(EditError::EmptyName)
    );
    assert_eq!(
        rename_resource(&mut s, "m", "a"),
        Err(EditError::NameTaken("a".into()))
    );
    assert_eq!(
        rename_resource(&mut s, "m", "x\ny"),
        Err(EditError::NameHasControl)
    );
    assert_eq!(rename_task(&mut s, 0, "d#2"), Err(EditError::NameHasHash));
    assert_eq!(
        rename_resource(&mut s, "nope", "x"),
        Err(EditError::NoSuchName("nope".into()))
    );
    assert_eq!(
        rename_resource(&mut s, "m", " m "),
        Ok("m".to_string()),
        "renaming to itself is fine"
    );
    assert_eq!(print(&s), LOCKS, "refused renames change nothing");
}

#[test]
fn names_that_are_not_identifiers_are_accepted_and_printed_quoted() {
    let mut s = scenario(LOCKS);
    rename_task(&mut s, 0, "<img src=x onerror=alert(1)>").expect("any one-line name is fine");
    let text = text_of(&s);
    assert!(text.contains("thread \"<img src=x onerror=alert(1)>\" {"));
    assert!(text.contains("join \"<img src=x onerror=alert(1)>\""));
}

#[test]
fn deleting_a_resource_removes_the_steps_that_use_it_at_any_depth() {
    let mut s = scenario(LOCKS);
    assert_eq!(resource_uses(&s, "m"), 2);
    assert_eq!(delete_resource(&mut s, "m"), Ok(2));
    assert_eq!(
        text_of(&s),
        "thread a {\n  repeat 2 {}\n}\n\nasync b {\n  join a\n}\n"
    );
}

#[test]
fn renaming_a_task_updates_spawn_join_after_and_expectations() {
    let mut s = scenario("async w x2 on spawn {\n  sleep 1s\n}\n\nasync main {\n  spawn w\n  after 1s spawn w\n  join w#1, w#2\n}\n\nexpect w#2 completed\n");
    rename_task(&mut s, 0, "worker").expect("rename");
    let text = text_of(&s);
    assert!(text.contains("async worker x2 on spawn {"));
    assert!(text.contains("  spawn worker\n  after 1s spawn worker\n  join worker#1, worker#2\n"));
    assert!(text.contains("expect worker#2 completed"));
}

#[test]
fn deleting_a_task_drops_it_from_lists_and_removes_steps_left_empty() {
    let mut s = scenario("async a {}\n\nasync b {}\n\nasync main {\n  join a, b\n  cancel a\n  after 1s spawn a\n}\n\nexpect a completed\n");
    assert_eq!(
        delete_task(&mut s, 0),
        Ok(3),
        "cancel a, after … a and the expect go"
    );
    assert_eq!(text_of(&s), "async b {}\n\nasync main {\n  join b\n}\n");
}

#[test]
fn duplicating_a_task_numbers_the_copy_and_places_it_after_the_original() {
    let mut s = scenario("async a1 {\n  sleep 1s\n}\n\nthread 任务1 {}\n");
    assert_eq!(duplicate_task(&mut s, 0), Ok(1));
    assert_eq!(duplicate_task(&mut s, 2), Ok(3));
    let names: Vec<&str> = s.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["a1", "a2", "任务1", "任务2"]);
    assert_eq!(s.tasks[1].body, s.tasks[0].body);
    text_of(&s);
}

#[test]
fn adding_tasks_gives_each_kind_its_own_fresh_name_and_a_sleep() {
    let mut s = Scenario::default();
    for kind in [
        TaskKind::Async,
        TaskKind::Async,
        TaskKind::Thread,
        TaskKind::Job,
        TaskKind::Process,
    ] {
        add_task(&mut s, kind);
    }
    assert_eq!(
        text_of(&s),
        "async a1 {\n  sleep 1s\n}\n\nasync a2 {\n  sleep 1s\n}\n\nthread t1 {\n  sleep 1s\n}\n\njob j1 {\n  sleep 1s\n}\n\nprocess p1 {\n  sleep 1s\n}\n"
    );
}

#[test]
fn moving_tasks_reorders_them() {
    let mut s = scenario("async a {}\n\nasync b {}\n\nasync c {}\n");
    move_task(&mut s, 0, 2).expect("move");
    let names: Vec<&str> = s.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["b", "c", "a"]);
    assert_eq!(move_task(&mut s, 0, 3), Err(EditError::NoSuchPath));
}

#[test]
fn fewer_replicas_turn_references_to_vanished_replicas_into_group_references() {
    let mut s = scenario(
        "async d x3 on spawn {}\n\nasync main {\n  gather d#1, d#3\n}\n\nexpect d#3 completed\n",
    );
    set_replicas(&mut s, 0, Some(2)).expect("set");
    let text = text_of(&s);
    assert!(text.contains("async d x2 on spawn"));
    assert!(text.contains("gather d#1, d\n"), "{text}");
    assert!(text.contains("expect d completed"));
    set_replicas(&mut s, 0, None).expect("set");
    assert!(
        text_of(&s).contains("gather d\n"),
        "d#1 and d merge into one reference"
    );
}

#[test]
fn task_reference_choices_list_groups_and_replicas_except_the_task_itself() {
    let s = scenario("async d x2 {}\n\nasync main {}\n");
    let shown: Vec<String> = task_ref_choices(&s, Some(1))
        .iter()
        .map(|r| match r.replica {
            Some(i) => format!("{}#{i}", r.name),
            None => r.name.clone(),
        })
        .collect();
    assert_eq!(shown, vec!["d", "d#1", "d#2"]);
}

#[test]
fn adding_a_step_that_needs_a_resource_declares_one_when_none_exists() {
    let mut s = scenario("thread a {}\n");
    add_step(&mut s, &BlockPath::task(0), StepTag::Lock).expect("add lock");
    add_step(&mut s, &BlockPath::task(0), StepTag::Unlock).expect("add unlock");
    add_step(&mut s, &BlockPath::task(0), StepTag::Wait).expect("add wait");
    assert_eq!(
        text_of(&s),
        "mutex m1\ncondvar cv1\n\nthread a {\n  lock m1\n  unlock m1\n  wait cv1 m1\n}\n"
    );
}

#[test]
fn every_step_kind_has_a_default_that_loads() {
    for tag in StepTag::ALL {
        let mut s = scenario("async helper on spawn {}\n\nthread a {}\n");
        let at =
            add_step(&mut s, &BlockPath::task(1), tag).unwrap_or_else(|e| panic!("{tag:?}: {e}"));
        assert_eq!(StepTag::of(&step_at(&s, &at).expect("added").kind), tag);
        let text = text_of(&s);
        assert!(
            text.contains(tag.word()),
            "{tag:?} prints its keyword:\n{text}"
        );
    }
}

#[test]
fn steps_that_name_tasks_need_another_task_and_prefer_on_spawn_ones() {
    let mut s = scenario("async a {}\n");
    assert_eq!(
        add_step(&mut s, &BlockPath::task(0), StepTag::Join),
        Err(EditError::NoOtherTask)
    );
    let mut s = scenario("async a {}\n\nasync b {}\n\nasync c on spawn {}\n");
    add_step(&mut s, &BlockPath::task(0), StepTag::Spawn).expect("spawn");
    add_step(&mut s, &BlockPath::task(0), StepTag::Join).expect("join");
    assert!(text_of(&s).contains("async a {\n  spawn c\n  join b\n}"));
}

#[test]
fn changing_a_step_kind_keeps_what_still_fits() {
    let mut s = scenario("mutex m\nrwlock r\n\nasync a {\n  sleep 2s \"nap\"\n  lock m\n  read r\n  repeat 3 {\n    log \"x\"\n  }\n}\n");
    let path = |i| BlockPath::task(0).step(i);
    change_step_kind(&mut s, &path(0), StepTag::Compute).expect("sleep → compute");
    change_step_kind(&mut s, &path(1), StepTag::Unlock).expect("lock → unlock");
    change_step_kind(&mut s, &path(2), StepTag::Unlock).expect("read → unlock keeps the rwlock");
    change_step_kind(&mut s, &path(3), StepTag::Timeout).expect("repeat → timeout");
    let text = text_of(&s);
    assert!(
        text.contains(
            "  compute 2s \"nap\"\n  unlock m\n  unlock r\n  timeout 1s {\n    log \"x\"\n  }\n"
        ),
        "{text}"
    );
}

#[test]
fn changing_lock_to_send_picks_a_channel_instead_of_keeping_the_mutex() {
    let mut s = scenario("mutex m\n\nasync a {\n  lock m\n}\n");
    change_step_kind(&mut s, &BlockPath::task(0).step(0), StepTag::Send).expect("change");
    assert_eq!(
        text_of(&s),
        "mutex m\nchannel ch1\n\nasync a {\n  send ch1\n}\n"
    );
}

#[test]
fn steps_are_added_duplicated_and_deleted_inside_nested_blocks() {
    let mut s = scenario("async a {\n  try {\n    repeat 2 {}\n  } catch {}\n}\n");
    let try_step = BlockPath::task(0).step(0);
    let repeat_body = try_step.child(Branch::Body).step(0).child(Branch::Body);
    let added = add_step(&mut s, &repeat_body, StepTag::Yield).expect("add in repeat");
    duplicate_step(&mut s, &added).expect("duplicate");
    add_step(&mut s, &try_step.child(Branch::Catch), StepTag::Log).expect("add in catch");
    assert_eq!(
        text_of(&s),
        "async a {\n  try {\n    repeat 2 {\n      yield\n      yield\n    }\n  } catch {\n    log \"here\"\n  }\n}\n"
    );
    let removed = delete_step(&mut s, &repeat_body.step(1)).expect("delete");
    assert_eq!(removed.kind, StepKind::Yield);
    assert_eq!(
        delete_step(&mut s, &repeat_body.step(5)).map(|_| ()),
        Err(EditError::NoSuchPath)
    );
}

#[test]
fn moving_a_step_up_and_down_swaps_it_with_its_neighbour() {
    let mut s = scenario("async a {\n  log \"1\"\n  log \"2\"\n  log \"3\"\n}\n");
    let moved = move_step_by_one(&mut s, &BlockPath::task(0).step(0), false).expect("down");
    assert_eq!(moved.index, 1);
    let moved = move_step_by_one(&mut s, &BlockPath::task(0).step(2), true).expect("up");
    assert_eq!(moved.index, 1);
    assert_eq!(
        text_of(&s),
        "async a {\n  log \"2\"\n  log \"3\"\n  log \"1\"\n}\n"
    );
    assert!(
        move_step_by_one(&mut s, &BlockPath::task(0).step(0), true).is_err(),
        "the first cannot go up"
    );
    assert!(
        move_step_by_one(&mut s, &BlockPath::task(0).step(2), false).is_err(),
        "the last cannot go down"
    );
}

#[test]
fn moving_a_step_into_a_later_block_accounts_for_the_gap_it_leaves() {
    let mut s = scenario("async a {\n  log \"x\"\n  repeat 2 {\n    yield\n  }\n}\n\nasync b {}\n");
    let into_repeat = BlockPath::task(0).step(1).child(Branch::Body);
    let moved = move_step(&mut s, &BlockPath::task(0).step(0), &into_repeat, 1).expect("move");
    assert_eq!(
        moved,
        BlockPath::task(0).step(0).child(Branch::Body).step(1)
    );
    assert_eq!(
        text_of(&s),
        "async a {\n  repeat 2 {\n    yield\n    log \"x\"\n  }\n}\n\nasync b {}\n"
    );
    move_step(&mut s, &moved, &BlockPath::task(1), 0).expect("to another task");
    assert_eq!(
        text_of(&s),
        "async a {\n  repeat 2 {\n    yield\n  }\n}\n\nasync b {\n  log \"x\"\n}\n"
    );
}

#[test]
fn moving_a_step_later_in_its_own_list_lands_before_the_target() {
    let mut s = scenario("async a {\n  log \"1\"\n  log \"2\"\n  log \"3\"\n}\n");
    let moved =
        move_step(&mut s, &BlockPath::task(0).step(0), &BlockPath::task(0), 3).expect("to the end");
    assert_eq!(moved.index, 2);
    assert_eq!(
        text_of(&s),
        "async a {\n  log \"2\"\n  log \"3\"\n  log \"1\"\n}\n"
    );
}

#[test]
fn a_block_cannot_be_moved_into_itself() {
    let mut s = scenario("async a {\n  repeat 2 {\n    timeout 1s {}\n  }\n}\n");
    let repeat = BlockPath::task(0).step(0);
    let deep = repeat.child(Branch::Body).step(0).child(Branch::Body);
    assert_eq!(
        move_step(&mut s, &repeat, &deep, 0),
        Err(EditError::MoveIntoItself)
    );
    assert_eq!(
        move_step(&mut s, &repeat, &repeat.child(Branch::Body), 0),
        Err(EditError::MoveIntoItself)
    );
}

#[test]
fn expectations_are_added_rekinded_and_deleted() {
    let mut s = scenario("async a {}\n");
    add_expect(&mut s, ExpectTag::Makespan).expect("makespan");
    add_expect(&mut s, ExpectTag::Task).expect("task");
    add_expect(&mut s, ExpectTag::Var).expect("var declares one");
    assert_eq!(
        text_of(&s),
        "var v1 = 0\n\nasync a {}\n\nexpect makespan <= 1s\nexpect a completed\nexpect v1 == 0\n"
    );
    change_expect_kind(&mut s, 0, ExpectTag::Var).expect("rekind");
    assert!(
        text_of(&s).starts_with("var v1 = 0\n\nasync a {}\n\nexpect v1 <= 0\n"),
        "the operator is kept"
    );
    delete_expect(&mut s, 0).expect("delete");
    assert_eq!(s.expects.len(), 2);
}

#[test]
fn resource_parameters_can_be_changed() {
    let mut s = scenario("channel c\n");
    set_resource_kind(&mut s, "c", ResourceKind::Channel { capacity: Some(0) }).expect("set");
    assert_eq!(text_of(&s), "channel c capacity 0\n");
    assert!(set_resource_kind(&mut s, "x", ResourceKind::Mutex).is_err());
}

const TAUGHT_EDIT: &str = "scenario \"race\"\nlesson \"Two threads add 1.\"\nstop 1s \"t#1 stores.\" on counter, t#2\n\nvar counter = 0\n\nthread t x2 {\n  load counter\n  store counter +1\n}\n";

#[test]
fn lesson_texts_are_set_per_language_and_an_emptied_first_text_promotes_the_other() {
    use interleave::lang::Lang;
    let mut s = scenario(TAUGHT_EDIT);
    set_lesson_text(&mut s, LessonText::About, Lang::Zh, "两个线程\n各加 1。").expect("fits");
    set_lesson_text(&mut s, LessonText::Title, Lang::Zh, "竞争").expect("fits");
    set_lesson_text(&mut s, LessonText::Look, Lang::En, "Watch the counter row.").expect("fits");
    let text = text_of(&s);
    assert!(text.contains("scenario \"race\" zh \"竞争\""), "{text}");
    assert!(
        text.contains("lesson \"Two threads add 1.\" zh \"两个线程 各加 1。\""),
        "{text}"
    );
    assert!(text.contains("look \"Watch the counter row.\""), "{text}");
    set_lesson_text(&mut s, LessonText::About, Lang::En, "  ").expect("empty is fine");
    assert!(
        text_of(&s).contains("lesson \"两个线程 各加 1。\"\n"),
        "the Chinese text is kept"
    );
    set_lesson_text(&mut s, LessonText::About, Lang::En, "").expect("empty is fine");
    set_lesson_text(&mut s, LessonText::About, Lang::Zh, "").expect("empty is fine");
    assert!(
        !text_of(&s).contains("lesson \""),
        "both versions emptied remove the line"
    );
    set_lesson_text(&mut s, LessonText::Title, Lang::En, "").expect("empty is fine");
    assert!(
        text_of(&s).starts_with("scenario \"竞争\"\n"),
        "the Chinese title stays as the only one"
    );
    let long = "x".repeat(1001);
    assert_eq!(
        set_lesson_text(&mut s, LessonText::Look, Lang::En, &long),
        Err(EditError::TextTooLong)
    );
    assert_eq!(
        set_lesson_text(&mut s, LessonText::Stop(5), Lang::En, "x"),
        Err(EditError::NoSuchPath)
    );
}

#[test]
fn stops_are_added_moved_in_time_order_highlighted_and_deleted() {
    let mut s = scenario(TAUGHT_EDIT);
    let added = add_stop(&mut s, interleave::lang::Lang::En).expect("room for a stop");
    assert_eq!((added, s.lesson.stops[added].at), (1, 1_000_000));
    let moved = set_stop_at(&mut s, 1, 0).expect("the stop exists");
    assert_eq!(
        moved, 0,
        "a stop moved earlier goes first, so N walks forward in time"
    );
    let counter = task_ref("counter", None);
    toggle_stop_shows(&mut s, 0, counter.clone()).expect("exists");
    assert!(
        text_of(&s).contains("stop 0us \"What happens here?\" on counter\n"),
        "{}",
        text_of(&s)
    );
    toggle_stop_shows(&mut s, 0, counter).expect("exists");
    assert!(text_of(&s).contains("stop 0us \"What happens here?\"\n"));
    delete_stop(&mut s, 0).expect("exists");
    assert_eq!(s.lesson.stops.len(), 1);
    let choices: Vec<String> = stop_choices(&s)
        .iter()
        .map(|r| format!("{}{:?}", r.name, r.replica))
        .collect();
    assert_eq!(choices, ["tNone", "tSome(1)", "tSome(2)", "counterNone"]);
    while s.lesson.stops.len() < 50 {
        add_stop(&mut s, interleave::lang::Lang::En).expect("room");
    }
    assert_eq!(
        add_stop(&mut s, interleave::lang::Lang::En),
        Err(EditError::TooManyStops)
    );
}

#[test]
fn renames_deletions_and_fewer_replicas_follow_into_the_tour() {
    let mut s = scenario(TAUGHT_EDIT);
    rename_resource(&mut s, "counter", "hits").expect("rename");
    rename_task(&mut s, 0, "worker").expect("rename");
    assert!(
        text_of(&s).contains("on hits, worker#2\n"),
        "{}",
        text_of(&s)
    );
    set_replicas(&mut s, 0, Some(1)).expect("exists");
    assert!(text_of(&s).contains("on hits, worker\n"), "{}", text_of(&s));
    delete_resource(&mut s, "hits").expect("exists");
    assert!(text_of(&s).contains("on worker\n"), "{}", text_of(&s));
    delete_task(&mut s, 0).expect("exists");
    assert!(
        text_of(&s).contains("stop 1s \"t#1 stores.\"\n"),
        "{}",
        text_of(&s)
    );
}

#[test]
fn a_stop_given_its_own_moment_again_keeps_its_place() {
    let mut s = scenario(TAUGHT_EDIT);
    add_stop(&mut s, interleave::lang::Lang::En).expect("room");
    assert_eq!(
        set_stop_at(&mut s, 0, 1_000_000),
        Ok(0),
        "same moment: no move"
    );
    assert_eq!(s.lesson.stops[0].said.text, "t#1 stores.");
    assert_eq!(set_stop_at(&mut s, 1, 1_000_000), Ok(1));
}
