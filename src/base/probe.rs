//! Probes: external programs run with a short timeout, at most once per run, skipped with
//! `--no-probe`. A missing or hanging program gives `None`, never a hang.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::base::env::Env;

pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `program args` with the user's environment and returns its stdout when it exits 0
/// within `timeout`.
pub fn output(env: &Env, program: &str, args: &[&str], timeout: Duration) -> Option<String> {
    run(env, program, args, timeout, false)
}

/// As [`output`], with stderr appended to stdout (old AWS CLIs print `--version` on stderr).
pub fn output_with_stderr(
    env: &Env,
    program: &str,
    args: &[&str],
    timeout: Duration,
) -> Option<String> {
    run(env, program, args, timeout, true)
}

fn run(
    env: &Env,
    program: &str,
    args: &[&str],
    timeout: Duration,
    with_stderr: bool,
) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.vars())
        // Not the repository: with `.` (or an empty entry) in PATH, `git` or `aws` would be
        // looked up there, and a repository may hold a program of that name (issue 11). None
        // of the probes depends on the directory.
        .current_dir(neutral_dir(env))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(if with_stderr {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .ok()?;
    // Read the pipes on threads so a chatty program cannot block on a full pipe, and so a
    // background child that keeps them open cannot hold us past the timeout.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
        });
        rx
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let remaining = || timeout.saturating_sub(start.elapsed());
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let mut text = out.recv_timeout(remaining()).ok()?;
                if with_stderr {
                    text.push_str(&err.recv_timeout(remaining()).ok()?);
                }
                return status.success().then_some(text);
            }
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(2)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Where probes run: the root directory (only root can write there), on Windows the home.
fn neutral_dir(env: &Env) -> PathBuf {
    if cfg!(windows) {
        crate::base::paths::git_home(env).unwrap_or_else(|| env.cwd.clone())
    } else {
        PathBuf::from("/")
    }
}

