//! `cc-lint fix`: plan the edits, show a unified diff per file, and — on confirmation or with
//! `--yes` — write them. `--dry-run` and the write share one path: the diff shown is made from
//! exactly the bytes that would be written.

mod edit;
pub mod plan;

use std::io::{BufRead, Write};
use std::path::PathBuf;

pub use edit::{Edit, FilePlan};
use plan::{CanonicalHelper, FixOptions, Plan};

use crate::check::{self, Selection};
use crate::cli::{FixArgs, FixScope, HelperKind as HelperArg};
use crate::context::Context;
use crate::discover::Overlay;
use crate::env::Env;
use crate::finding::Severity;
use crate::helpers::Helper;
use crate::source::Scope;

/// Terminal interaction, passed in so the flow is testable.
pub struct Io<'a> {
    pub interactive: bool,
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

pub fn run(args: &FixArgs, env: &Env, io: Io<'_>) -> Result<i32, String> {
    let repo_dir = args.repo.as_deref().map(|p| env.cwd.join(p));
    let cx = check::context(env, repo_dir.as_deref(), true);
    let (target, target_scope) = target(args, env, &cx)?;
    if args.file.is_some() && !cx.git.files.iter().any(|f| f.file.source.path == target) {
        let _ = writeln!(
            io.err,
            "cc-lint: warning: git does not read {} (no config file includes it); add it with `git config --global --add include.path '{}'`",
            target.display(),
            target.display()
        );
    }
    let profile = args.profile.clone().or_else(|| existing_profile(&cx));
    let kind = args.helper.unwrap_or_else(|| existing_kind(&cx));
    let helper = match kind {
        HelperArg::Builtin => CanonicalHelper::Builtin {
            exe: std::env::current_exe()
                .and_then(|p| p.canonicalize())
                .map_err(|e| format!("cannot find cc-lint's own path: {e}"))?,
        },
        HelperArg::Aws => CanonicalHelper::Aws,
    };
    let git_version = git_version(env);
    let opts = FixOptions {
        profile,
        helper,
        target,
        target_scope,
        all_endpoints: args.all_endpoints,
        wildcards: git_version.is_none_or(|v| v >= (2, 26)),
    };
    let reload =
        |overlay: &Overlay| check::context_with(env, repo_dir.as_deref(), true, Some(overlay));
    let plan = plan::plan_with_followup(&cx, &opts, &reload).map_err(|e| e.to_string())?;
    let Io {
        interactive,
        input,
        out,
        err,
    } = io;
    let home = env.home();
    let w = |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map_err(|e| e.to_string());

    let changes: Vec<(&FilePlan, Vec<u8>)> = plan
        .changed()
        .map(|f| (f, f.apply(args.unsafe_fixes)))
        .filter(|(f, new)| f.original().as_deref() != Some(new.as_slice()))
        .collect();
    let skipped: Vec<&Edit> = plan
        .changed()
        .flat_map(|f| f.edits.iter())
        .filter(|e| !e.safe && !args.unsafe_fixes)
        .collect();
    for (f, new) in &changes {
        w(out, &diff(f, new, home.as_deref()))?;
    }
    for e in &skipped {
        w(
            err,
            &format!(
                "cc-lint: skipped an unsafe fix (it removes a comment; use --unsafe): {}\n",
                e.why
            ),
        )?;
    }
    let remaining = remaining_errors(env, repo_dir.as_deref(), &plan, args.unsafe_fixes);
    for r in &remaining {
        w(
            err,
            &format!("cc-lint: after this fix, check still reports {r}\n"),
        )?;
    }
    if changes.is_empty() {
        if !skipped.is_empty() {
            w(
                out,
                &format!(
                    "Nothing safe to change; {} unsafe fix(es) skipped (see above; --unsafe applies them).\n",
                    skipped.len()
                ),
            )?;
            return Ok(if args.dry_run {
                crate::app::EXIT_FINDINGS
            } else {
                crate::app::EXIT_OK
            });
        }
        w(
            out,
            "Nothing to change: the CodeCommit setup is already in place.\n",
        )?;
        return Ok(crate::app::EXIT_OK);
    }
    // Refuse before anything is written: a device, FIFO or directory, or a hard-linked file
    // (unless --force), is never replaced.
    for (f, _) in &changes {
        let links = crate::write::check_target(&f.path, args.force).map_err(|e| e.to_string())?;
        if links > 1 {
            w(
                err,
                &format!(
                    "cc-lint: warning: {} has {links} hard links; the other names keep the old content (--force)\n",
                    crate::report::display_path(&f.path, home.as_deref())
                ),
            )?;
        }
    }
    if args.dry_run {
        w(
            err,
            &format!(
                "cc-lint: {} file(s) would change (dry run: nothing written)\n",
                changes.len()
            ),
        )?;
        return Ok(crate::app::EXIT_FINDINGS);
    }
    if !args.yes {
        if !interactive {
            w(
                err,
                "cc-lint: not a terminal, so nothing was written; pass --yes to write these changes\n",
            )?;
            return Ok(crate::app::EXIT_FINDINGS);
        }
        w(out, "Write these changes? [y/N] ")?;
        out.flush().map_err(|e| e.to_string())?;
        let mut answer = String::new();
        input.read_line(&mut answer).map_err(|e| e.to_string())?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            w(out, "Nothing written.\n")?;
            return Ok(crate::app::EXIT_FINDINGS);
        }
    }
    for (f, new) in &changes {
        let written = crate::write::write_file_with(
            &f.path,
            f.original().as_deref(),
            new,
            !args.no_backup,
            args.force,
        )
        .map_err(|e| e.to_string())?;
        let shown = crate::report::display_path(&written.path, home.as_deref());
        match &written.backup {
            Some(b) => w(
                out,
                &format!(
                    "Wrote {shown} (backup: {})\n",
                    crate::report::display_path(b, home.as_deref())
                ),
            )?,
            None => w(out, &format!("Wrote {shown}\n"))?,
        }
    }
    Ok(crate::app::EXIT_OK)
}

