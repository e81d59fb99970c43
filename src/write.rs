//! The only code that writes user files: through symlinks to their target, atomically
//! (temporary file in the same directory, fsync, rename), keeping the file's permissions,
//! with a backup that never overwrites an existing file, and refusing when the file changed
//! on disk after it was read.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} changed on disk after cc-lint read it; nothing was written (run cc-lint fix again)"
    )]
    Changed { path: PathBuf },
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

/// Replaces `path` with `new`, provided it still holds `original` (`None`: it did not exist).
pub fn write_file(
    path: &Path,
    original: Option<&[u8]>,
    new: &[u8],
    backup: bool,
) -> Result<Written, WriteError> {
    let target = resolve_symlinks(path)?;
    ensure_unchanged(&target, original)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io("create the directory", dir))?;
    let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".cc-lint.tmp")
        .tempfile_in(dir)
        .map_err(io("create a temporary file in", dir))?;
    tmp.write_all(new).map_err(io("write", tmp.path()))?;
    tmp.as_file().sync_all().map_err(io("sync", tmp.path()))?;
    match permissions {
        Some(p) => {
            fs::set_permissions(tmp.path(), p).map_err(io("set permissions of", tmp.path()))?
        }
        None => set_new_file_mode(tmp.path())?,
    }
    failpoint("after-temp-write", &target);
    let backup_path = match (backup, original) {
        (true, Some(bytes)) => Some(write_backup(&target, bytes)?),
        _ => None,
    };
    failpoint("before-final-check", &target);
    // Last look before the rename: the narrowest window cc-lint can give.
    ensure_unchanged(&target, original)?;
    tmp.persist(&target).map_err(|e| WriteError::Io {
        action: "replace",
        path: target.clone(),
        source: e.error,
    })?;
    sync_dir(dir);
    Ok(Written {
        path: target,
        backup: backup_path,
    })
}

/// Fault injection for the tests of `tests/faults.rs`: `CC_LINT_FAILPOINT=after-temp-write`
/// kills the process between the temporary file and the rename, as a crash or `kill -9`
/// would; `CC_LINT_FAILPOINT=before-final-check` makes another program edit the file at the
/// last moment. Unset, this does nothing.
fn failpoint(name: &str, target: &Path) {
    if std::env::var_os("CC_LINT_FAILPOINT").is_none_or(|v| v != name) {
        return;
    }
    match name {
        "after-temp-write" => std::process::abort(),
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

/// `name.cc-lint.bak`, else `name.cc-lint.bak.1`, … — created new, never overwritten.
fn write_backup(target: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let base = format!("{}.cc-lint.bak", target.display());
    for n in 0..1000 {
        let candidate = if n == 0 {
            PathBuf::from(&base)
        } else {
            PathBuf::from(format!("{base}.{n}"))
        };
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut f) => {
                f.write_all(bytes)
                    .map_err(io("write the backup", &candidate))?;
                f.sync_all().map_err(io("sync the backup", &candidate))?;
                if let Ok(m) = fs::metadata(target) {
                    let _ = fs::set_permissions(&candidate, m.permissions());
                }
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
