//! The labels of zero-time steps: `x: 0 → 1`, `got m`, `sent 2`. On a task's row the chip names
//! the resource; on the resource's own row it names the task instead.

use super::{res_name_in, task_name_in};
use crate::lang::Lang;
use crate::model::ResourceKind;
use crate::trace::layout::chips::{Chip, ChipWhat};
use crate::trace::Trace;

/// Which row a chip is drawn on, which decides what its label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChipRow {
    /// The task's own row: the label names the resource.
    Task,
    /// The resource's row: the label names the task.
    Resource,
}

/// A chip's label in `lang`.
pub fn chip_in(trace: &Trace, chip: &Chip, row: ChipRow, lang: Lang) -> String {
    let res = res_name_in(trace, chip.what.res(), lang);
    let who = match row {
        ChipRow::Task => res.clone(),
        ChipRow::Resource => task_name_in(trace, chip.task, lang),
    };
    let fill = |queued: u32| match trace
        .resources
        .get(chip.what.res().0 as usize)
        .map(|r| r.kind)
    {
        Some(ResourceKind::Channel {
            capacity: Some(cap),
        }) => format!(" ({queued}/{cap})"),
        _ => format!(" ({queued})"),
    };
    match (chip.what, row, lang) {
        (ChipWhat::Load { value, .. }, ChipRow::Task, Lang::En) => format!("read {res} = {value}"),
        (ChipWhat::Load { value, .. }, ChipRow::Task, Lang::Zh) => format!("读 {res} = {value}"),
        (ChipWhat::Load { value, .. }, ChipRow::Resource, Lang::En) => {
            format!("{who} read {value}")
        }
        (ChipWhat::Load { value, .. }, ChipRow::Resource, Lang::Zh) => {
            format!("{who} 读到 {value}")
        }
        (ChipWhat::Store { from, to, .. }, _, _) => format!("{who}: {from} → {to}"),
        (ChipWhat::Sent { value, .. }, ChipRow::Task, _) => {
            format!("{} {value} → {res}", lang.t("sent", "发送"))
        }
        (ChipWhat::Sent { value, queued, .. }, ChipRow::Resource, _) => {
            format!("{who} +{value}{}", fill(queued))
        }
        (ChipWhat::Received { value, .. }, ChipRow::Task, _) => {
            format!("{} {value} ← {res}", lang.t("got", "收到"))
        }
        (ChipWhat::Received { value, queued, .. }, ChipRow::Resource, _) => {
            format!("{who} −{value}{}", fill(queued))
        }
        (ChipWhat::Took { .. }, _, _) => format!("{} {res}", lang.t("got", "拿到")),
        (ChipWhat::Gave { .. }, _, _) => format!("{} {res}", lang.t("freed", "释放")),
    }
}