/// The unified diff of one file, secrets masked.
fn diff(f: &FilePlan, new: &[u8], home: Option<&std::path::Path>) -> String {
    let old = f.original().unwrap_or_default();
    let old = String::from_utf8_lossy(&old);
    let new = String::from_utf8_lossy(new);
    // Mask whole files before diffing: a hunk may start on a secret's continuation line,
    // which alone does not show that it is one.
    let old = crate::redact::mask_source(&old);
    let new = crate::redact::mask_source(&new);
    let shown = crate::report::display_path(&f.path, home);
    let shown = shown.trim_start_matches('/');
    let (a, b) = if f.exists {
        (format!("a/{shown}"), format!("b/{shown}"))
    } else {
        ("/dev/null".to_owned(), format!("b/{shown}"))
    };
    let text = similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string();
    crate::redact::mask_source(&text).into_owned()
}

/// Where the canonical sections go: `--file`, `--scope`, else the global file git writes to
/// (`GIT_CONFIG_GLOBAL`; `~/.gitconfig`, or the XDG file when only it exists).
fn target(args: &FixArgs, env: &Env, cx: &Context) -> Result<(PathBuf, Scope), String> {
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
            let repo = cx
                .repo
                .as_ref()
                .ok_or("--scope local needs a repository (run it inside one, or pass --repo)")?;
            if let Some(refused) = &cx.git.refused {
                return Err(format!(
                    "git refuses the repository at {} (detected dubious ownership: it is not yours), so cc-lint does not write its config",
                    refused.path.display()
                ));
            }
            Ok((repo.common_dir.join("config"), Scope::Local))
        }
        FixScope::System => {
            if env.flag("GIT_CONFIG_NOSYSTEM") {
                return Err("GIT_CONFIG_NOSYSTEM is set, so git does not read the system file: --scope system would write a file git ignores".into());
            }
            let path = crate::discover::system_config_path(env, true)
                .ok_or("cannot tell where git's system file is")?;
            Ok((path, Scope::System))
        }
        FixScope::Global => {
            if let Some(p) = env.var("GIT_CONFIG_GLOBAL") {
                return Ok((PathBuf::from(p), Scope::Global));
            }
            let home = env
                .home()
                .ok_or("HOME is not set, so there is no global git config")?;
            let dot = home.join(".gitconfig");
            let xdg = env.xdg_config_home().map(|x| x.join("git").join("config"));
            let path = match xdg {
                Some(x) if !dot.exists() && x.exists() => x,
                _ => dot,
            };
            Ok((path, Scope::Global))
        }
    }
}

