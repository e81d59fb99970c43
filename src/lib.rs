//! cc-lint: keeps a machine's Git-over-HTTPS access to AWS CodeCommit working.
//!
//! Data flows one way: discover → parse → model → rules → findings → report | fix → write.

pub mod app;
pub mod aws;
pub mod awsconfig;
pub mod chain;
pub mod check;
pub mod cli;
pub mod codecommit;
pub mod completions;
pub mod context;
pub mod discover;
pub mod env;
pub mod finding;
pub mod fix;
pub mod gitconfig;
pub mod gitcreds;
pub mod grc;
pub mod helper;
pub mod helpers;
pub mod online;
pub mod probe;
pub mod redact;
pub mod report;
pub mod rules;
pub mod settings;
pub mod shell;
pub mod source;
pub mod trust;
pub mod urlmatch;
pub mod verdict;
pub mod write;
