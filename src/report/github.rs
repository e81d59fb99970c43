//! `--format github`: workflow commands that annotate files in a GitHub Actions run.

use std::io::{self, Write};

use super::{machine_path, message};
use crate::check::Outcome;
use crate::finding::Severity;

pub(super) fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in &outcome.findings {
        let (line, col) = f.location.line_col();
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={line},col={col},title={}::{}",
            escape_property(&machine_path(f.location.path())),
            escape_property(&format!("{} {}", f.code, f.code.name())),
            escape_data(&message(f)),
        )?;
    }
    Ok(())
}

/// Escaping of workflow command data (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of workflow command properties (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
