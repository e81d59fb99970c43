//! CC501 credentials-rejected. Docs and examples: rules/CC501.toml. Needs `--online`.

use super::Rule;
use super::online_answers::{identity_location, sentence};
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::online::{ApiOutcome, IdentityOutcome, describe_profile};

pub(crate) struct CredentialsRejected;

impl Rule for CredentialsRejected {
    fn code(&self) -> Code {
        Code::CC501
    }

    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for (i, id) in online.identities.iter().enumerate() {
            let who = describe_profile(id.profile.as_deref());
            let shell_profile = id
                .profile
                .as_deref()
                .map(|p| format!(" --profile {}", crate::base::shell::quote(p)))
                .unwrap_or_default();
            let (message, help) = match &id.outcome {
                IdentityOutcome::NoCredentials { message, hint } => (
                    if id.helper.is_some() {
                        format!(
                            "step 1 (credentials): the CodeCommit helper gets no credentials from {who}: {message}"
                        )
                    } else {
                        format!(
                            "step 1 (credentials): no CodeCommit helper names a profile, and {who} gives no credentials: {message}"
                        )
                    },
                    hint.clone().unwrap_or_else(|| {
                        format!("configure credentials for it with `aws configure{shell_profile}`")
                    }),
                ),
                IdentityOutcome::Rejected { code, message } => (
                    format!(
                        "step 1 (credentials): AWS refuses the credentials of {who} (STS GetCallerIdentity: {code}{})",
                        if message.is_empty() {
                            String::new()
                        } else {
                            format!(": {message}")
                        }
                    ),
                    rejected_help(code, &shell_profile),
                ),
                _ => continue,
            };
            out.report(Code::CC501, identity_location(cx, online, i), message)
                .label("the helper signs with these credentials")
                .help(sentence(&format!(
                    "{help}; then check with `aws sts get-caller-identity{shell_profile}`"
                )));
        }
        for rc in &online.remotes {
            let ApiOutcome::Rejected { code, message } = &rc.api else {
                continue;
            };
            let remote = &cx.remotes[rc.remote];
            let who = describe_profile(online.identity_of(rc).profile.as_deref());
            out.report(
                Code::CC501,
                cx.value_location(remote.entry),
                format!(
                    "step 2 (repository): STS accepts {who}, but CodeCommit in {} refuses the same credentials ({code}: {message})",
                    rc.region
                ),
            )
            .label("CodeCommit's region for this remote")
            .help(sentence(&format!(
                "a region that must be enabled for the account (opt-in regions) refuses every key until it is: enable {} in the account settings, or use a repository in an enabled region",
                rc.region
            )));
        }
    }
}

fn rejected_help(code: &str, shell_profile: &str) -> String {
    match code {
        "InvalidClientTokenId" | "UnrecognizedClientException" | "InvalidAccessKeyId" => format!(
            "the access key id is unknown to AWS (deleted, deactivated, or from another partition): create a new access key in IAM and store it with `aws configure{shell_profile}`"
        ),
        "SignatureDoesNotMatch" | "InvalidSignatureException" | "IncompleteSignature" => format!(
            "the secret access key does not belong to the access key id (mistyped, truncated, or a trailing comment kept as part of it, see CC210): store the right secret with `aws configure{shell_profile}`"
        ),
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => format!(
            "the temporary credentials have expired: refresh them (`aws sso login{shell_profile}` for AWS SSO, or whatever wrote the session token), and check the clock"
        ),
        _ => format!("check the profile's credentials with `aws configure{shell_profile}`"),
    }
}
