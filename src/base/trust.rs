//! Whom cc-lint trusts, as git does: a repository is trusted when the current user owns it or
//! `safe.directory` (system, global or command scope) lists it; otherwise git refuses it
//! ("detected dubious ownership") and so does cc-lint. Also: opening a file that is to be read
//! as configuration without ever blocking (a FIFO) or reading without bound (`/dev/zero`).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::base::env::Env;

/// The effective user id, `None` where there is none (Windows).
pub fn effective_uid() -> Option<u32> {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        Some(unsafe { libc::geteuid() })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The owner of `path` itself (symlinks not followed), as git's `lstat`.
pub fn owner(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path).ok().map(|m| m.uid())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// git's `is_path_owned_by_current_uid`: root owns what root owns; for other owners root is
/// taken to be `SUDO_UID` when set (so `sudo git` works in the user's own repositories).
pub fn owned_by_current_user(env: &Env, path: &Path) -> bool {
    let (Some(euid), Some(owner)) = (effective_uid(), owner(path)) else {
        // no ownership on this platform (or the path is gone): nothing to refuse
        return true;
    };
    if euid == 0 {
        if owner == 0 {
            return true;
        }
        if let Some(sudo) = env
            .var("SUDO_UID")
            .and_then(|v| v.trim().parse::<u32>().ok())
        {
            return owner == sudo;
        }
    }
    owner == euid
}

/// Why git refuses a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The directory git names in its message (the work tree, else the git dir).
    pub path: PathBuf,
    /// The path that is not the user's, and its owner.
    pub not_owned: PathBuf,
    pub owner: Option<u32>,
    pub user: Option<u32>,
}

/// git's `ensure_valid_ownership`: the `.git` file (for a linked worktree or submodule), the
/// work tree and the git dir must all be the user's, unless `safe_directories` (the
/// `safe.directory` values of the protected scopes, in order) lets the repository in.
pub fn check_repository(
    env: &Env,
    gitfile: Option<&Path>,
    work_tree: Option<&Path>,
    git_dir: &Path,
    safe_directories: &[&str],
) -> Result<(), Refusal> {
    let different = env.flag("GIT_TEST_ASSUME_DIFFERENT_OWNER");
    let not_owned = if different {
        Some(work_tree.unwrap_or(git_dir))
    } else {
        [gitfile, work_tree, Some(git_dir)]
            .into_iter()
            .flatten()
            .find(|p| !owned_by_current_user(env, p))
    };
    let Some(not_owned) = not_owned else {
        return Ok(());
    };
    let path = work_tree.unwrap_or(git_dir);
    let Ok(real) = path.canonicalize() else {
        // git: a path that cannot be normalized is unsafe
        return Err(refusal(path, not_owned, env));
    };
    if safe_directory_allows(env, safe_directories, &real) {
        return Ok(());
    }
    Err(refusal(path, not_owned, env))
}

fn refusal(path: &Path, not_owned: &Path, _env: &Env) -> Refusal {
    Refusal {
        path: path.to_path_buf(),
        not_owned: not_owned.to_path_buf(),
        owner: owner(not_owned),
        user: effective_uid(),
    }
}

/// git's `safe_directory_cb` over the values in order: `*` allows everything, an empty value
/// resets the list, `~/` is the home directory, a value ending in `/*` allows what is under
/// it, any other value allows exactly that directory (both sides with symlinks resolved).
/// Relative values never match (git warns that they are not absolute).
pub fn safe_directory_allows(env: &Env, values: &[&str], real_path: &Path) -> bool {
    let mut safe = false;
    let repo = real_path.to_string_lossy().replace('\\', "/");
    for value in values {
        if value.is_empty() {
            safe = false;
            continue;
        }
        if *value == "*" {
            safe = true;
            continue;
        }
        let expanded = crate::base::paths::expand_git_home(env, value);
        if !expanded.is_absolute() {
            continue;
        }
        let text = expanded.to_string_lossy().replace('\\', "/");
        if let Some(prefix) = text.strip_suffix('*')
            && prefix.ends_with('/')
        {
            let prefix = Path::new(prefix)
                .canonicalize()
                .map(|p| format!("{}/", p.to_string_lossy().trim_end_matches('/')))
                .unwrap_or_else(|_| prefix.to_owned());
            if repo.starts_with(&prefix) {
                safe = true;
            }
            continue;
        }
        let allowed = expanded
            .canonicalize()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or(text);
        if allowed.trim_end_matches('/') == repo.trim_end_matches('/') {
            safe = true;
        }
    }
    safe
}

