//! The findings of one run: every rule on the model, then the user's selection, ignores and
//! severities (`.cc-lint.toml`), each finding once. Printing is `report`'s job.

use std::path::PathBuf;

use crate::base::source::Scope;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::rules;
use crate::rules::settings::Settings;

/// What the user chose on the command line and in `.cc-lint.toml`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<Code>,
    pub ignore: Vec<Code>,
    pub settings: Settings,
}

impl Selection {
    fn wants(&self, code: Code) -> bool {
        (self.select.is_empty() || self.select.contains(&code))
            && !self.ignore.contains(&code)
            && !self.settings.ignore.contains(&code)
    }
}

/// Findings of one run and the files they came from.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Every file read, with its scope.
    pub files: Vec<(PathBuf, Scope)>,
    /// What the online steps showed, with `--online`.
    pub online: Option<crate::online::Summary>,
    /// Whether any CodeCommit remote or credential helper was found at all.
    pub codecommit_seen: bool,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Adds another run's findings and files (`--repos`).
    pub fn merge(&mut self, other: Outcome) {
        self.findings.extend(other.findings);
        self.files.extend(other.files);
        self.codecommit_seen |= other.codecommit_seen;
    }

    /// Sorts what merged runs found, each finding once.
    pub fn settle(&mut self) {
        self.files.sort();
        self.files.dedup();
        self.findings.sort_by_key(Finding::sort_key);
        dedup(&mut self.findings);
    }

    /// Whether the run fails (exit 1): a finding at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on)
    }
}

/// Runs the selected rules on a model (and what `--online` asked, when it did).
pub fn outcome(cx: &Context, online: Option<&OnlineResults>, selection: &Selection) -> Outcome {
    let mut findings: Vec<Finding> = rules::run(cx, online)
        .into_vec()
        .into_iter()
        .filter(|f| selection.wants(f.code))
        .collect();
    for f in &mut findings {
        if let Some(sev) = selection.settings.severity.get(&f.code) {
            f.severity = *sev;
        }
    }
    findings.sort_by_key(Finding::sort_key);
    dedup(&mut findings);
    let files = cx
        .git
        .files
        .iter()
        .map(|f| (f.file.source.path.clone(), f.scope))
        .chain(cx.aws.files().map(|f| (f.source.path.clone(), f.scope())))
        .chain(
            cx.git_credentials
                .iter()
                .map(|f| (f.path.clone(), Scope::GitCredentials)),
        )
        // files that exist but cannot be read count as read (and have findings)
        .chain(cx.git.unreadable.iter().map(|u| (u.path.clone(), u.scope)))
        .chain(cx.aws.unreadable.iter().map(|(p, s, _)| (p.clone(), *s)))
        .collect();
    let online = online.map(|o| o.summary(cx));
    let codecommit_seen = !cx.resolutions.is_empty()
        || cx.remotes.iter().any(|r| r.codecommit_host().is_some())
        || crate::model::grc::remotes(cx).next().is_some();
    Outcome {
        findings,
        files,
        online,
        codecommit_seen,
    }
}

/// The same finding reached through two URLs (or two repositories) is reported once.
fn dedup(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    findings.retain(|f| {
        seen.insert((
            f.code,
            f.repo.clone(),
            f.location.source.path.clone(),
            f.location.span.start,
            f.location.span.end,
        ))
    });
}
