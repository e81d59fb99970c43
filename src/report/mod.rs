//! The only code that prints findings: human, concise, JSON, SARIF 2.1.0 and GitHub workflow
//! commands. Every string that leaves here has its secrets masked.

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::check::Outcome;

mod concise;
mod github;
mod human;
mod json;
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

fn message(f: &Finding) -> String {
    crate::base::redact::mask_message(&f.message).into_owned()
}

fn help(f: &Finding) -> String {
    crate::base::redact::mask_message(&f.help).into_owned()
}
