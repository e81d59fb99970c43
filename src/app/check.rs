//! `cc-lint check`: builds the model (once, or once per repository with `--repos`), asks AWS
//! and git with `--online`, and runs the selected rules.

use std::path::Path;
use std::sync::atomic::Ordering;

use crate::base::env::Env;
use crate::base::source::Scope;
use crate::model::load::{Shared, context, context_in};
use crate::rules::outcome::{Outcome, Selection, outcome};

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
    let parts: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = repos
            .chunks(chunk)
            .map(|batch| {
                let (shared, done) = (&shared, &done);
                scope.spawn(move || {
                    let mut out = Outcome::default();
                    for dir in batch {
                        out.merge(check_one_of_many(env, dir, shared, selection));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, repos.len());
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
    for p in parts {
        all.merge(p);
    }
    all.settle();
    all
}

/// One repository of `--repos`: its findings that involve its own files name it.
fn check_one_of_many(env: &Env, dir: &Path, shared: &Shared, selection: &Selection) -> Outcome {
    let cx = context_in(env, Some(dir), shared, None);
    let mut o = outcome(&cx, None, selection);
    let local = |l: &crate::finding::Location| matches!(l.scope, Scope::Local | Scope::Worktree);
    let repo = cx
        .repo
        .as_ref()
        .and_then(|r| r.work_tree.clone())
        .unwrap_or_else(|| dir.to_path_buf());
    for f in &mut o.findings {
        if local(&f.location) || f.labels.iter().any(|l| local(&l.location)) {
            f.repo = Some(repo.clone());
        }
    }
    o
}
