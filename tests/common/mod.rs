//! Inputs shared by several test files.

pub mod malformed;
