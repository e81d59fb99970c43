//! `cc-lint fix`: plans, shows the diff, asks, writes. What it shows is `report::fix`'s.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::app::cli::{FixArgs, FixScope, HelperChoice};
use crate::app::{Error, Io, Status};
use crate::base::env::Env;
use crate::base::source::Scope;
use crate::fix::plan::{self, CanonicalHelper, FixOptions, Plan};
use crate::fix::{
    Edit, FilePlan, Remaining, existing_helper, git_matches_wildcards,
    inactive_codecommit_includes, remaining_errors,
};
use crate::model::context::Context;
use crate::model::discover::Overlay;
use crate::parse::helper_value::HelperKind;
use crate::report::fix::Note;

/// Plans the fix, shows it, and writes it when confirmed. `interactive`: stdin and stdout
/// are terminals, so fix may ask.
pub fn run(args: &FixArgs, env: &Env, interactive: bool, io: Io<'_>) -> Result<Status, Error> {
    let Io { input, out, err } = io;
    let home = crate::base::paths::git_home(env);
    let home = home.as_deref();
    let repo_dir = crate::app::repo_arg(env, args.repo.as_deref())?;
    let cx = crate::model::load::context(env, repo_dir.as_deref(), true);
    let opts = options(args, env, &cx, err)?;
    let reload = |overlay: &Overlay| {
        crate::model::load::context_with(env, repo_dir.as_deref(), true, Some(overlay))
    };
    let plan = plan::plan_with_followup(&cx, &opts, &reload)?;
    preflight(&plan, &opts, env, home, err)?;
    let changes = changes(&plan, args.unsafe_fixes);
    let skipped: Vec<&Edit> = plan
        .changed()
        .flat_map(|f| f.edits.iter())
        .filter(|e| !e.safe && !args.unsafe_fixes)
        .collect();
    for (f, new) in &changes {
        crate::report::fix::diff(out, f, new, home)?;
    }
    for e in &skipped {
        crate::report::fix::note(err, &Note::SkippedUnsafe { why: &e.why }, home)?;
    }
    let remaining = remaining_errors(&cx, env, repo_dir.as_deref(), &plan, args.unsafe_fixes);
    leftovers(&cx, env, &remaining, home, err)?;
    let after = if remaining.git_fails {
        Status::Findings
    } else {
        Status::Clean
    };
    if changes.is_empty() {
        // exit 1 only when git would still fail: skipped unsafe fixes are not pending changes
        crate::report::fix::nothing_to_write(out, skipped.len(), remaining.git_fails)?;
        return Ok(after);
    }
    check_targets(&changes, args.force, home, err)?;
    if !confirmed(args, interactive, changes.len(), input, out, err)? {
        return Ok(Status::Findings);
    }
    write(&changes, args, home, out)?;
    Ok(after)
}

/// Refuses a file that would be edited but cannot be read, or is not a file, before any
/// diff or prompt (its "new file" diff would be a lie); warns when the helper path written
/// will not last.
fn preflight(
    plan: &Plan,
    opts: &FixOptions,
    env: &Env,
    home: Option<&Path>,
    err: &mut dyn Write,
) -> Result<(), Error> {
    for f in plan.changed() {
        readable(&f.path, home)?;
    }
    if let CanonicalHelper::Builtin { exe } = &opts.helper
        && let Some(place) = transient_place(exe, env)
        && plan.changed().next().is_some()
    {
        crate::report::fix::note(err, &Note::TransientHelper { exe, place }, home)?;
    }
    Ok(())
}

/// What the fix cannot settle: conditional includes it cannot check from here, and what
/// check would still report.
fn leftovers(
    cx: &Context,
    env: &Env,
    remaining: &Remaining,
    home: Option<&Path>,
    err: &mut dyn Write,
) -> Result<(), Error> {
    for (file, condition) in inactive_codecommit_includes(cx, env) {
        let note = Note::InactiveInclude {
            file: &file,
            condition: &condition,
        };
        crate::report::fix::note(err, &note, home)?;
    }
    for r in &remaining.errors {
        crate::report::fix::note(err, &Note::Remains(r), home)?;
    }
    Ok(())
}

