//! Step 3: `git ls-remote` through the helper chain git really uses — exactly what the
//! user's next `git fetch` does — without prompting, with a timeout.
//!
//! Like any git command that authenticates, a success makes git tell its helpers to store
//! the credential (a `store` helper in the chain writes the CodeCommit password, as the
//! user's next fetch would), and a 401 makes it tell them to erase it; CodeCommit answers a
//! refused password with 403, on which git erases nothing.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::model::context::Context;

#[derive(Debug, Clone)]
pub enum GitOutcome {
    Ok,
    /// git got 401/403 or could not get credentials (a helper quit, nothing to prompt with).
    AuthFailed {
        /// The HTTP status git reported, when it did.
        status: Option<u16>,
        detail: String,
    },
    /// DNS, TCP, TLS or proxy failure.
    Unreachable {
        detail: String,
    },
    TimedOut {
        secs: u64,
    },
    Failed {
        detail: String,
    },
    Skipped {
        why: String,
    },
}

impl GitOutcome {
    /// One line for the report's online summary.
    pub fn short(&self) -> String {
        match self {
            GitOutcome::Ok => "git ls-remote works".to_owned(),
            GitOutcome::AuthFailed {
                status: Some(s), ..
            } => format!("git ls-remote got HTTP {s}"),
            GitOutcome::AuthFailed { status: None, .. } => {
                "git ls-remote could not authenticate".to_owned()
            }
            GitOutcome::Unreachable { .. } => "git ls-remote cannot reach the endpoint".to_owned(),
            GitOutcome::TimedOut { secs } => format!("git ls-remote gave no answer in {secs} s"),
            GitOutcome::Failed { detail } => format!("git ls-remote failed: {detail}"),
            GitOutcome::Skipped { why } => format!("git ls-remote not run, {why}"),
        }
    }
}

/// Runs `git ls-remote <remote> HEAD` in the repository (the remote's URL when there is no
/// repository), with the user's environment, prompts disabled and English messages.
pub fn ls_remote(cx: &Context, remote: usize, timeout: Duration) -> GitOutcome {
    let temp_failed = |e: std::io::Error| GitOutcome::Failed {
        detail: format!("cannot create a temporary file: {e}"),
    };
    let stderr_file = match tempfile::tempfile() {
        Ok(f) => f,
        Err(e) => return temp_failed(e),
    };
    let stderr_handle = match stderr_file.try_clone() {
        Ok(f) => f,
        Err(e) => return temp_failed(e),
    };
    let child = command(cx, remote)
        .stderr(Stdio::from(stderr_handle))
        .spawn();
    let status = match child {
        Ok(mut child) => wait(&mut child, timeout),
        Err(e) => Err(GitOutcome::Failed {
            detail: format!("cannot run git: {e}"),
        }),
    };
    let status = match status {
        Ok(status) => status,
        Err(outcome) => return outcome,
    };
    let mut text = String::new();
    let mut f = stderr_file;
    use std::io::Seek;
    let _ = f.seek(std::io::SeekFrom::Start(0));
    let _ = f.take(64 * 1024).read_to_string(&mut text);
    if status.success() {
        return GitOutcome::Ok;
    }
    classify(&text)
}

/// `git ls-remote <remote> HEAD`, never asking a person.
fn command(cx: &Context, remote: usize) -> Command {
    let r = &cx.remotes[remote];
    let (dir, target) = match &cx.repo {
        Some(repo) => (
            repo.work_tree
                .clone()
                .unwrap_or_else(|| repo.git_dir.clone()),
            r.name.clone(),
        ),
        None => (cx.env.cwd.clone(), r.configured.clone()),
    };
    let mut cmd = Command::new("git");
    cmd.args(["ls-remote", &target, "HEAD"])
        .env_clear()
        .envs(cx.env.vars())
        // Never ask a person: no terminal prompt, no askpass program (an empty GIT_ASKPASS
        // also hides core.askPass and SSH_ASKPASS), no credential manager window.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        .env("GCM_INTERACTIVE", "never")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    cmd
}

