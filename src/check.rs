//! `cc-lint check`: discover → parse → model → rules → findings, then the user's selection,
//! ignores and severities. Printing is `report`'s job.

use std::path::{Path, PathBuf};

use crate::context::Context;
use crate::discover::{self, Repo};
use crate::env::Env;
use crate::finding::{Finding, Severity};
use crate::rules::{self, Code};
use crate::settings::Settings;
use crate::source::Scope;

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
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Exit status per SPEC.md: 1 when a finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on)
    }
}

/// Builds the model for the repository at `repo_dir` (or none). With `probe`, git is asked
/// where its system file is; otherwise the platform default is assumed.
pub fn context(env: &Env, repo_dir: Option<&Path>, probe: bool) -> Context {
    context_with(env, repo_dir, probe, None)
}

/// As [`context`], with file contents from `overlay` where it has them (a planned fix).
pub fn context_with(
    env: &Env,
    repo_dir: Option<&Path>,
    probe: bool,
    overlay: Option<&discover::Overlay>,
) -> Context {
    let start = repo_dir.map_or_else(|| env.cwd.clone(), Path::to_path_buf);
    let repo = Repo::discover(env, &start);
    let system = if env.var("GIT_CONFIG_SYSTEM").is_some() || env.flag("GIT_CONFIG_NOSYSTEM") {
        None
    } else if probe {
        crate::probe::git_system_config(env).or_else(|| discover::default_system_config(env))
    } else {
        discover::default_system_config(env)
    };
    let git = discover::load_git_config_with(env, repo.as_ref(), system, overlay);
    let aws = crate::aws::AwsModel::load(env, overlay);
    let mut cx = Context::build(env.clone(), repo, git, aws);
    cx.git_credentials = crate::gitcreds::load(env, overlay);
    if probe {
        let helpers: Vec<_> = cx.codecommit_helper_entries().map(|(_, _, h)| h).collect();
        let mut programs: Vec<String> = Vec::new();
        for h in &helpers {
            if let Some(p) = h.program()
                && !programs.iter().any(|q| q == p)
            {
                programs.push(p.to_owned());
            }
        }
        let aws = helpers
            .iter()
            .find(|h| h.kind == crate::helpers::HelperKind::AwsCli)
            .and_then(|h| h.program());
        cx.probes = crate::probe::Probes::run(env, &programs, aws);
    }
    cx
}

/// Runs every selected rule on one repository (or the home alone).
pub fn check(env: &Env, repo_dir: Option<&Path>, selection: &Selection, probe: bool) -> Outcome {
    outcome(&context(env, repo_dir, probe), selection)
}

/// Runs the selected rules on a model.
pub fn outcome(cx: &Context, selection: &Selection) -> Outcome {
    let mut findings: Vec<Finding> = rules::run(cx)
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
        .collect();
    Outcome { findings, files }
}

/// The same finding reached through two URLs is reported once.
fn dedup(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    findings.retain(|f| {
        seen.insert((
            f.code,
            f.location.source.path.clone(),
            f.location.span.start,
            f.location.span.end,
        ))
    });
}
