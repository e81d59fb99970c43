//! Probes: external programs run with a short timeout, at most once per run, skipped with
//! `--no-probe`. A missing or hanging program gives `None`, never a hang.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::Env;

pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Runs `program args` with the user's environment and returns its stdout when it exits 0
/// within `timeout`.
pub fn output(env: &Env, program: &str, args: &[&str], timeout: Duration) -> Option<String> {
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.vars())
        .current_dir(&env.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let mut out = String::new();
                child.stdout.take()?.read_to_string(&mut out).ok()?;
                return status.success().then_some(out);
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
