//! The parameter fields of one step: durations, labels, resources, tasks, counts and values.

use super::ctx::EditorCtx;
use super::fields::{DurationField, NumberField, Select, TextField};
use super::pickers::{ResourcePick, TaskPick, TaskRefs};
use crate::model::edit::{ResClass, StepPath};
use crate::model::{Micros, NameRef, StepKind, StoreOp};
use yew::prelude::*;

/// The fields after the step-type picker, for the step `kind` at `path`.
pub fn step_params(ctx: &EditorCtx, path: &StepPath, kind: &StepKind) -> Html {
    let lang = ctx.lang;
    let pick = |classes: Vec<ResClass>, name: &NameRef, f: fn(&mut StepKind, NameRef)| {
        html! { <ResourcePick ctx={ctx.clone()} {classes} value={name.name.clone()} on_pick={ctx.patch_name(path, f)} /> }
    };
    match kind {
        StepKind::Compute { dur, label } | StepKind::Sleep { dur, label } => {
            let on_dur = ctx.patch(path, |k, v: Option<Micros>| {
                if let (StepKind::Compute { dur, .. } | StepKind::Sleep { dur, .. }, Some(v)) =
                    (k, v)
                {
                    *dur = v;
                }
            });
            let on_label = ctx.patch(path, |k, v: String| {
                if let StepKind::Compute { label, .. } | StepKind::Sleep { label, .. } = k {
                    *label = Some(v).filter(|v| !v.trim().is_empty());
                }
            });
            html! {
                <>
                    <DurationField value={Some(*dur)} on_commit={on_dur} label={lang.t("how long", "时长")} testid="step-duration" />
                    <TextField value={label.clone().unwrap_or_default()} on_commit={on_label} class="editor-label"
                        placeholder={lang.t("label", "标签")} label={lang.t("label shown on the timeline (optional)", "显示在时间线上的标签（可选）")} />
                </>
            }
        }
        StepKind::Lock(r) => pick(vec![ResClass::Mutex], r, |k, n| *k = StepKind::Lock(n)),
        StepKind::Unlock(r) => pick(vec![ResClass::Mutex, ResClass::RwLock], r, |k, n| {
            *k = StepKind::Unlock(n)
        }),
        StepKind::Read(r) => pick(vec![ResClass::RwLock], r, |k, n| *k = StepKind::Read(n)),
        StepKind::Write(r) => pick(vec![ResClass::RwLock], r, |k, n| *k = StepKind::Write(n)),
        StepKind::Notify(r) => pick(vec![ResClass::Condvar], r, |k, n| *k = StepKind::Notify(n)),
        StepKind::NotifyAll(r) => pick(vec![ResClass::Condvar], r, |k, n| {
            *k = StepKind::NotifyAll(n)
        }),
        StepKind::Recv(r) => pick(vec![ResClass::Channel], r, |k, n| *k = StepKind::Recv(n)),
        StepKind::Close(r) => pick(vec![ResClass::Channel], r, |k, n| *k = StepKind::Close(n)),
        StepKind::Load(r) => pick(vec![ResClass::Var], r, |k, n| *k = StepKind::Load(n)),
        StepKind::Incr(r) => pick(vec![ResClass::Var], r, |k, n| *k = StepKind::Incr(n)),
        StepKind::Acquire { sem, n } | StepKind::Release { sem, n } => {
            let on_n = ctx.patch(path, |k, v: Option<i64>| {
                if let (StepKind::Acquire { n, .. } | StepKind::Release { n, .. }, Some(v)) = (k, v)
                {
                    *n = u32::try_from(v).unwrap_or(1).max(1);
                }
            });
            html! {
                <>
                    { pick(vec![ResClass::Semaphore], sem, |k, name| if let StepKind::Acquire { sem, .. } | StepKind::Release { sem, .. } = k { *sem = name }) }
                    <NumberField value={Some(i64::from(*n))} on_commit={on_n} min={Some(1)} max={Some(i64::from(u32::MAX))}
                        label={lang.t("permits", "许可数")} />
                </>
            }
        }
        StepKind::Wait { cv, mutex } => html! {
            <>
                { pick(vec![ResClass::Condvar], cv, |k, name| if let StepKind::Wait { cv, .. } = k { *cv = name }) }
                { pick(vec![ResClass::Mutex], mutex, |k, name| if let StepKind::Wait { mutex, .. } = k { *mutex = name }) }
            </>
        },
        StepKind::Send { ch, value } => {
            let on_value = ctx.patch(path, |k, v: Option<i64>| {
                if let StepKind::Send { value, .. } = k {
                    *value = v;
                }
            });
            html! {
                <>
                    { pick(vec![ResClass::Channel], ch, |k, name| if let StepKind::Send { ch, .. } = k { *ch = name }) }
                    <NumberField value={*value} on_commit={on_value} allow_empty={true}
                        placeholder={lang.t("value", "值")} label={lang.t("the message (optional number)", "消息（可选的数字）")} />
                </>
            }
        }
        StepKind::Store { var, op } => {
            let (sign, amount) = match op {
                StoreOp::Add(n) => ("+", *n),
                StoreOp::Sub(n) => ("-", *n),
                StoreOp::Set(n) => ("=", *n),
            };
            let on_sign = ctx.patch(path, |k, sign: String| {
                if let StepKind::Store { op, .. } = k {
                    let n = match *op {
                        StoreOp::Add(n) | StoreOp::Sub(n) | StoreOp::Set(n) => n,
                    };
                    *op = match sign.as_str() {
                        "+" => StoreOp::Add(n.abs()),
                        "-" => StoreOp::Sub(n.abs()),
                        _ => StoreOp::Set(n),
                    };
                }
            });
            let on_amount = ctx.patch(path, |k, v: Option<i64>| {
                if let (StepKind::Store { op, .. }, Some(v)) = (k, v) {
                    *op = match *op {
                        StoreOp::Add(_) => StoreOp::Add(v.abs()),
                        StoreOp::Sub(_) => StoreOp::Sub(v.abs()),
                        StoreOp::Set(_) => StoreOp::Set(v),
                    };
                }
            });
            html! {
                <>
                    { pick(vec![ResClass::Var], var, |k, name| if let StepKind::Store { var, .. } = k { *var = name }) }
                    <Select value={sign} on_change={on_sign} label={lang.t("how to write it", "写入方式")} class="editor-op">
                        <option value="+">{ lang.t("+ (loaded value plus)", "+（读入的值加上）") }</option>
                        <option value="-">{ lang.t("− (loaded value minus)", "−（读入的值减去）") }</option>
                        <option value="=">{ lang.t("= (exactly)", "=（直接设为）") }</option>
                    </Select>
                    <NumberField value={Some(amount)} on_commit={on_amount} label={lang.t("amount", "数值")} />
                </>
            }
        }
        StepKind::Spawn(refs)
        | StepKind::Join(refs)
        | StepKind::Gather(refs)
        | StepKind::Cancel(refs) => html! {
            <TaskRefs ctx={ctx.clone()} path={path.clone()} refs={refs.clone()} />
        },
        StepKind::After { delay, task } => {
            let on_delay = ctx.patch(path, |k, v: Option<Micros>| {
                if let (StepKind::After { delay, .. }, Some(v)) = (k, v) {
                    *delay = v;
                }
            });
            let on_task = ctx.patch(path, |k, v| {
                if let StepKind::After { task, .. } = k {
                    *task = v;
                }
            });
            html! {
                <>
                    <DurationField value={Some(*delay)} on_commit={on_delay} label={lang.t("delay", "延迟")} />
                    <span class="editor-word">{ "spawn" }</span>
                    <TaskPick ctx={ctx.clone()} except={Some(path.block.task)} value={task.clone()} on_pick={on_task} />
                </>
            }
        }
        StepKind::Fail(text) | StepKind::Log(text) => {
            let on_text = ctx.patch(path, |k, v: String| {
                if let StepKind::Fail(text) | StepKind::Log(text) = k {
                    *text = v;
                }
            });
            html! { <TextField value={text.clone()} on_commit={on_text} class="editor-label" label={lang.t("text", "文本")} /> }
        }
        StepKind::Repeat { count, .. } => {
            let on_count = ctx.patch(path, |k, v: Option<i64>| {
                if let (StepKind::Repeat { count, .. }, Some(v)) = (k, v) {
                    *count = u64::try_from(v).unwrap_or(0);
                }
            });
            let count = i64::try_from(*count).unwrap_or(i64::MAX);
            html! {
                <>
                    <NumberField value={Some(count)} on_commit={on_count} min={Some(0)} label={lang.t("how many times", "次数")} />
                    <span class="editor-word">{ lang.t("times", "次") }</span>
                </>
            }
        }
        StepKind::Timeout { dur, .. } => {
            let on_dur = ctx.patch(path, |k, v: Option<Micros>| {
                if let (StepKind::Timeout { dur, .. }, Some(v)) = (k, v) {
                    *dur = v;
                }
            });
            html! { <DurationField value={Some(*dur)} on_commit={on_dur} label={lang.t("deadline", "时限")} /> }
        }
        StepKind::Yield | StepKind::Try { .. } => html! {},
    }
}