/// Largest configuration file cc-lint reads (git config, AWS config and credentials,
/// git-credentials): real ones are a few kilobytes.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Why a configuration file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadProblem {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is {0}, not a regular file (reading it would {1})")]
    NotRegular(&'static str, &'static str),
    #[error("it is larger than {} MiB, which no configuration file is", MAX_CONFIG_BYTES / 1024 / 1024)]
    TooLarge,
}

/// Reads a configuration file without blocking or reading without end: a FIFO, socket or
/// device (other than `/dev/null`, which reads as empty, as git reads it) and a file over
/// [`MAX_CONFIG_BYTES`] are refused. `Ok(None)` when it does not exist.
pub fn read_config_file(path: &Path) -> Result<Option<Vec<u8>>, ReadProblem> {
    use std::io::ErrorKind;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // a FIFO without writer would block `open` itself
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    let kind = kind_of(&meta);
    if let Some(kind) = kind {
        if kind == "a character device" && is_dev_null(path) {
            return Ok(Some(Vec::new()));
        }
        let git_would = if kind == "a directory" {
            "fail"
        } else if kind == "a FIFO (named pipe)" {
            "wait for a writer"
        } else {
            "never end, or fail"
        };
        return Err(ReadProblem::NotRegular(kind, git_would));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(ReadProblem::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ReadProblem::TooLarge);
    }
    Ok(Some(bytes))
}

/// What a non-regular file is, `None` for a regular file.
pub fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn is_dev_null(path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|p| p == Path::new("/dev/null"))
}

/// Reads a file; `Ok(None)` when it does not exist (which is normal).
/// Only regular files are read (a FIFO or device is an error, never a wait), up to
/// [`MAX_CONFIG_BYTES`].
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, std::io::Error> {
    match read_config_file(path) {
        Ok(bytes) => Ok(bytes),
        Err(ReadProblem::Io(e)) if e.kind() == std::io::ErrorKind::NotADirectory => Ok(None),
        Err(ReadProblem::Io(e)) => Err(e),
        Err(other) => Err(std::io::Error::other(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_directory_values_as_git_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("r1");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir_all(dir.path().join("h")).unwrap();
        let real = repo.canonicalize().unwrap();
        let env = Env::new(
            [(
                "HOME".to_owned(),
                dir.path().join("h").to_string_lossy().into_owned(),
            )],
            dir.path(),
        );
        let r = real.to_string_lossy().into_owned();
        let parent = real.parent().unwrap().to_string_lossy().into_owned();
        let allows = |v: &[&str]| safe_directory_allows(&env, v, &real);
        assert!(allows(&["*"]));
        assert!(allows(&[&r]));
        assert!(allows(&[&format!("{r}/")]));
        assert!(allows(&[&format!("{parent}/*")]));
        assert!(allows(&["~/../r1"]));
        assert!(!allows(&[&format!("{r}/.git")]));
        assert!(!allows(&[&format!("{parent}/")]));
        assert!(!allows(&[&format!("{r}/*")]));
        assert!(!allows(&[&format!("{parent}/r*")]));
        assert!(!allows(&["r1"]));
        assert!(!allows(&["*", ""]));
        assert!(allows(&["", "*"]));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_devices_and_huge_files_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid C string and mode.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_config_file(&fifo),
            Err(ReadProblem::NotRegular(..))
        ));
        assert!(matches!(
            read_config_file(Path::new("/dev/zero")),
            Err(ReadProblem::NotRegular(..))
        ));
        assert_eq!(
            read_config_file(Path::new("/dev/null")).unwrap(),
            Some(Vec::new())
        );
        assert!(
            read_config_file(&dir.path().join("none"))
                .unwrap()
                .is_none()
        );
        let big = dir.path().join("big");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_CONFIG_BYTES + 1)
            .unwrap();
        assert!(matches!(read_config_file(&big), Err(ReadProblem::TooLarge)));
    }
}
