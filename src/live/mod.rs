//! Live mode's browser side: the web-worker pool and the code each worker runs.

pub mod pool;
pub mod worker;
