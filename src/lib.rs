//! cc-lint: keeps a machine's Git-over-HTTPS access to AWS CodeCommit working.
//!
//! Layers, lowest first; a module imports only from layers below it, never from a peer of its
//! own layer (`tests/layers.rs`):
//! - `base`: environment, paths, source text, shell words, redaction, probes, ownership,
//!   atomic writes;
//! - `parse`: git and AWS file readers, URL matching, CodeCommit endpoints, helper values;
//! - `finding`: rule codes, their docs and fix applicability, and findings; and, its peer,
//!   `awscreds`: the AWS credential chain, role cache and profile choice;
//! - `model`: discovery and the resolved view (what git would get for each URL);
//! - `online`: what AWS and git answer (`check --online`), kept beside the model;
//! - `rules`: the model (and online answers) → findings, and the user's selection;
//! - `fix`: the model → planned edits, verified on the re-resolved model;
//! - `report`: everything a person or a program reads; and, its peer,
//!   `helper`: the git credential-helper protocol;
//! - `app`: the command line; `main.rs` alone turns a status into an exit code.
//!
//! Only `report` and the helper's protocol writer (`helper::protocol`) write what a person or
//! git reads, and only to the writers they are given: `print!`-style and `dbg!` macros are
//! denied everywhere, and `std::io::{stdin, stdout, stderr}` are disallowed outside `main.rs`
//! (`clippy.toml`), which gathers the streams and terminal facts and passes them in.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

pub mod app;
pub mod awscreds;
pub mod base;
pub mod finding;
pub mod fix;
pub mod helper;
pub mod model;
pub mod online;
pub mod parse;
pub mod report;
pub mod rules;