/// What to write where: the target file, the profile and the helper, warning on `err` about
/// a `--file` git does not read and an AWS CLI helper git could not run.
fn options(
    args: &FixArgs,
    env: &Env,
    cx: &Context,
    err: &mut dyn Write,
) -> Result<FixOptions, Error> {
    let (target, target_scope) = target(args, env, cx)?;
    if args.file.is_some() && !cx.git.files.iter().any(|f| f.file.source.path == target) {
        let note = Note::NotRead { target: &target };
        crate::report::fix::note(err, &note, None)?;
    }
    let (existing_kind, existing_profile) = existing_helper(cx);
    let profile = args.profile.clone().or(existing_profile);
    // a plain `fix` keeps an AWS CLI setup; else cc-lint's own helper
    let mut kind = args.helper.unwrap_or(match existing_kind {
        Some(HelperKind::AwsCli) => HelperChoice::Aws,
        _ => HelperChoice::Builtin,
    });
    // An AWS CLI helper that git cannot run (no `aws` on the PATH it runs helpers with) is
    // not kept: the built-in helper, at its absolute path, needs no PATH.
    if args.helper.is_none()
        && kind == HelperChoice::Aws
        && matches!(cx.probes.programs.get("aws"), Some(None))
    {
        crate::report::fix::note(err, &Note::AwsNotOnPath, None)?;
        kind = HelperChoice::Builtin;
    }
    let helper = match kind {
        HelperChoice::Builtin => CanonicalHelper::Builtin {
            exe: std::env::current_exe()
                .and_then(|p| p.canonicalize())
                .map_err(Error::cannot("find cc-lint's own path"))?,
        },
        HelperChoice::Aws => CanonicalHelper::Aws,
    };
    Ok(FixOptions {
        profile,
        helper,
        target,
        target_scope,
        all_endpoints: args.all_endpoints,
        wildcards: git_matches_wildcards(cx),
    })
}

/// Each changed file with the bytes it would get; files the edits leave as they are dropped.
fn changes(plan: &Plan, with_unsafe: bool) -> Vec<(&FilePlan, Vec<u8>)> {
    plan.changed()
        .map(|f| (f, f.apply(with_unsafe)))
        .filter(|(f, new)| f.original().as_deref() != Some(new.as_slice()))
        .collect()
}

/// Refuses before anything is written: a device, FIFO or directory, or a hard-linked file
/// (unless --force), is never replaced.
fn check_targets(
    changes: &[(&FilePlan, Vec<u8>)],
    force: bool,
    home: Option<&Path>,
    err: &mut dyn Write,
) -> Result<(), Error> {
    for (f, _) in changes {
        let links = crate::base::write::check_target(&f.path, force)?;
        if links > 1 {
            let note = Note::HardLinks {
                path: &f.path,
                links,
            };
            crate::report::fix::note(err, &note, home)?;
        }
    }
    Ok(())
}

/// Whether to write: not on `--dry-run`; with `--yes`; else when the user, asked on a
/// terminal, answers yes.
fn confirmed(
    args: &FixArgs,
    interactive: bool,
    files: usize,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, Error> {
    if args.dry_run {
        crate::report::fix::note(err, &Note::DryRun { files }, None)?;
        return Ok(false);
    }
    if args.yes {
        return Ok(true);
    }
    if !interactive {
        crate::report::fix::note(err, &Note::NotATerminal, None)?;
        return Ok(false);
    }
    crate::report::fix::prompt(out)?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        crate::report::fix::declined(out)?;
    }
    Ok(yes)
}

