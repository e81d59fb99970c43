//! `cc-lint fix`: plans, shows the diff, asks, writes.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use crate::app::cli::{FixArgs, FixScope, HelperKind as HelperArg};
use crate::base::env::Env;
use crate::base::source::Scope;
use crate::fix::plan::{self, CanonicalHelper, FixOptions};
use crate::fix::{
    Edit, FilePlan, Remains, existing_profile, git_matches_wildcards, inactive_codecommit_includes,
    remaining_errors,
};
use crate::model::context::Context;
use crate::model::discover::Overlay;

/// Terminal interaction, passed in so the flow is testable.
pub struct Io<'a> {
    pub interactive: bool,
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

pub fn run(args: &FixArgs, env: &Env, io: Io<'_>) -> Result<i32, String> {
    let repo_dir = crate::app::repo_arg(env, args.repo.as_deref())?;
    let cx = crate::model::load::context(env, repo_dir.as_deref(), true);
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
    let mut kind = args.helper.unwrap_or_else(|| existing_kind(&cx));
    // An AWS CLI helper that git cannot run (no `aws` on the PATH it runs helpers with) is
    // not kept: the built-in helper, at its absolute path, needs no PATH.
    if args.helper.is_none()
        && kind == HelperArg::Aws
        && crate::base::probe::find_program(env, "aws").is_none()
    {
        let _ = writeln!(
            io.err,
            "cc-lint: `aws` is not on PATH, so git cannot run the AWS CLI helper; writing cc-lint's own helper at its absolute path instead (--helper aws keeps the AWS CLI)"
        );
        kind = HelperArg::Builtin;
    }
    let helper = match kind {
        HelperArg::Builtin => CanonicalHelper::Builtin {
            exe: std::env::current_exe()
                .and_then(|p| p.canonicalize())
                .map_err(|e| format!("cannot find cc-lint's own path: {e}"))?,
        },
        HelperArg::Aws => CanonicalHelper::Aws,
    };
    let opts = FixOptions {
        profile,
        helper,
        target,
        target_scope,
        all_endpoints: args.all_endpoints,
        wildcards: git_matches_wildcards(&cx),
    };
    let reload = |overlay: &Overlay| {
        crate::model::load::context_with(env, repo_dir.as_deref(), true, Some(overlay))
    };
    let plan = plan::plan_with_followup(&cx, &opts, &reload).map_err(|e| e.to_string())?;
    let Io {
        interactive,
        input,
        out,
        err,
    } = io;
    let home = crate::base::paths::git_home(env);
    let w = |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map_err(|e| e.to_string());

    // a file that would be edited but cannot be read, or is not a file, is refused before
    // any diff or prompt: its "new file" diff would be a lie
    for f in plan.changed() {
        readable(&f.path, home.as_deref())?;
    }
    if let CanonicalHelper::Builtin { exe } = &opts.helper
        && let Some(place) = transient_place(exe, env)
        && plan.changed().next().is_some()
    {
        w(
            err,
            &format!(
                "cc-lint: warning: the helper path this writes, {}, is in {place}: git breaks when it goes away. Install cc-lint first (`cargo install --path .`), then run `cc-lint fix` from the installed binary.\n",
                exe.display()
            ),
        )?;
    }
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
                "cc-lint: skipped an unsafe fix (--unsafe applies it): {}\n",
                e.why
            ),
        )?;
    }
    for (file, condition) in inactive_codecommit_includes(&cx, env) {
        let _ = writeln!(
            err,
            "cc-lint: warning: {} (included where `{condition}`, not here) sets its own CodeCommit helper, which this run cannot check: in those repositories the sections this fix writes may answer first — run `cc-lint fix` there as well, or start that file's CodeCommit section with `helper =`",
            crate::base::paths::display_path(&file, crate::base::paths::git_home(env).as_deref())
        );
    }
    let remaining = remaining_errors(&cx, env, repo_dir.as_deref(), &plan, args.unsafe_fixes);
    for r in &remaining.errors {
        w(
            err,
            &format!(
                "cc-lint: after this fix, check still reports {}\n",
                remains_text(r, home.as_deref())
            ),
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
        }
        // exit 1 only when git would still fail: skipped unsafe fixes are not pending changes
        if remaining.git_fails {
            w(
                out,
                "Nothing cc-lint may change makes git work here: what remains, and why, is listed on stderr.\n",
            )?;
            return Ok(crate::app::EXIT_FINDINGS);
        }
        if skipped.is_empty() {
            w(
                out,
                "Nothing to change: the CodeCommit setup is already in place.\n",
            )?;
        }
        return Ok(crate::app::EXIT_OK);
    }
    // Refuse before anything is written: a device, FIFO or directory, or a hard-linked file
    // (unless --force), is never replaced.
    for (f, _) in &changes {
        let links =
            crate::base::write::check_target(&f.path, args.force).map_err(|e| e.to_string())?;
        if links > 1 {
            w(
                err,
                &format!(
                    "cc-lint: warning: {} has {links} hard links; the other names keep the old content (--force)\n",
                    crate::base::paths::display_path(&f.path, home.as_deref())
                ),
            )?;
        }
    }
    if args.dry_run {
        let n = changes.len();
        w(
            err,
            &format!(
                "cc-lint: dry run: {n} file{} would change; nothing was written\n",
                if n == 1 { "" } else { "s" }
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
        let written = crate::base::write::write_file_with(
            &f.path,
            f.original().as_deref(),
            new,
            !args.no_backup,
            args.force,
        )
        .map_err(|e| e.to_string())?;
        let shown = crate::base::paths::display_path(&written.path, home.as_deref());
        match &written.backup {
            Some(b) => w(
                out,
                &format!(
                    "Wrote {shown} (backup: {})\n",
                    crate::base::paths::display_path(b, home.as_deref())
                ),
            )?,
            None => w(out, &format!("Wrote {shown}\n"))?,
        }
    }
    Ok(if remaining.git_fails {
        crate::app::EXIT_FINDINGS
    } else {
        crate::app::EXIT_OK
    })
}

/// Where a helper path will not last: a cargo `target/` directory (`cargo clean`, a rebuild)
/// or a temporary directory. `None` for an installed binary.
fn transient_place(exe: &std::path::Path, env: &Env) -> Option<&'static str> {
    let in_target = exe.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "target")
            && (dir.join("CACHEDIR.TAG").is_file() || dir.join(".rustc_info.json").is_file())
    });
    if in_target {
        return Some("a cargo target/ directory");
    }
    let mut temps: Vec<std::path::PathBuf> = vec![std::env::temp_dir()];
    temps.extend(env.var("TMPDIR").map(std::path::PathBuf::from));
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
fn readable(path: &std::path::Path, home: Option<&std::path::Path>) -> Result<(), String> {
    let shown = crate::base::paths::display_path(path, home);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {shown}: {e}; nothing was changed")),
    };
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file"
        };
        return Err(format!(
            "{shown} is {what}, so fix cannot edit it; nothing was changed"
        ));
    }
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut [0u8; 1]))
        .map(|_| ())
        .map_err(|e| format!("cannot read {shown}: {e}; nothing was changed"))
}

