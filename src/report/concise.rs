//! `--format concise`: one line per finding, `file:line:col: CODE [severity] message` — the
//! shape compilers, ruff and editors' quickfix lists use. Paths are absolute, as in the other
//! machine formats, so an editor can open them from any directory.

use std::io::{self, Write};

use super::message;
use super::text::escape_controls;
use crate::base::paths::machine_path;
use crate::rules::outcome::Outcome;

pub(super) fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in &outcome.findings {
        let (line, col) = f.location.line_col();
        // one line per finding whatever the text holds: newlines and controls escaped
        let path = machine_path(f.location.path());
        writeln!(
            out,
            "{}:{line}:{col}: {} [{}] {}",
            escape_controls(&path, "\\t"),
            f.code,
            f.severity.as_str(),
            escape_controls(&message(f), "\\t"),
        )?;
    }
    Ok(())
}
