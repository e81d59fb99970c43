//! The only code that prints findings: human, concise, JSON, SARIF 2.1.0 and GitHub workflow
//! commands. Every string that leaves here has its secrets masked.

use std::io::{self, Write};
use std::path::Path;

use crate::check::Outcome;
use crate::cli::Format;
use crate::finding::Finding;

mod concise;
mod github;
mod human;
mod json;
mod sarif;
pub mod text;

pub use human::Style;

/// How paths are shown: `~/…` below the home directory, else as they are.
pub fn display_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            format!("~/{}", rel.to_string_lossy().replace('\\', "/"))
        }
        _ => path.to_string_lossy().into_owned(),
    }
}

/// How machine formats (JSON, SARIF, GitHub) show paths: as they are, absolute, so tools
/// can open them.
pub fn machine_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
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
    crate::redact::mask_message(&f.message).into_owned()
}

fn help(f: &Finding) -> String {
    crate::redact::mask_message(&f.help).into_owned()
}