/// Writes every changed file (with a backup unless `--no-backup`) and says so.
fn write(
    changes: &[(&FilePlan, Vec<u8>)],
    args: &FixArgs,
    home: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    for (f, new) in changes {
        let written = crate::base::write::write_file_with(
            &f.path,
            f.original().as_deref(),
            new,
            !args.no_backup,
            args.force,
        )?;
        crate::report::fix::wrote(out, &written.path, written.backup.as_deref(), home)?;
    }
    Ok(())
}

/// Where a helper path will not last: a cargo `target/` directory (`cargo clean`, a rebuild)
/// or a temporary directory. `None` for an installed binary.
fn transient_place(exe: &Path, env: &Env) -> Option<&'static str> {
    let in_target = exe.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "target")
            && (dir.join("CACHEDIR.TAG").is_file() || dir.join(".rustc_info.json").is_file())
    });
    if in_target {
        return Some("a cargo target/ directory");
    }
    // where `std::env::temp_dir` looks (TMPDIR; TMP, TEMP on Windows), from the Env given
    let mut temps: Vec<std::path::PathBuf> = ["TMPDIR", "TMP", "TEMP"]
        .iter()
        .filter_map(|v| env.var(v))
        .map(std::path::PathBuf::from)
        .collect();
    #[cfg(unix)]
    temps.extend(["/tmp", "/var/tmp", "/dev/shm"].map(std::path::PathBuf::from));
    let temp = temps.iter().any(|t| {
        let t = t.canonicalize().unwrap_or_else(|_| t.clone());
        exe.starts_with(&t)
    });
    temp.then_some("a temporary directory")
}

/// Refuses a path fix would edit that exists but is not a regular file (a directory, a FIFO,
/// a device such as `GIT_CONFIG_GLOBAL=/dev/null`) or cannot be read. A symlink to a regular
/// file is followed, as git does. A missing file is fine: fix creates it.
fn readable(path: &Path, home: Option<&Path>) -> Result<(), Error> {
    let shown = || crate::base::paths::display_path(path, home);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Unreadable {
                shown: shown(),
                source,
            });
        }
    };
    if let Some(kind) = crate::base::trust::kind_of(&meta) {
        // a directory by name; a device, FIFO or socket as what it is not
        let what = if kind == "a directory" {
            kind
        } else {
            "not a regular file"
        };
        return Err(Error::NotEditable {
            shown: shown(),
            what,
        });
    }
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut [0u8; 1]))
        .map(|_| ())
        .map_err(|source| Error::Unreadable {
            shown: shown(),
            source,
        })
}

/// Where the canonical sections go: `--file`, `--scope`, else the global file git writes to
/// (`GIT_CONFIG_GLOBAL`; `~/.gitconfig`, or the XDG file when only it exists).
fn target(args: &FixArgs, env: &Env, cx: &Context) -> Result<(PathBuf, Scope), Error> {
    if let Some(f) = &args.file {
        let path = env.cwd.join(f);
        let scope = cx
            .git
            .files
            .iter()
            .find(|l| l.file.source.path == path)
            .map_or(Scope::Global, |l| l.scope);
        return Ok((path, scope));
    }
    match args.scope.unwrap_or(FixScope::Global) {
        FixScope::Local => {
            let repo = cx.repo.as_ref().ok_or(Error::LocalNeedsRepository)?;
            if let Some(refused) = &cx.git.refused {
                return Err(Error::FixRefused(refused.path.clone()));
            }
            Ok((repo.common_dir.join("config"), Scope::Local))
        }
        FixScope::System => {
            if env.flag("GIT_CONFIG_NOSYSTEM") {
                return Err(Error::NoSystemFile);
            }
            let path = crate::model::discover::system_config_path(env, true)
                .ok_or(Error::UnknownSystemFile)?;
            Ok((path, Scope::System))
        }
        FixScope::Global => {
            let path = crate::model::discover::global_config_to_write(env).ok_or(Error::NoHome)?;
            Ok((path, Scope::Global))
        }
    }
}