/// A dotted version: `2.47.3`, `1.7.38`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// The first `N.N[.N]` after `prefix` in `text`: `git version 2.39.3 (Apple Git-145)`,
    /// `git version 2.45.1.windows.1`, `aws-cli/1.45.11 Python/3.12.3 Linux/6.8 botocore/1.43.11`.
    pub fn after(text: &str, prefix: &str) -> Option<Version> {
        let i = text.find(prefix)?;
        let rest = &text[i + prefix.len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let mut parts = rest[..end].split('.').map(|p| p.parse::<u32>().ok());
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = parts.next().flatten().unwrap_or(0);
        Some(Version(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// What the probes found. Empty (`ran == false`) with `--no-probe`; rules then say nothing
/// about programs and versions.
#[derive(Debug, Clone, Default)]
pub struct Probes {
    pub ran: bool,
    /// `git --version` of the `git` on PATH.
    pub git: Option<Version>,
    /// `<program> --version` of the AWS CLI the first AWS CLI helper runs.
    pub aws: Option<(String, Version)>,
    /// Each helper program, looked up as git's `sh` would: the file it runs, or `None`.
    pub programs: std::collections::BTreeMap<String, Option<PathBuf>>,
}

impl Probes {
    /// Runs the probes once: `programs` are the first words of the helpers to look up (a
    /// look-up runs nothing), `aws_program` the AWS CLI whose `--version` is asked — never a
    /// file inside `untrusted` (the repository: `PATH` may hold `.`).
    pub fn run(
        env: &Env,
        programs: &[String],
        aws_program: Option<&str>,
        untrusted: &[PathBuf],
    ) -> Probes {
        // The AWS CLI to ask, unless it lies inside the repository. Decided before the cache,
        // whose key holds only the outcome, so `--repos` still probes once per run.
        let inside = |p: &PathBuf| {
            let real = p.canonicalize().unwrap_or_else(|_| p.clone());
            untrusted.iter().any(|d| {
                real.starts_with(d.canonicalize().unwrap_or_else(|_| d.clone())) || p.starts_with(d)
            })
        };
        let aws = aws_program.and_then(|aws| {
            let path = find_program(env, aws).filter(|p| !inside(p))?;
            Some((aws, path))
        });
        let key = format!(
            "{:?}|{}|{programs:?}|{aws:?}",
            env.vars().collect::<Vec<_>>(),
            env.cwd.display()
        );
        static CACHE: std::sync::Mutex<Vec<(String, Probes)>> = std::sync::Mutex::new(Vec::new());
        if let Ok(cache) = CACHE.lock()
            && let Some((_, p)) = cache.iter().find(|(k, _)| *k == key)
        {
            return p.clone();
        }
        let mut probes = Probes {
            ran: true,
            ..Probes::default()
        };
        for p in programs {
            probes.programs.insert(p.clone(), find_program(env, p));
        }
        probes.git = output(env, "git", &["--version"], TIMEOUT)
            .and_then(|out| Version::after(&out, "git version "));
        if let Some((aws, path)) = aws {
            let path = path.to_string_lossy().into_owned();
            probes.aws = output_with_stderr(env, &path, &["--version"], TIMEOUT)
                .and_then(|out| Version::after(&out, "aws-cli/"))
                .map(|v| (aws.to_owned(), v));
        }
        if let Ok(mut cache) = CACHE.lock() {
            cache.push((key, probes.clone()));
        }
        probes
    }
}

/// The file `sh` runs for `program`: a path (containing `/`) as is, relative to the working
/// directory; a bare name searched in the environment's `PATH`. On Windows, Git's `sh` also
/// finds `name.exe`, `.cmd` and `.bat`.
pub fn find_program(env: &Env, program: &str) -> Option<PathBuf> {
    if program.is_empty() {
        return None;
    }
    let candidates = |base: PathBuf| -> Vec<PathBuf> {
        let mut c = vec![base.clone()];
        if cfg!(windows) {
            for ext in ["exe", "cmd", "bat"] {
                c.push(base.with_extension(ext));
            }
        }
        c
    };
    if program.contains('/') || (cfg!(windows) && program.contains('\\')) {
        return candidates(env.cwd.join(program))
            .into_iter()
            .find(|p| is_executable(p));
    }
    let path = env.var("PATH")?;
    let sep = if cfg!(windows) { ';' } else { ':' };
    let on_path = path
        .split(sep)
        .map(|d| if d.is_empty() { "." } else { d })
        .flat_map(|d| candidates(env.cwd.join(d).join(program)))
        .find(|p| is_executable(p));
    if on_path.is_some() || !program.starts_with("git-credential-") {
        return on_path;
    }
    // git looks for `git-credential-<name>` in its exec path first: `GIT_EXEC_PATH`, else
    // beside the `git` on PATH (`…/libexec/git-core`, Debian's `…/lib/git-core`)
    let git = path
        .split(sep)
        .flat_map(|d| candidates(env.cwd.join(d).join("git")))
        .find(|p| is_executable(p));
    let mut dirs: Vec<PathBuf> = env
        .var("GIT_EXEC_PATH")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    if let Some(prefix) = git.as_deref().and_then(|g| g.parent()?.parent()) {
        dirs.push(prefix.join("libexec/git-core"));
        dirs.push(prefix.join("lib/git-core"));
    }
    dirs.into_iter()
        .flat_map(|d| candidates(d.join(program)))
        .find(|p| is_executable(p))
}

fn is_executable(path: &std::path::Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// The system config file of the `git` on PATH: `git var GIT_CONFIG_SYSTEM` (git ≥ 2.42),
/// else derived from `git --exec-path` as git's Makefile derives it from the prefix.
pub fn git_system_config(env: &Env) -> Option<PathBuf> {
    if let Some(p) = output(env, "git", &["var", "GIT_CONFIG_SYSTEM"], TIMEOUT) {
        let p = p.trim();
        if !p.is_empty() {
            return Some(PathBuf::from(p));
        }
    }
    let exec = output(env, "git", &["--exec-path"], TIMEOUT)?;
    system_config_for_exec_path(exec.trim())
}

/// `/usr/lib/git-core` → `/etc/gitconfig`; `/usr/local/libexec/git-core` →
/// `/usr/local/etc/gitconfig`; `C:/Program Files/Git/mingw64/libexec/git-core` →
/// `C:/Program Files/Git/etc/gitconfig`.
pub fn system_config_for_exec_path(exec_path: &str) -> Option<PathBuf> {
    let exec = PathBuf::from(exec_path);
    let mut prefix = exec.parent()?.parent()?.to_path_buf();
    if prefix.ends_with("mingw64") || prefix.ends_with("mingw32") {
        prefix = prefix.parent()?.to_path_buf();
    }
    if prefix == std::path::Path::new("/usr") {
        return Some(PathBuf::from("/etc/gitconfig"));
    }
    Some(prefix.join("etc").join("gitconfig"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_config_from_exec_path() {
        assert_eq!(
            system_config_for_exec_path("/usr/lib/git-core"),
            Some("/etc/gitconfig".into())
        );
        assert_eq!(
            system_config_for_exec_path("/usr/local/libexec/git-core"),
            Some("/usr/local/etc/gitconfig".into())
        );
        assert_eq!(
            system_config_for_exec_path("C:/Program Files/Git/mingw64/libexec/git-core"),
            Some(
                PathBuf::from("C:/Program Files/Git")
                    .join("etc")
                    .join("gitconfig")
            )
        );
    }

    #[test]
    fn probe_agrees_with_git_and_never_hangs() {
        let env = Env::from_process();
        let ours = git_system_config(&env).expect("git is installed");
        let out = std::process::Command::new("git")
            .args(["var", "GIT_CONFIG_SYSTEM"])
            .output()
            .unwrap();
        assert_eq!(
            ours,
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        );
        let start = Instant::now();
        assert_eq!(
            output(&env, "sleep", &["5"], Duration::from_millis(100)),
            None
        );
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(output(&env, "/nonexistent/program", &[], TIMEOUT), None);
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn versions_from_program_output() {
        assert_eq!(
            Version::after("git version 2.39.3 (Apple Git-145)\n", "git version "),
            Some(Version(2, 39, 3))
        );
        assert_eq!(
            Version::after("git version 2.45.1.windows.1", "git version "),
            Some(Version(2, 45, 1))
        );
        assert_eq!(
            Version::after("git version 1.7.1", "git version "),
            Some(Version(1, 7, 1))
        );
        assert_eq!(
            Version::after(
                "aws-cli/1.45.11 Python/3.12.3 Linux/6.8.0-60-generic botocore/1.43.11",
                "aws-cli/"
            ),
            Some(Version(1, 45, 11))
        );
        assert_eq!(Version::after("aws: command not found", "aws-cli/"), None);
        // what `fix` asked its own parser before it used the probe's answer
        assert_eq!(
            Version::after("git version 2.47.3\n", "git version "),
            Some(Version(2, 47, 3))
        );
        assert_eq!(Version::after("nonsense", "git version "), None);
        assert!(Version(1, 7, 9) > Version(1, 7, 1));
        assert!(Version(2, 9, 0) < Version(2, 26, 0));
    }

    #[test]
    fn programs_are_found_as_sh_finds_them() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("my tools");
        std::fs::create_dir_all(&bin).unwrap();
        let prog = bin.join("aws");
        std::fs::write(&prog, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let env = Env::new(
            [("PATH".to_owned(), bin.to_string_lossy().into_owned())],
            dir.path(),
        );
        assert_eq!(find_program(&env, "aws"), Some(prog.clone()));
        assert_eq!(
            find_program(&env, &prog.to_string_lossy()),
            Some(prog.clone())
        );
        assert_eq!(find_program(&env, "cc-lint"), None);
        // `/…/my tools/aws` unquoted: sh looks for `/…/my`.
        let split = dir.path().join("my");
        assert_eq!(find_program(&env, &split.to_string_lossy()), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(find_program(&env, "aws"), None, "not executable");
        }
    }
}
