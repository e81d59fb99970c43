//! `cc-lint check`: discover → parse → model → rules → findings, then the user's selection,
//! ignores and severities. Printing is `report`'s job.

use std::path::{Path, PathBuf};

use crate::base::env::Env;
use crate::base::source::Scope;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::model::context::Context;
use crate::model::load::{Shared, context, context_in};
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

    /// Whether the run fails (exit status 1): a finding at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on)
    }
}

/// Runs every selected rule on one repository (or the home alone).
pub fn check(env: &Env, repo_dir: Option<&Path>, selection: &Selection, probe: bool) -> Outcome {
    outcome(&context(env, repo_dir, probe), None, selection)
}

/// `check --online`: the model, then AWS and git asked whether it works (the only network
/// access of `check`), then every selected rule on both.
pub fn check_online(
    env: &Env,
    repo_dir: Option<&Path>,
    selection: &Selection,
    probe: bool,
) -> Outcome {
    let cx = context(env, repo_dir, probe);
    let online = crate::online::run(&cx);
    outcome(&cx, Some(&online), selection)
}

/// Checks many repositories in one run (`--repos`): the system, global and AWS files are read
/// and parsed once; each repository adds its own local config. A finding that does not involve
/// a repository's own files is reported once; the others name their repository.
pub fn check_many(
    env: &Env,
    repos: &[std::path::PathBuf],
    selection: &Selection,
    probe: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Outcome {
    let shared = Shared::load(env, probe, None);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let chunk = repos.len().div_ceil(workers).max(1);
    let mut parts: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = repos
            .chunks(chunk)
            .map(|batch| {
                let (shared, done) = (&shared, &done);
                scope.spawn(move || {
                    let mut out = Outcome::default();
                    for dir in batch {
                        let cx = context_in(env, Some(dir), shared, None);
                        let mut o = outcome(&cx, None, selection);
                        let local = |l: &crate::finding::Location| {
                            matches!(l.scope, Scope::Local | Scope::Worktree)
                        };
                        for f in &mut o.findings {
                            if local(&f.location) || f.labels.iter().any(|l| local(&l.location)) {
                                f.repo = Some(
                                    cx.repo
                                        .as_ref()
                                        .and_then(|r| r.work_tree.clone())
                                        .unwrap_or_else(|| dir.clone()),
                                );
                            }
                        }
                        out.findings.extend(o.findings);
                        out.files.extend(o.files);
                        out.codecommit_seen |= o.codecommit_seen;
                        progress(
                            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                            repos.len(),
                        );
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a check thread panicked"))
            .collect()
    });
    let mut all = Outcome::default();
    for p in parts.drain(..) {
        all.findings.extend(p.findings);
        all.files.extend(p.files);
        all.codecommit_seen |= p.codecommit_seen;
    }
    all.files.sort();
    all.files.dedup();
    all.findings.sort_by_key(Finding::sort_key);
    dedup(&mut all.findings);
    all
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
