//! The only code that writes user files: through symlinks to their target, atomically
//! (temporary file in the same directory, fsync, rename), keeping the file's permissions,
//! with a backup that never overwrites an existing file, and refusing when the file changed
//! on disk after it was read.
//!
//! Only regular files are replaced (a symlink to one is followed): never a device
//! (`GIT_CONFIG_GLOBAL=/dev/null`), FIFO or directory. A file with other hard links is
//! refused unless forced, the owner and group are kept (or nothing is written), and every
//! file is created with its final mode in the `open` call, so no other user can read a
//! secret-holding config in between. Paths are kept as bytes (non-UTF-8 names included).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} changed on disk after cc-lint read it; nothing was written (run cc-lint fix again)"
    )]
    Changed { path: PathBuf },
    #[error(
        "{path} is {kind}, not a regular file: cc-lint fix replaces only regular files, and wrote nothing (point the setting that names it at a regular file, or use --file)"
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(
        "{path} has {links} hard links: replacing it would leave the other names with the old content; nothing was written (pass --force to write anyway)"
    )]
    HardLinks { path: PathBuf, links: u64 },
    #[error(
        "cannot keep the owner of {path} (uid {uid}, gid {gid}): {source}; nothing was written"
    )]
    Owner {
        path: PathBuf,
        uid: u32,
        gid: u32,
        source: std::io::Error,
    },
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written (a symlink's target).
    pub path: PathBuf,
    pub backup: Option<PathBuf>,
}

/// Follows symlinks to the file they finally name (which may not exist yet).
pub fn resolve_symlinks(path: &Path) -> Result<PathBuf, WriteError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current).map_err(io("read the link", &current))?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(WriteError::Io {
        action: "resolve",
        path: path.to_path_buf(),
        source: std::io::Error::other("too many levels of symbolic links"),
    })
}

/// Whether `path` (through symlinks) may be replaced: it does not exist yet, or it is a
/// regular file without other hard links (unless `force`). Returns the number of hard links
/// a forced write breaks (0 when none).
pub fn check_target(path: &Path, force: bool) -> Result<u64, WriteError> {
    let target = resolve_symlinks(path)?;
    let meta = match fs::symlink_metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io("inspect", &target)(e)),
    };
    if let Some(kind) = crate::base::trust::kind_of(&meta) {
        return Err(WriteError::NotRegular { path: target, kind });
    }
    let links = hard_links(&meta);
    if links > 1 && !force {
        return Err(WriteError::HardLinks {
            path: target,
            links,
        });
    }
    Ok(if links > 1 { links } else { 0 })
}

#[cfg(unix)]
fn hard_links(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> u64 {
    1
}

/// Replaces `path` with `new`, provided it still holds `original` (`None`: it did not exist).
pub fn write_file(
    path: &Path,
    original: Option<&[u8]>,
    new: &[u8],
    backup: bool,
) -> Result<Written, WriteError> {
    write_file_with(path, original, new, backup, false)
}

/// As [`write_file`]; `force` replaces a file with other hard links.
pub fn write_file_with(
    path: &Path,
    original: Option<&[u8]>,
    new: &[u8],
    backup: bool,
    force: bool,
) -> Result<Written, WriteError> {
    let target = resolve_symlinks(path)?;
    check_target(&target, force)?;
    ensure_unchanged(&target, original)?;
    let dir = parent_dir(&target);
    fs::create_dir_all(dir).map_err(io("create the directory", dir))?;
    let existing = fs::metadata(&target).ok();
    let mut tmp = temp_file_for(&target, dir)?;
    if let Some(meta) = &existing {
        keep_owner(tmp.as_file(), &target, meta)?;
    }
    fill(&mut tmp, new)?;
    match existing.as_ref().map(fs::Metadata::permissions) {
        Some(p) => {
            fs::set_permissions(tmp.path(), p).map_err(io("set permissions of", tmp.path()))?
        }
        None => set_new_file_mode(tmp.path())?,
    }
    failpoint("after-temp-write", &target);
    let backup_path = match (backup, original) {
        (true, Some(bytes)) => Some(write_backup(&target, bytes, existing.as_ref())?),
        _ => None,
    };
    failpoint("before-final-check", &target);
    // Last look before the rename: the narrowest window cc-lint can give.
    ensure_unchanged(&target, original)?;
    replace_with(tmp, &target, dir)?;
    Ok(Written {
        path: target,
        backup: backup_path,
    })
}

/// Writes a private file (mode 0600 from its creation) atomically, replacing whatever is at
/// `path` itself (a symlink there is replaced, not followed). For caches that hold secrets:
/// the directory's own safety is the caller's to check.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = parent_dir(path);
    let mut tmp = temp_file_for(path, dir)?;
    fill(&mut tmp, bytes)?;
    replace_with(tmp, path, dir)
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file for `target` in its directory `dir`, `.name.XXXXXX.cc-lint.tmp`, created
/// 0600 (tempfile's mode): nobody else can read it before it gets its final mode. Dropped
/// before it is renamed, it is removed.
fn temp_file_for(target: &Path, dir: &Path) -> Result<tempfile::NamedTempFile, WriteError> {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".cc-lint.tmp")
        .tempfile_in(dir)
        .map_err(io("create a temporary file in", dir))
}

/// Writes `bytes` to the temporary file and syncs it to disk.
fn fill(tmp: &mut tempfile::NamedTempFile, bytes: &[u8]) -> Result<(), WriteError> {
    tmp.write_all(bytes).map_err(io("write", tmp.path()))?;
    tmp.as_file().sync_all().map_err(io("sync", tmp.path()))
}

