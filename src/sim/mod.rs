//! The deterministic simulator: runs a scenario in virtual time and writes its trace.
