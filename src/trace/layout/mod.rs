//! Pure layout math for the timeline: the visible window, rows, culling and level of detail, hit
//! testing, causality arrows, playback and virtual lists. The browser code only paints what this
//! computes, so all of it is tested natively.

pub mod arrows;
pub mod chips;
pub mod hit;
pub mod list;
pub mod lod;
pub mod playback;
pub mod rows;
pub mod threads;
pub mod viewport;

pub use arrows::{causality, cycle_edges, visible_arrows, Arrow, ArrowKind};
pub use hit::{hit, Hit, RowGeom, Target};
pub use lod::{row_marks, row_rects, visible_segs, MarkAt, Rect, MERGED};
pub use rows::{by_task, Mark, MarkKind, Row, RowKey, Rows, Seg, Style, STYLES};
pub use threads::by_thread;
pub use viewport::{Tick, Viewport};