/// Waits for git at most `timeout`, then kills it.
fn wait(
    child: &mut std::process::Child,
    timeout: Duration,
) -> Result<std::process::ExitStatus, GitOutcome> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitOutcome::TimedOut {
                    secs: timeout.as_secs(),
                });
            }
            Err(e) => {
                return Err(GitOutcome::Failed {
                    detail: format!("cannot wait for git: {e}"),
                });
            }
        }
    }
}

/// What git's stderr (in the C locale) says went wrong.
pub fn classify(stderr: &str) -> GitOutcome {
    let lower = stderr.to_ascii_lowercase();
    let detail = detail(stderr);
    let status = ["401", "403"]
        .into_iter()
        .find(|s| {
            lower.contains(&format!("returned error: {s}"))
                || lower.contains(&format!("http {s}"))
                || lower.contains(&format!("error {s}"))
        })
        .and_then(|s| s.parse().ok());
    let auth = status.is_some()
        || [
            "authentication failed",
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "told us to quit",
            "access denied",
        ]
        .iter()
        .any(|s| lower.contains(s));
    if auth {
        return GitOutcome::AuthFailed { status, detail };
    }
    let network = [
        "could not resolve",
        "couldn't resolve",
        "failed to connect",
        "couldn't connect",
        "connection refused",
        "connection timed out",
        "operation timed out",
        "network is unreachable",
        "no route to host",
        "ssl certificate problem",
        "ssl_connect",
        "ssl connect error",
        "ssl_error",
        "tls",
        "gnutls",
        "schannel",
        "certificate",
        "proxy",
        "empty reply from server",
        "recv failure",
        "send failure",
        "connection reset",
    ];
    if network.iter().any(|s| lower.contains(s)) {
        return GitOutcome::Unreachable { detail };
    }
    GitOutcome::Failed { detail }
}

/// The lines of git's stderr worth showing (its `fatal:`/`error:` lines and helper messages),
/// secrets masked, at most 600 characters.
fn detail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let chosen: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| {
            l.starts_with("fatal:")
                || l.starts_with("error:")
                || l.starts_with("remote:")
                || l.contains("credential-helper")
        })
        .collect();
    let text = if chosen.is_empty() {
        lines.join(" / ")
    } else {
        chosen.join(" / ")
    };
    let masked = crate::base::redact::mask_message(&text).into_owned();
    if masked.chars().count() > 600 {
        let cut: String = masked.chars().take(600).collect();
        format!("{cut}…")
    } else {
        masked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_git_failures() {
        let got = classify(
            "remote: Forbidden\nfatal: unable to access 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x/': The requested URL returned error: 403\n",
        );
        assert!(
            matches!(
                got,
                GitOutcome::AuthFailed {
                    status: Some(403),
                    ..
                }
            ),
            "{got:?}"
        );
        let got = classify(
            "fatal: could not read Username for 'https://git-codecommit.us-east-1.amazonaws.com': terminal prompts disabled\n",
        );
        assert!(
            matches!(got, GitOutcome::AuthFailed { status: None, .. }),
            "{got:?}"
        );
        let got = classify(
            "fatal: unable to access 'https://x/': Failed to connect to x port 443 after 0 ms: Couldn't connect to server\n",
        );
        assert!(matches!(got, GitOutcome::Unreachable { .. }), "{got:?}");
        let got = classify("fatal: unable to access 'https://x/': Could not resolve host: x\n");
        assert!(matches!(got, GitOutcome::Unreachable { .. }), "{got:?}");
        let got = classify("fatal: something else\n");
        assert!(matches!(got, GitOutcome::Failed { .. }), "{got:?}");
    }

    #[test]
    fn details_mask_passwords() {
        let d = detail("fatal: unable to access 'https://AKID:s3cret@host/v1/repos/x/': error\n");
        assert!(!d.contains("s3cret"), "{d}");
    }
}
