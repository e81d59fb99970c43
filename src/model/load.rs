//! Builds the model: discovery, the git and AWS files, and probes of the programs the user's
//! own config names.

use std::path::{Path, PathBuf};

use crate::base::env::Env;
use crate::model::context::Context;
use crate::model::discover::{self, Repo};

/// What one run reads once and shares between repositories: where the system file is, the
/// AWS files, and every parsed git config file.
#[derive(Debug)]
pub struct Shared {
    pub system: Option<std::path::PathBuf>,
    pub aws: std::sync::Arc<crate::model::aws::AwsModel>,
    pub git_credentials: Vec<crate::model::gitcreds::GitCredFile>,
    pub cache: discover::FileCache,
    /// Whether external programs may be run (`--no-probe` turns it off).
    pub probe: bool,
}

impl Shared {
    /// With `probe`, git is asked where its system file is; otherwise the platform default is
    /// assumed.
    pub fn load(env: &Env, probe: bool, overlay: Option<&discover::Overlay>) -> Shared {
        let system = discover::system_config_path(env, probe);
        Shared {
            system,
            aws: std::sync::Arc::new(crate::model::aws::AwsModel::load(env, overlay)),
            git_credentials: crate::model::gitcreds::load(env, overlay),
            cache: discover::FileCache::default(),
            probe,
        }
    }
}

/// Builds the model for the repository at `repo_dir` (or none).
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
    context_in(env, repo_dir, &Shared::load(env, probe, overlay), overlay)
}

/// The model for one repository, reusing what `shared` already read.
pub fn context_in(
    env: &Env,
    repo_dir: Option<&Path>,
    shared: &Shared,
    overlay: Option<&discover::Overlay>,
) -> Context {
    let start = repo_dir.map_or_else(|| env.cwd.clone(), Path::to_path_buf);
    let repo = Repo::discover(env, &start);
    let cache = overlay.is_none().then_some(&shared.cache);
    let git =
        discover::load_git_config_with(env, repo.as_ref(), shared.system.clone(), overlay, cache);
    let mut cx = Context::build(env.clone(), repo, git, shared.aws.clone());
    cx.git_credentials = shared.git_credentials.clone();
    let helpers: Vec<_> = cx
        .codecommit_helper_entries()
        .map(|(r, _, h)| (r, h))
        .collect();
    let mut programs: Vec<String> = Vec::new();
    for (_, h) in &helpers {
        if let Some(p) = h.lookup_program()
            && !programs.contains(&p)
        {
            programs.push(p);
        }
    }
    // the AWS CLI a canonical `!aws …` helper runs: fix writes one only where git finds it
    if !helpers.is_empty() && !programs.iter().any(|p| p == "aws") {
        programs.push("aws".to_owned());
    }
    // git hands `codecommit::` remotes to this remote helper (CC304)
    if crate::model::grc::remotes(&cx).next().is_some() {
        programs.push(crate::model::grc::PROGRAM.to_owned());
    }
    // Without probes nothing of this machine is consulted (fixtures describe other
    // machines): programs are not looked up either.
    if shared.probe {
        // Only a program the user's own config names is run (`--version`): a repository's
        // config, or a file it includes, may name anything (issue 11). CC005 says so.
        let aws = helpers
            .iter()
            .filter(|(r, _)| !cx.git.file(*r).scope.is_repository())
            .find(|(_, h)| h.kind == crate::parse::helper_value::HelperKind::AwsCli)
            .and_then(|(_, h)| h.program());
        let repo_dirs: Vec<PathBuf> = cx
            .repo
            .iter()
            .flat_map(|r| {
                [
                    r.work_tree.clone(),
                    Some(r.git_dir.clone()),
                    Some(r.common_dir.clone()),
                ]
            })
            .flatten()
            .collect();
        cx.probes = crate::base::probe::Probes::run(env, &programs, aws, &repo_dirs);
    }
    cx
}
