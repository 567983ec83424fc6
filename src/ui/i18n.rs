//! The UI's two languages. Every string is written at its call site in both, so none is missed.
//!
//! The enum itself lives in the core ([`crate::lang`]), which words its own texts in either.

pub use crate::lang::Lang;
