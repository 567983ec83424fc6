//! `use_debounce`: calls back once the dependencies have stayed unchanged for a while.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Calls `callback(deps)` `delay_ms` after `deps` last changed (0 runs on the next tick).
/// The pending timer lives in the effect: a change or unmount drops it, which cancels it.
#[hook]
pub fn use_debounce<D>(deps: D, delay_ms: u32, callback: Callback<D>)
where
    D: PartialEq + Clone + 'static,
{
    // The latest callback, so that a render between the change and the timer is honoured.
    let latest = use_mut_ref(|| callback.clone());
    *latest.borrow_mut() = callback;
    use_effect_with(deps, move |deps| {
        let deps = deps.clone();
        let timer = Timeout::new(delay_ms, move || {
            let callback = latest.borrow().clone();
            callback.emit(deps);
        });
        move || drop(timer)
    });
}
