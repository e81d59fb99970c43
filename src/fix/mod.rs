//! `cc-lint fix`: plan the edits, show a unified diff per file, and — on confirmation or with
//! `--yes` — write them. `--dry-run` and the write share one path: the diff shown is made from
//! exactly the bytes that would be written.

mod edit;
pub mod plan;

use std::path::PathBuf;

pub use edit::{Edit, FilePlan};
use plan::Plan;

use crate::base::env::Env;
use crate::base::source::Scope;
use crate::finding::Severity;
use crate::model::context::Context;
use crate::parse::helper_value::{Helper, HelperKind};
use crate::rules::outcome::{Selection, outcome};

/// The CodeCommit helpers already configured for every repository (not a path-scoped
/// section, not a repository's own config), in git's order, each as it was meant (a lost `!`
/// stays the AWS CLI's): what a plain `fix` keeps.
fn existing_helpers(cx: &Context) -> impl Iterator<Item = Helper> + '_ {
    cx.helper_entries()
        .filter(|(r, e, _)| {
            let scope = cx.git.files[r.file].scope;
            let path_scoped = e
                .subsection
                .as_deref()
                .and_then(crate::parse::urlmatch::Url::parse)
                .is_some_and(|u| !u.path.trim_matches('/').is_empty());
            !path_scoped && !matches!(scope, Scope::Local | Scope::Worktree)
        })
        .map(|(_, _, h)| plan::as_meant(h))
        .filter(Helper::is_codecommit)
}

/// The kind of the CodeCommit helper already configured (so a plain `fix` keeps an AWS CLI
/// setup) and the profile it names (`--profile`, or assigned on its line), kept when the
/// command line does not say.
pub fn existing_helper(cx: &Context) -> (Option<HelperKind>, Option<String>) {
    let mut helpers = existing_helpers(cx);
    let Some(first) = helpers.next() else {
        return (None, None);
    };
    let profile = std::iter::once(&first)
        .chain(helpers.collect::<Vec<_>>().iter())
        .find_map(|h| cx.helper_named_profile(h));
    (Some(first.kind), profile)
}

/// Whether the git on PATH matches `*` in credential URLs, from the version the probes found
/// (an unknown version is taken to be recent).
pub fn git_matches_wildcards(cx: &Context) -> bool {
    cx.probes
        .git
        .is_none_or(|v| v >= crate::parse::urlmatch::CREDENTIAL_WILDCARDS_SINCE)
}

/// What check and git would still say once the plan is written: every CC1xx error, any error
/// in a line the fix writes (a `--profile` that does not exist, say), each CodeCommit URL that
/// still gets no fresh signature, and each other host whose helper list the plan changed
/// (beyond dropping unscoped CodeCommit helpers). Verified on the fixed model, re-resolved.
pub fn remaining_errors(
    before: &Context,
    env: &Env,
    repo_dir: Option<&std::path::Path>,
    plan: &Plan,
    with_unsafe: bool,
) -> Remaining {
    let overlay = plan.overlay(with_unsafe);
    let cx = crate::model::load::context_with(env, repo_dir, true, Some(&overlay));
    let mut errors = remaining_findings(&cx, plan, with_unsafe);
    let stale = unsigned_urls(&cx);
    let changed = changed_hosts(before, &cx, env);
    let git_fails = !stale.is_empty() || !changed.is_empty();
    errors.extend(stale);
    errors.extend(changed);
    Remaining { errors, git_fails }
}

/// The errors check would still report: every CC1xx error, and any error in a line the fix
/// writes (a `--profile` that does not exist, say).
fn remaining_findings(cx: &Context, plan: &Plan, with_unsafe: bool) -> Vec<Remains> {
    let written = |f: &crate::finding::Finding| {
        plan.changed().any(|p| {
            p.path == f.location.source.path
                && p.edits
                    .iter()
                    .any(|e| !e.text.is_empty() && (e.safe || with_unsafe))
        })
    };
    outcome(cx, None, &Selection::default())
        .findings
        .into_iter()
        .filter(|f| {
            f.severity == Severity::Error && (f.code.as_str().starts_with("CC1") || written(f))
        })
        .map(Remains::Finding)
        .collect()
}

/// Each CodeCommit URL of the fixed model that still gets no fresh signature, and why.
fn unsigned_urls(cx: &Context) -> Vec<Remains> {
    cx.resolutions
        .iter()
        .filter_map(|res| {
            let verdict = cx.verdict(res);
            if verdict.is_fresh() {
                return None;
            }
            let mut why = verdict.failures(cx);
            why.push(format!("git gets {}", verdict.describe(cx)));
            Some(Remains::NoFreshSignature {
                url: res.describe(cx),
                why,
            })
        })
        .collect()
}

