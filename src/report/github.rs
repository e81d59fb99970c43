//! `--format github`: workflow commands that annotate files in a GitHub Actions run.

use std::io::{self, Write};

use super::message;
use crate::base::paths::machine_path;
use crate::finding::Severity;
use crate::rules::outcome::Outcome;

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

/// Escaping of workflow command data, as the runner's `toolkit` does (`%`, CR, LF); other
/// control characters (an ESC from a config file) are written as `\x1b` so the log shows
/// them instead of acting on them.
pub(super) fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::text::escape_controls(&s, "\\t").into_owned()
}

/// Escaping of workflow command properties (also `:` and `,`).
pub(super) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escapes() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("x\u{1b}]0;t\u{7}"), "x\\x1b]0;t\\x07");
        assert_eq!(escape_property("C:/a,b::c"), "C%3A/a%2Cb%3A%3Ac");
        // `::` in data cannot end the command early: only the first `::` separates
        assert_eq!(escape_data("a::b"), "a::b");
    }
}
