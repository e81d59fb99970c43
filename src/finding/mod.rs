//! Findings: what a rule reports, where, and why. Rules build them; only `report` prints them.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::source::{Scope, Source};
mod code;

pub use code::{Code, Example, ExampleFiles, FixKind, RuleDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone)]
pub struct Location {
    pub source: Arc<Source>,
    pub span: Range<usize>,
    pub scope: Scope,
    /// The includes that pulled the file in, outermost first, as `file:line`.
    pub include_chain: Vec<String>,
}

impl Location {
    pub fn line_col(&self) -> (usize, usize) {
        self.source.line_col(self.span.start)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.source.path
    }
}

/// A secondary place that makes the finding matter.
#[derive(Debug, Clone)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixAvailability {
    pub available: bool,
    pub safe: bool,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Label on the primary span.
    pub label: String,
    pub labels: Vec<Label>,
    pub help: String,
    pub fix: FixAvailability,
    /// The repository the finding belongs to, with `--repos`.
    pub repo: Option<PathBuf>,
}

/// Collects findings from rules.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    /// Starts a finding of `code` at `location`; severity, fix and help come from the rule's doc.
    pub fn report(
        &mut self,
        code: Code,
        location: Location,
        message: impl Into<String>,
    ) -> &mut Finding {
        let doc = code.doc();
        self.items.push(Finding {
            code,
            severity: doc.severity,
            message: message.into(),
            location,
            label: String::new(),
            labels: Vec::new(),
            help: doc.summary.clone(),
            fix: FixAvailability {
                available: doc.fix != FixKind::None,
                safe: doc.fix == FixKind::Safe,
            },
            repo: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// The finding reported last.
    pub fn last_mut(&mut self) -> Option<&mut Finding> {
        self.items.last_mut()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.items.iter()
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Finding {
    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = text.into();
        self
    }

    pub fn also(&mut self, location: Location, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    pub fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = text.into();
        self
    }

    /// Sort key: repository, scope in git's reading order, file, position, code.
    pub fn sort_key(&self) -> (Option<PathBuf>, Scope, PathBuf, usize, Code) {
        (
            self.repo.clone(),
            self.location.scope,
            self.location.source.path.clone(),
            self.location.span.start,
            self.code,
        )
    }
}
