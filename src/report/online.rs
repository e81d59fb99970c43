//! `check --online`: one line per step — the principal and account each profile signs as,
//! whether each remote's repository exists, whether git gets through — for the human and
//! JSON formats.

use crate::online::git::GitOutcome;
use crate::online::{
    ApiOutcome, IdentityCheck, IdentityOutcome, RemoteCheck, Summary, describe_profile,
};

/// One step's answer.
pub(super) struct Line {
    /// `credentials`, `repository` or `git`.
    pub step: &'static str,
    pub ok: bool,
    pub text: String,
}

/// Every step, in the order they ran: credentials, then each remote's repository and git,
/// then each git-remote-codecommit remote.
pub(super) fn lines(summary: &Summary) -> Vec<Line> {
    let mut lines: Vec<Line> = summary.identities.iter().map(identity).collect();
    for (name, rc) in &summary.remotes {
        lines.push(repository(name, rc));
        let (ok, text) = match &rc.git {
            GitOutcome::Ok => (
                true,
                format!("remote `{name}`: git ls-remote works through the helper chain"),
            ),
            other => (false, format!("remote `{name}`: {}", other.short())),
        };
        lines.push(Line {
            step: "git",
            ok,
            text,
        });
    }
    for (name, outcome) in &summary.grc {
        let (ok, text) = match outcome {
            GitOutcome::Ok => (
                true,
                format!("remote `{name}`: git ls-remote works through git-remote-codecommit"),
            ),
            other => (false, format!("remote `{name}`: {}", other.short())),
        };
        lines.push(Line {
            step: "git",
            ok,
            text,
        });
    }
    lines
}

fn identity(id: &IdentityCheck) -> Line {
    let who = describe_profile(id.profile.as_deref());
    let (ok, text) = match &id.outcome {
        IdentityOutcome::Accepted { arn, account } => {
            (true, format!("{who} is {arn} (account {account})"))
        }
        IdentityOutcome::NoCredentials { .. } => (false, format!("{who}: no credentials")),
        IdentityOutcome::Rejected { code, .. } => (
            false,
            format!("{who}: STS refused the credentials ({code})"),
        ),
        IdentityOutcome::Unreachable { .. } => (false, format!("{who}: STS unreachable")),
        IdentityOutcome::Failed { message } => (false, format!("{who}: {message}")),
        IdentityOutcome::Skipped { why } => (false, format!("{who}: not checked, {why}")),
    };
    Line {
        step: "credentials",
        ok,
        text,
    }
}

fn repository(name: &str, rc: &RemoteCheck) -> Line {
    let repo = rc.repository.as_deref().unwrap_or("?");
    let region = &rc.region;
    let (ok, text) = match &rc.api {
        ApiOutcome::Found { .. } => (
            true,
            format!("remote `{name}`: `{repo}` exists in {region}"),
        ),
        ApiOutcome::NotFound { .. } => (
            false,
            format!("remote `{name}`: no repository `{repo}` in {region}"),
        ),
        ApiOutcome::Denied { code, .. } => (
            false,
            format!("remote `{name}`: access to `{repo}` denied ({code})"),
        ),
        ApiOutcome::Rejected { code, .. } => (
            false,
            format!("remote `{name}`: CodeCommit refused the credentials in {region} ({code})"),
        ),
        ApiOutcome::Unreachable { .. } => (
            false,
            format!("remote `{name}`: CodeCommit API unreachable"),
        ),
        ApiOutcome::Failed { message } => (false, format!("remote `{name}`: {message}")),
        ApiOutcome::Skipped { why } => (false, format!("remote `{name}`: not checked, {why}")),
    };
    Line {
        step: "repository",
        ok,
        text,
    }
}
