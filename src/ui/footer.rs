//! The footer: the worker pool's state, started when the app mounts.

use crate::live::pool::WorkerPool;
use crate::ui::publish::publish;
use js_sys::{Object, Reflect};
use std::rc::Rc;
use yew::prelude::*;

/// How many pool workers the app starts.
const POOL_SIZE: u32 = 4;

#[derive(Clone, PartialEq)]
enum PoolState {
    Starting,
    Ready { count: usize, startup_ms: f64 },
    Failed(String),
}

#[function_component(Footer)]
pub fn footer() -> Html {
    let state = use_state(|| PoolState::Starting);
    // The pool lives as long as the app; dropping it would terminate the workers.
    let pool = use_mut_ref(|| None::<Rc<WorkerPool>>);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let started = WorkerPool::start(POOL_SIZE).await;
                let outcome = match started {
                    Ok(started) => match started.ping_all().await {
                        Ok(()) => {
                            let next = PoolState::Ready {
                                count: started.len(),
                                startup_ms: started.startup_ms,
                            };
                            *pool.borrow_mut() = Some(Rc::new(started));
                            next
                        }
                        Err(e) => PoolState::Failed(e.0),
                    },
                    Err(e) => PoolState::Failed(e.0),
                };
                publish_pool(&outcome);
                state.set(outcome);
            });
        });
    }
    let text = match &*state {
        PoolState::Starting => "starting workers…".to_string(),
        PoolState::Ready { count, startup_ms } => {
            format!("{count} workers ready · started in {startup_ms:.0} ms")
        }
        PoolState::Failed(why) => {
            format!(
                "workers failed to start: {why}. Live mode needs web workers; reload to try again."
            )
        }
    };
    html! {
        <footer class="footer">
            <span id="pool-status" data-state={match &*state { PoolState::Ready{..} => "ready", PoolState::Starting => "starting", PoolState::Failed(_) => "failed" }}>{ text }</span>
        </footer>
    }
}

fn publish_pool(state: &PoolState) {
    let info = Object::new();
    let (status, count, ms) = match state {
        PoolState::Ready { count, startup_ms } => ("ready", *count as f64, *startup_ms),
        PoolState::Starting => ("starting", 0.0, 0.0),
        PoolState::Failed(_) => ("failed", 0.0, 0.0),
    };
    let _ = Reflect::set(&info, &"status".into(), &status.into());
    let _ = Reflect::set(&info, &"count".into(), &count.into());
    let _ = Reflect::set(&info, &"startup_ms".into(), &ms.into());
    publish("pool", &info.into());
}
