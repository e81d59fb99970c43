//! What every layer stands on: the process environment, file paths, source text, shell
//! words, secret redaction, probes of installed programs, file ownership and atomic writes.
//! Imports nothing else of this crate.

pub mod env;
pub mod paths;
pub mod probe;
pub mod redact;
pub mod shell;
pub mod source;
pub mod trust;
pub mod write;