/// The kind of CodeCommit helper already configured (so a plain `fix` keeps an AWS CLI
/// setup), else the built-in one.
fn existing_kind(cx: &Context) -> HelperArg {
    let kinds: Vec<crate::helpers::HelperKind> = cx
        .helper_entries()
        .map(|(_, _, h)| h.kind.clone())
        .filter(|k| {
            matches!(
                k,
                crate::helpers::HelperKind::AwsCli | crate::helpers::HelperKind::CcLint
            )
        })
        .collect();
    match kinds.last() {
        Some(crate::helpers::HelperKind::AwsCli) => HelperArg::Aws,
        _ => HelperArg::Builtin,
    }
}

/// The profile the current CodeCommit helper uses, kept when `--profile` is not given.
fn existing_profile(cx: &Context) -> Option<String> {
    cx.helper_entries()
        .filter_map(|(_, _, h)| {
            // a damaged helper counts as what it was meant to be
            let h = plan::repaired_value(h).map_or_else(|| h.clone(), |v| Helper::parse(&v));
            h.is_codecommit().then(|| h.intended_profile())?
        })
        .next()
}

/// `git --version` → (major, minor), when git answers.
fn git_version(env: &Env) -> Option<(u32, u32)> {
    let out = crate::probe::output(env, "git", &["--version"], crate::probe::TIMEOUT)?;
    parse_git_version(&out)
}

pub fn parse_git_version(s: &str) -> Option<(u32, u32)> {
    let v = s
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
    let mut parts = v.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Errors check would still report once the plan is written: every CC1xx error, and any
/// error in a line the fix writes (a `--profile` that does not exist, say).
fn remaining_errors(
    env: &Env,
    repo_dir: Option<&std::path::Path>,
    plan: &Plan,
    with_unsafe: bool,
) -> Vec<String> {
    let overlay = plan.overlay(with_unsafe);
    let cx = check::context_with(env, repo_dir, true, Some(&overlay));
    let outcome = check::outcome(&cx, &Selection::default());
    let home = env.home();
    outcome
        .findings
        .iter()
        .filter(|f| {
            let in_new_text = plan.changed().any(|p| {
                p.path == f.location.source.path
                    && p.edits
                        .iter()
                        .any(|e| !e.text.is_empty() && (e.safe || with_unsafe))
            });
            f.severity == Severity::Error && (f.code.as_str().starts_with("CC1") || in_new_text)
        })
        .map(|f| {
            let (line, _) = f.location.line_col();
            format!(
                "{} {} at {}:{line}: {}",
                f.code,
                f.code.name(),
                crate::report::display_path(f.location.path(), home.as_deref()),
                crate::redact::mask_message(&f.message)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn git_versions() {
        assert_eq!(
            super::parse_git_version("git version 2.47.3\n"),
            Some((2, 47))
        );
        assert_eq!(
            super::parse_git_version("git version 2.45.1.windows.1"),
            Some((2, 45))
        );
        assert_eq!(super::parse_git_version("nonsense"), None);
    }
}
