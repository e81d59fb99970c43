//! `--format sarif`: SARIF 2.1.0, one run, rules with their docs, results with locations.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{help, message};
use crate::finding::{Code, Finding, Location, Severity};
use crate::rules::outcome::Outcome;

pub(super) fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Code::ALL.iter().map(|&c| rule(c)).collect();
    let results: Vec<Value> = outcome.findings.iter().map(result).collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cc-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A `reportingDescriptor`: the rule's identity and docs.
fn rule(c: Code) -> Value {
    let doc = c.doc();
    json!({
        "id": c.as_str(),
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": format!("{} {}", doc.what, doc.why)},
        "help": {"text": doc.why},
        "defaultConfiguration": {"level": level(doc.severity)},
    })
}

/// A `result`: the finding, its place, and its labels as related locations.
fn result(f: &Finding) -> Value {
    let rule_index = Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0);
    let mut result = json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": format!("{} Help: {}", message(f), help(f))},
        "locations": [location(&f.location)],
        "properties": {"scope": f.location.scope.as_str()},
    });
    if !f.labels.is_empty() {
        result["relatedLocations"] = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut v = location(&l.location);
                v["id"] = json!(i);
                v["message"] = json!({"text": crate::base::redact::mask_message(&l.message)});
                v
            })
            .collect();
    }
    result
}

/// A `location` with its region, 1-based lines and columns.
fn location(loc: &Location) -> Value {
    let (start_line, start_col) = loc.line_col();
    let (end_line, end_col) = loc.source.line_col(loc.span.end);
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(loc.path())},
            "region": {
                "startLine": start_line, "startColumn": start_col,
                "endLine": end_line, "endColumn": end_col,
            }
        }
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A `file://` URI for an absolute path; other sources (`environment`, `GIT_CONFIG_COUNT`) keep
/// their name.
fn uri(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let encoded: String = s
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '%' => "%25".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            c => c.to_string(),
        })
        .collect();
    if path.is_absolute() {
        format!(
            "file://{}{encoded}",
            if encoded.starts_with('/') { "" } else { "/" }
        )
    } else {
        encoded
    }
}
