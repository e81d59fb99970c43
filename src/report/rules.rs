//! `cc-lint rules`: every rule, one line each, or as JSON.

use std::io::{self, Write};

use crate::finding::{Code, FixKind};

/// One line per rule: code, name, severity, summary, and whether `fix` repairs it.
pub fn human(out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    for c in Code::ALL {
        let d = c.doc();
        let fix = match d.fix {
            FixKind::None => "",
            FixKind::Safe => " [fix]",
            FixKind::Unsafe => " [unsafe fix]",
        };
        s.push_str(&format!(
            "{c}  {:<30} {:<8} {}{fix}\n",
            d.name,
            d.severity.as_str(),
            d.summary
        ));
    }
    out.write_all(s.as_bytes())
}

/// A JSON array of `{code, name, severity, fix, summary}`.
pub fn json(out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|c| {
            let d = c.doc();
            serde_json::json!({
                "code": c.as_str(), "name": d.name, "severity": d.severity.as_str(),
                "fix": match d.fix { FixKind::None => "none", FixKind::Safe => "safe", FixKind::Unsafe => "unsafe" },
                "summary": d.summary,
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&rules).map_err(io::Error::other)?;
    out.write_all(format!("{text}\n").as_bytes())
}
