//! Seeking in time: event times and binary searches for the playhead and keyboard stepping.

use super::event::Trace;
use crate::model::Micros;

/// Every event's time, made non-decreasing (a running maximum) so binary searches are valid.
pub fn event_times(trace: &Trace) -> Vec<Micros> {
    let mut last = 0;
    trace
        .events
        .iter()
        .map(|e| {
            last = last.max(e.t);
            last
        })
        .collect()
}

/// How many events have time ≤ `t`: the events a playhead at `t` shows as applied.
pub fn applied_at(times: &[Micros], t: Micros) -> usize {
    times.partition_point(|x| *x <= t)
}

/// The index of the first event after `t` (time > `t`), if any: where `→` moves the playhead.
pub fn next_index(times: &[Micros], t: Micros) -> Option<usize> {
    let i = applied_at(times, t);
    (i < times.len()).then_some(i)
}

/// The index of the last event before `t` (time < `t`), if any: where `←` moves the playhead.
pub fn prev_index(times: &[Micros], t: Micros) -> Option<usize> {
    times.partition_point(|x| *x < t).checked_sub(1)
}

/// The first event time after `t`, if any.
pub fn next_time(times: &[Micros], t: Micros) -> Option<Micros> {
    next_index(times, t).map(|i| times[i])
}

/// The last event time before `t`, if any.
pub fn prev_time(times: &[Micros], t: Micros) -> Option<Micros> {
    prev_index(times, t).map(|i| times[i])
}

/// The time `n` distinct event times after (`n > 0`) or before (`n < 0`) `t`, stopping at the ends:
/// Shift+→ moves ten events, and events at the same instant count as one stop.
pub fn step_time(times: &[Micros], t: Micros, n: i64) -> Micros {
    let mut cur = t;
    for _ in 0..n.unsigned_abs() {
        let next = if n > 0 {
            next_time(times, cur)
        } else {
            prev_time(times, cur)
        };
        match next {
            Some(x) => cur = x,
            None => break,
        }
    }
    cur
}
