//! `--format human`: miette diagnostics with the offending line, labels, help and code.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::{display_path, help, message};
use crate::check::Outcome;
use crate::finding::{Finding, Location, Severity};

pub(super) fn render(
    outcome: &Outcome,
    color: bool,
    base: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_show_related_as_nested(true)
        .with_links(false);
    for f in &outcome.findings {
        let diag = FindingDiagnostic::new(f, base);
        let mut s = String::new();
        handler
            .render_report(&mut s, &diag)
            .map_err(io::Error::other)?;
        writeln!(out, "{}", s.trim_end())?;
        writeln!(out)?;
    }
    if let Some(online) = &outcome.online {
        write!(out, "{}", online_block(online))?;
    }
    writeln!(out, "{}", summary(outcome))
}

/// `check --online`: one line per step, the principal and account included.
fn online_block(online: &crate::online::Summary) -> String {
    let mut s = String::from("Online checks:\n");
    for line in &online.lines {
        s.push_str(&format!(
            "  {} {:<11} {}\n",
            if line.ok { "✓" } else { "✗" },
            line.step,
            crate::redact::mask_message(&line.text)
        ));
    }
    s.push('\n');
    s
}

fn summary(outcome: &Outcome) -> String {
    let files = outcome.files.len();
    let files = format!("{files} file{}", if files == 1 { "" } else { "s" });
    if outcome.findings.is_empty() {
        if !outcome.codecommit_seen {
            return format!(
                "No problems found in {files}, and no CodeCommit setup either: no CodeCommit remote, no CodeCommit credential helper.\nTo set one up: cc-lint fix --profile <name>"
            );
        }
        return format!("No problems found in {files}.");
    }
    let mut parts = Vec::new();
    for (sev, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "note"),
    ] {
        let n = outcome.count(sev);
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 { "" } else { "s" }));
        }
    }
    format!("Found {} in {files}.", parts.join(", "))
}

/// A finding as miette wants it: the primary file's labels here, other files' as related.
struct FindingDiagnostic {
    title: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingDiagnostic>,
}

impl FindingDiagnostic {
    fn new(f: &Finding, base: Option<&Path>) -> FindingDiagnostic {
        let severity = match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        let mut help_text = help(f);
        let (line, col) = f.location.line_col();
        let mut where_ = format!(
            "{}:{line}:{col} ({})",
            display_path(f.location.path(), base),
            f.location.scope
        );
        if !f.location.include_chain.is_empty() {
            where_.push_str(&format!(
                ", included from {}",
                f.location.include_chain.join(" → ")
            ));
        }
        if let Some(repo) = &f.repo {
            where_.push_str(&format!(", repository {}", display_path(repo, base)));
        }
        help_text = format!("{help_text}\n{where_}");
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(f.label.clone()).filter(|l| !l.is_empty()),
            span(&f.location),
        )];
        let mut related = Vec::new();
        for l in &f.labels {
            if l.location.source.path == f.location.source.path {
                labels.push(LabeledSpan::new_with_span(
                    Some(l.message.clone()),
                    span(&l.location),
                ));
            } else {
                related.push(FindingDiagnostic {
                    title: format!(
                        "{} ({})",
                        crate::redact::mask_message(&l.message),
                        l.location.scope
                    ),
                    code: String::new(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: named_source(&l.location, base),
                    labels: vec![LabeledSpan::new_primary_with_span(None, span(&l.location))],
                    related: Vec::new(),
                });
            }
        }
        FindingDiagnostic {
            title: message(f),
            code: format!("{}({})", f.code, f.code.name()),
            severity,
            help: Some(help_text),
            source: named_source(&f.location, base),
            labels,
            related,
        }
    }
}

fn span(loc: &Location) -> miette::SourceSpan {
    (loc.span.start, loc.span.end.saturating_sub(loc.span.start)).into()
}

fn named_source(loc: &Location, base: Option<&Path>) -> NamedSource<String> {
    let text = crate::redact::mask_source(&loc.source.text).into_owned();
    NamedSource::new(display_path(loc.path(), base), text)
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}