/// Each other host whose helper list the plan changes (beyond dropping unscoped CodeCommit
/// helpers).
fn changed_hosts(before: &Context, after: &Context, env: &Env) -> Vec<Remains> {
    let mut out = Vec::new();
    for url in other_hosts(before) {
        let (was, now) = (
            other_helpers(before, env, &url),
            other_helpers(after, env, &url),
        );
        if was != now {
            out.push(Remains::HelpersChanged {
                url: url.display(),
                was,
                now,
            });
        }
    }
    out
}

/// The helpers git runs for a non-CodeCommit `url`, each once: a helper asked twice answers as
/// it did the first time.
fn other_helpers(cx: &Context, env: &Env, url: &crate::parse::urlmatch::Url) -> Vec<String> {
    let res = crate::model::context::resolve(
        &cx.git,
        env,
        url.clone(),
        crate::model::context::TargetOrigin::Generic(crate::parse::endpoint::HostForm::STANDARD),
    );
    let mut seen = std::collections::HashSet::new();
    res.helpers()
        .filter_map(|s| s.helper.as_ref())
        .filter(|h| !h.signs_codecommit() && !h.is_damaged_codecommit())
        .map(|h| h.value.clone())
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// What remains after a plan.
pub struct Remaining {
    pub errors: Vec<Remains>,
    /// A CodeCommit URL still gets no fresh signature, or another host's helpers changed.
    pub git_fails: bool,
}

/// One thing check or git would still say after a plan is written.
pub enum Remains {
    /// An error `check` would still report.
    Finding(crate::finding::Finding),
    /// A CodeCommit URL that would still get no fresh signature, and why.
    NoFreshSignature { url: String, why: Vec<String> },
    /// A host whose helper list the plan would change.
    HelpersChanged {
        url: String,
        was: Vec<String>,
        now: Vec<String>,
    },
}

/// Conditional includes that do not apply here (another repository's `gitdir:`) whose file
/// configures a CodeCommit helper: the fix is checked for this repository only, so there it
/// cannot tell which helper answers first.
pub fn inactive_codecommit_includes(cx: &Context, env: &Env) -> Vec<(PathBuf, String)> {
    let loaded: std::collections::HashSet<&std::path::Path> = cx
        .git
        .files
        .iter()
        .map(|f| f.file.source.path.as_path())
        .collect();
    let mut out = Vec::new();
    for (r, e) in cx.git.entries() {
        let (Some(condition), true) = (&e.subsection, e.is("includeif", "path")) else {
            continue;
        };
        let Some(value) = e.value.as_deref() else {
            continue;
        };
        let including = &cx.git.files[r.file].file.source.path;
        let target = crate::model::discover::include_target(env, value, including);
        if loaded.contains(target.as_path()) {
            continue;
        }
        let Ok(Some(bytes)) = crate::base::trust::read_optional(&target) else {
            continue;
        };
        let file = crate::parse::gitconfig::GitConfigFile::parse(std::sync::Arc::new(
            crate::base::source::Source::new(&target, &bytes),
        ));
        let codecommit_helper = file.entries.iter().any(|x| {
            x.is("credential", "helper")
                && x.value.as_deref().is_some_and(|v| !v.is_empty())
                && x.subsection
                    .as_deref()
                    .is_some_and(crate::parse::endpoint::scope_covers_codecommit)
        });
        if codecommit_helper {
            out.push((target, condition.clone()));
        }
    }
    out
}

/// Non-CodeCommit URLs whose helpers a fix must leave alone: a common host, and every host a
/// credential section names.
fn other_hosts(cx: &Context) -> Vec<crate::parse::urlmatch::Url> {
    let mut urls: Vec<crate::parse::urlmatch::Url> =
        crate::parse::urlmatch::Url::parse("https://github.com/o/r")
            .into_iter()
            .collect();
    for (_, e) in cx.git.entries() {
        if e.section != "credential" {
            continue;
        }
        let Some(url) = e
            .subsection
            .as_deref()
            .filter(|s| !s.contains('*'))
            .and_then(crate::parse::urlmatch::Url::parse)
        else {
            continue;
        };
        if crate::parse::endpoint::parse_host(&url.host).is_none()
            && !urls.iter().any(|u| u.host == url.host)
        {
            urls.push(url);
        }
    }
    urls
}
