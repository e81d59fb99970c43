//! `--format json`: one object — `version`, `findings`, `summary` (counts by severity and
//! files read) and, with `--online`, `online` (one entry per step).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{help, message};
use crate::base::paths::machine_path;
use crate::finding::Severity;
use crate::rules::outcome::Outcome;

pub(super) fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let (line, column) = f.location.line_col();
            let mut obj = json!({
                "code": f.code.as_str(),
                "name": f.code.name(),
                "severity": f.severity.as_str(),
                "message": message(f),
                "file": machine_path(f.location.path()),
                "line": line,
                "column": column,
                "scope": f.location.scope.as_str(),
                "help": help(f),
                "fix": {"available": f.fix.available, "safe": f.fix.safe},
            });
            if !f.location.include_chain.is_empty() {
                obj["included_from"] = json!(f.location.include_chain);
            }
            if !f.labels.is_empty() {
                obj["related"] = f
                    .labels
                    .iter()
                    .map(|l| {
                        let (line, column) = l.location.line_col();
                        json!({
                            "file": machine_path(l.location.path()),
                            "line": line,
                            "column": column,
                            "scope": l.location.scope.as_str(),
                            "message": crate::base::redact::mask_message(&l.message),
                        })
                    })
                    .collect();
            }
            if let Some(repo) = &f.repo {
                obj["repository"] = json!(machine_path(repo));
            }
            obj
        })
        .collect();
    let mut doc = json!({
        "version": 1,
        "findings": findings,
        "summary": {
            "error": outcome.count(Severity::Error),
            "warning": outcome.count(Severity::Warning),
            "info": outcome.count(Severity::Info),
            "files": outcome.files.len(),
        }
    });
    if let Some(online) = &outcome.online {
        doc["online"] = super::online::lines(online)
            .iter()
            .map(|l| {
                json!({
                    "step": l.step,
                    "ok": l.ok,
                    "message": crate::base::redact::mask_message(&l.text),
                })
            })
            .collect();
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