/// The unified diff of one file, secrets masked.
fn diff(f: &FilePlan, new: &[u8], home: Option<&std::path::Path>) -> String {
    let old = f.original().unwrap_or_default();
    let old = String::from_utf8_lossy(&old);
    let new = String::from_utf8_lossy(new);
    // Mask whole files before diffing: a hunk may start on a secret's continuation line,
    // which alone does not show that it is one.
    let old = crate::base::redact::mask_source(&old);
    let new = crate::base::redact::mask_source(&new);
    let shown = crate::base::paths::display_path(&f.path, home);
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
    let masked = crate::base::redact::mask_source(&text);
    crate::report::text::escape_block(&masked).into_owned()
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
            let path = crate::model::discover::system_config_path(env, true)
                .ok_or("cannot tell where git's system file is")?;
            Ok((path, Scope::System))
        }
        FixScope::Global => {
            if let Some(p) = env.var("GIT_CONFIG_GLOBAL") {
                return Ok((PathBuf::from(p), Scope::Global));
            }
            let home = crate::base::paths::git_home(env)
                .ok_or("HOME is not set, so there is no global git config")?;
            let dot = home.join(".gitconfig");
            let xdg =
                crate::base::paths::xdg_config_home(env).map(|x| x.join("git").join("config"));
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
    let kinds: Vec<crate::parse::helper_value::HelperKind> = cx
        .helper_entries()
        // a damaged helper counts as what it was meant to be (a lost `!` stays the AWS CLI's)
        .map(|(_, _, h)| plan::as_meant(h).kind)
        .filter(|k| {
            matches!(
                k,
                crate::parse::helper_value::HelperKind::AwsCli
                    | crate::parse::helper_value::HelperKind::CcLint
            )
        })
        .collect();
    match kinds.last() {
        Some(crate::parse::helper_value::HelperKind::AwsCli) => HelperArg::Aws,
        _ => HelperArg::Builtin,
    }
}

/// One line of what remains, secrets masked and control characters shown.
fn remains_text(r: &Remains, home: Option<&std::path::Path>) -> String {
    use crate::base::redact::mask_message;
    match r {
        Remains::Finding(f) => {
            let (line, _) = f.location.line_col();
            format!(
                "{} {} at {}:{line}: {}",
                f.code,
                f.code.name(),
                crate::base::paths::display_path(f.location.path(), home),
                crate::report::text::escape_controls(&mask_message(&f.message), "\\t")
            )
        }
        Remains::NoFreshSignature { url, why } => {
            mask_message(&format!("no fresh signature for {url}: {}", why.join("; "))).into_owned()
        }
        Remains::HelpersChanged { url, was, now } => mask_message(&format!(
            "the fix would change the helpers git runs for {url}: `{}` before, `{}` after",
            was.join("`, `"),
            now.join("`, `")
        ))
        .into_owned(),
    }
}