/// Renames the temporary file over `target` and syncs the directory, so the rename survives a
/// crash.
fn replace_with(tmp: tempfile::NamedTempFile, target: &Path, dir: &Path) -> Result<(), WriteError> {
    tmp.persist(target).map_err(|e| WriteError::Io {
        action: "replace",
        path: target.to_path_buf(),
        source: e.error,
    })?;
    sync_dir(dir);
    Ok(())
}

/// Fault injection for the tests of `tests/faults.rs`: `CC_LINT_FAILPOINT=after-temp-write`
/// kills the process between the temporary file and the rename, as a crash or `kill -9`
/// would; `CC_LINT_FAILPOINT=before-final-check` makes another program edit the file at the
/// last moment; `CC_LINT_FAILPOINT=after-backup-create` kills it right after the backup file
/// is created, to show the mode it is born with. Unset, this does nothing.
fn failpoint(name: &str, target: &Path) {
    if std::env::var_os("CC_LINT_FAILPOINT").is_none_or(|v| v != name) {
        return;
    }
    match name {
        "after-temp-write" | "after-backup-create" => std::process::abort(),
        "before-final-check" => {
            if let Ok(mut f) = fs::OpenOptions::new().append(true).open(target) {
                let _ = f.write_all(b"# edited by someone else\n");
            }
        }
        _ => {}
    }
}

fn ensure_unchanged(target: &Path, original: Option<&[u8]>) -> Result<(), WriteError> {
    let now = match fs::read(target) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(io("read", target)(e)),
    };
    if now.as_deref() == original {
        Ok(())
    } else {
        Err(WriteError::Changed {
            path: target.to_path_buf(),
        })
    }
}

/// The temporary file gets the target's owner and group (as root, writing a user's file);
/// when that is impossible nothing is written.
#[cfg(unix)]
fn keep_owner(tmp: &fs::File, target: &Path, meta: &fs::Metadata) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let mine = tmp.metadata().map_err(io("inspect", target))?;
    if mine.uid() == meta.uid() && mine.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(meta.uid()), Some(meta.gid())).map_err(|source| {
        WriteError::Owner {
            path: target.to_path_buf(),
            uid: meta.uid(),
            gid: meta.gid(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &Path, _: &fs::Metadata) -> Result<(), WriteError> {
    Ok(())
}

/// `name.cc-lint.bak`, else `name.cc-lint.bak.1`, … — created new, never overwritten, with
/// the original's mode from the start (and its owner, where possible).
fn write_backup(
    target: &Path,
    bytes: &[u8],
    original: Option<&fs::Metadata>,
) -> Result<PathBuf, WriteError> {
    let mut base = target.as_os_str().to_owned();
    base.push(".cc-lint.bak");
    for n in 0..1000 {
        let candidate = if n == 0 {
            PathBuf::from(&base)
        } else {
            let mut name = base.clone();
            name.push(format!(".{n}"));
            PathBuf::from(name)
        };
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            // never broader than the original (0600 when it cannot be known)
            let mode = original.map_or(0o600, |m| m.permissions().mode() & 0o777);
            options.mode(mode);
        }
        match options.open(&candidate) {
            Ok(mut f) => {
                failpoint("after-backup-create", target);
                #[cfg(unix)]
                if let Some(m) = original {
                    use std::os::unix::fs::MetadataExt;
                    let _ = std::os::unix::fs::fchown(&f, Some(m.uid()), Some(m.gid()));
                }
                f.write_all(bytes)
                    .map_err(io("write the backup", &candidate))?;
                f.sync_all().map_err(io("sync the backup", &candidate))?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io("create the backup", &candidate)(e)),
        }
    }
    Err(WriteError::Io {
        action: "create a backup of",
        path: target.to_path_buf(),
        source: std::io::Error::other("too many backups already exist"),
    })
}

/// A new file gets the mode the user's umask gives (git creates its config files the same
/// way): 0644 under the usual 022, 0600 under 077.
#[cfg(unix)]
fn set_new_file_mode(path: &Path) -> Result<(), WriteError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = path.parent().unwrap_or(Path::new("."));
    let probe = dir.join(format!(".cc-lint-umask-{}", std::process::id()));
    let mode = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(&probe)
    {
        Ok(f) => {
            let m = f
                .metadata()
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0o644);
            let _ = fs::remove_file(&probe);
            m
        }
        Err(_) => 0o644,
    };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(io("set permissions of", path))
}

#[cfg(not(unix))]
fn set_new_file_mode(_: &Path) -> Result<(), WriteError> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_with_backup_and_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config");
        fs::write(&p, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let w = write_file(&p, Some(b"old"), b"new", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read(w.backup.as_ref().unwrap()).unwrap(), b"old");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        // a second backup does not overwrite the first
        let w2 = write_file(&p, Some(b"new"), b"newer", true).unwrap();
        assert_ne!(w2.backup, w.backup);
        assert_eq!(fs::read(w.backup.unwrap()).unwrap(), b"old");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn refuses_when_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config");
        fs::write(&p, b"edited meanwhile").unwrap();
        let e = write_file(&p, Some(b"as read"), b"new", true).unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }));
        assert_eq!(fs::read(&p).unwrap(), b"edited meanwhile");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no backup, no temp file"
        );
        let e = write_file(&dir.path().join("new"), Some(b"x"), b"y", false).unwrap_err();
        assert!(matches!(e, WriteError::Changed { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/gitconfig");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        fs::write(&real, b"a").unwrap();
        let link = dir.path().join(".gitconfig");
        std::os::unix::fs::symlink("dotfiles/gitconfig", &link).unwrap();
        let w = write_file(&link, Some(b"a"), b"b", false).unwrap();
        assert_eq!(w.path, real);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&link).unwrap(), b"b");
    }
}
