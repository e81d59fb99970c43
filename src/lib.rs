//! cc-lint: keeps a machine's Git-over-HTTPS access to AWS CodeCommit working.
//!
//! Data flows one way: discover → parse → model → rules → findings → report | fix → write.

pub mod awsconfig;
pub mod cli;
pub mod helper;
