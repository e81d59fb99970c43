//! `cc-lint credential-helper`: a native CodeCommit git credential helper.
//!
//! Entry point for the CLI: [`run`]. I/O is passed in so the helper is testable in memory.

use std::io::{BufRead, Write};

use crate::cli::HelperArgs;

/// Runs the helper for one git request. Returns the process exit code.
pub fn run(
    _args: &HelperArgs,
    _stdin: &mut dyn BufRead,
    _stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let _ = writeln!(stderr, "cc-lint credential-helper: not built yet");
    1
}
