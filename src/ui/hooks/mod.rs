//! Hooks shared by the app's components (DOM helpers are in `crate::web::dom`).

mod use_debounce;
mod use_local_storage;
mod use_window_event;

pub use use_debounce::use_debounce;
pub use use_local_storage::{
    read_storage, try_write_storage, use_local_storage, write_storage, STORAGE_OFF, STORAGE_REFUSED,
};
pub use use_window_event::use_window_event;
