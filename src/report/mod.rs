//! Everything a person or a program reads, and the only code that writes it (besides the
//! credential helper's protocol): findings as human, concise, JSON, SARIF 2.1.0 and GitHub
//! workflow commands; `chain`, `explain`, `rules` and `fix`; progress and error messages.
//! Every string that leaves here has its secrets masked.

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::outcome::Outcome;

pub mod chain;
mod concise;
pub mod explain;
pub mod fix;
mod github;
mod human;
mod json;
mod online;
pub mod rules;
mod sarif;
pub mod text;

pub use human::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
/// Output format of `check`.
pub enum Format {
    /// Findings with the offending line, labels and help, fitted to the terminal.
    Human,
    /// One line per finding: `file:line:col: CODE [severity] message`.
    Concise,
    Json,
    Sarif,
    Github,
}

/// Renders `outcome` in `format` to `out`; `style` matters to the human format only.
pub fn render(
    format: Format,
    outcome: &Outcome,
    style: Style<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(outcome, style, out),
        Format::Concise => concise::render(outcome, out),
        Format::Json => json::render(outcome, out),
        Format::Sarif => sarif::render(outcome, out),
        Format::Github => github::render(outcome, out),
    }
}

/// Bytes made elsewhere, as they are: a completion script, the man page, a rendered report.
pub fn bytes(out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(bytes)
}

/// `checked 40/800 repositories`, redrawn in place about twenty times, erased at the end.
pub fn progress(err: &mut dyn Write, done: usize, total: usize) {
    if done.is_multiple_of((total / 20).max(1)) || done == total {
        let _ = write!(err, "\rchecked {done}/{total} repositories");
        if done == total {
            let _ = write!(err, "\r\x1b[K");
        }
        let _ = err.flush();
    }
}

/// Why a command failed, on one line: `cc-lint: <error>`.
pub fn error(err: &mut dyn Write, error: &dyn std::fmt::Display) {
    let _ = writeln!(err, "cc-lint: {error}");
}

fn message(f: &Finding) -> String {
    crate::base::redact::mask_message(&f.message).into_owned()
}

fn help(f: &Finding) -> String {
    crate::base::redact::mask_message(&f.help).into_owned()
}
