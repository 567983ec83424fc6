//! One road from an edit to the screen: when a run starts (debounced, urgent, superseded,
//! cancelled) for simulated, live and replayed runs alike, one generation counter for every
//! run the views show, big runs laid out in slices, and the published result.

mod generation;
mod progress;
mod publish;
mod schedule;
mod slices;
mod view;

pub use generation::next_generation;
pub use progress::{Phase, Progress};
pub use publish::{publish_summary, publish_text};
pub use schedule::{use_run_pipeline, RunPipeline};
pub use slices::{advance_in_slices, deliver, lay_out_quietly, BIG_TRACE};
pub use view::{RunMode, RunView};
