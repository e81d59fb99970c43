//! `cc-lint fix`: the diff of each file (stdout), what fix warns about, skips and leaves
//! behind (stderr), the prompt, and what it wrote. Secrets masked, control characters shown.

use std::io::{self, Write};
use std::path::Path;

use crate::base::paths::display_path;
use crate::base::redact::{mask_message, mask_source};
use crate::fix::{FilePlan, Remains};

/// Something `fix` tells the user on stderr, prefixed `cc-lint: `.
pub enum Note<'a> {
    /// `--file` names a file git does not read.
    NotRead { target: &'a Path },
    /// A plain `fix` keeping the AWS CLI's helper, which git could not run.
    AwsNotOnPath,
    /// The helper path written is in a cargo `target/` or a temporary directory (`place`).
    TransientHelper { exe: &'a Path, place: &'a str },
    /// An unsafe edit left out without `--unsafe`; `why` says what it does.
    SkippedUnsafe { why: &'a str },
    /// A conditional include that does not apply here, yet sets a CodeCommit helper.
    InactiveInclude { file: &'a Path, condition: &'a str },
    /// What check would still report once the plan is written.
    Remains(&'a Remains),
    /// A file with other hard links (`--force` given).
    HardLinks { path: &'a Path, links: u64 },
    /// `--dry-run`: how many files would change.
    DryRun { files: usize },
    /// No `--yes`, and no terminal to ask on.
    NotATerminal,
}

/// Writes one [`Note`]; `home` shortens paths to `~/…`.
pub fn note(err: &mut dyn Write, note: &Note<'_>, home: Option<&Path>) -> io::Result<()> {
    let text = match note {
        Note::NotRead { target } => format!(
            "warning: git does not read {} (no config file includes it); add it with `git config --global --add include.path '{}'`",
            target.display(),
            target.display()
        ),
        Note::AwsNotOnPath => "`aws` is not on PATH, so git cannot run the AWS CLI helper; writing cc-lint's own helper at its absolute path instead (--helper aws keeps the AWS CLI)".to_owned(),
        Note::TransientHelper { exe, place } => format!(
            "warning: the helper path this writes, {}, is in {place}: git breaks when it goes away. Install cc-lint first (`cargo install --path .`), then run `cc-lint fix` from the installed binary.",
            exe.display()
        ),
        Note::SkippedUnsafe { why } => {
            format!("skipped an unsafe fix (--unsafe applies it): {why}")
        }
        Note::InactiveInclude { file, condition } => format!(
            "warning: {} (included where `{condition}`, not here) sets its own CodeCommit helper, which this run cannot check: in those repositories the sections this fix writes may answer first — run `cc-lint fix` there as well, or start that file's CodeCommit section with `helper =`",
            display_path(file, home)
        ),
        Note::Remains(r) => format!(
            "after this fix, check still reports {}",
            remains_text(r, home)
        ),
        Note::HardLinks { path, links } => format!(
            "warning: {} has {links} hard links; the other names keep the old content (--force)",
            display_path(path, home)
        ),
        Note::DryRun { files } => format!(
            "dry run: {files} file{} would change; nothing was written",
            if *files == 1 { "" } else { "s" }
        ),
        Note::NotATerminal => {
            "not a terminal, so nothing was written; pass --yes to write these changes".to_owned()
        }
    };
    err.write_all(format!("cc-lint: {text}\n").as_bytes())
}

/// The unified diff of one file, from its bytes on disk to `new`, secrets masked.
pub fn diff(out: &mut dyn Write, f: &FilePlan, new: &[u8], home: Option<&Path>) -> io::Result<()> {
    let old = f.original().unwrap_or_default();
    let old = String::from_utf8_lossy(&old);
    let new = String::from_utf8_lossy(new);
    // Mask whole files before diffing: a hunk may start on a secret's continuation line,
    // which alone does not show that it is one.
    let old = mask_source(&old);
    let new = mask_source(&new);
    let shown = display_path(&f.path, home);
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
    let masked = mask_source(&text);
    out.write_all(super::text::escape_block(&masked).as_bytes())
}

/// Why nothing is written when no file would change: `skipped` unsafe fixes, and whether git
/// would still fail.
pub fn nothing_to_write(out: &mut dyn Write, skipped: usize, git_fails: bool) -> io::Result<()> {
    if skipped > 0 {
        writeln!(
            out,
            "Nothing safe to change; {skipped} unsafe fix(es) skipped (see above; --unsafe applies them)."
        )?;
    }
    if git_fails {
        writeln!(
            out,
            "Nothing cc-lint may change makes git work here: what remains, and why, is listed on stderr."
        )?;
    } else if skipped == 0 {
        writeln!(
            out,
            "Nothing to change: the CodeCommit setup is already in place."
        )?;
    }
    Ok(())
}

/// Asks before writing, on stdout.
pub fn prompt(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"Write these changes? [y/N] ")?;
    out.flush()
}

/// The answer to [`prompt`] was not yes.
pub fn declined(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"Nothing written.\n")
}

/// One file written, and its backup.
pub fn wrote(
    out: &mut dyn Write,
    path: &Path,
    backup: Option<&Path>,
    home: Option<&Path>,
) -> io::Result<()> {
    let shown = display_path(path, home);
    match backup {
        Some(b) => writeln!(out, "Wrote {shown} (backup: {})", display_path(b, home)),
        None => writeln!(out, "Wrote {shown}"),
    }
}

/// One line of what remains, secrets masked and control characters shown.
fn remains_text(r: &Remains, home: Option<&Path>) -> String {
    match r {
        Remains::Finding(f) => {
            let (line, _) = f.location.line_col();
            format!(
                "{} {} at {}:{line}: {}",
                f.code,
                f.code.name(),
                display_path(f.location.path(), home),
                super::text::escape_controls(&mask_message(&f.message), "\\t")
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
