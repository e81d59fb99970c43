//! Step 1: are the helper's credentials accepted, and whose are they? The helper's own
//! credential chain resolves them; STS `GetCallerIdentity` (which needs no permission)
//! answers with the principal and account.

use std::time::Duration;

use super::{CREDENTIAL_ERRORS, CallError, IdentityOutcome};
use crate::awscreds::creds::{CredentialSource, Credentials};
use crate::model::context::Context;

/// Resolves the credentials for `profile` as the helper would, then asks STS.
pub fn check(
    cx: &Context,
    source: &dyn CredentialSource,
    profile: Option<&str>,
    region: &str,
    budget: Duration,
) -> (IdentityOutcome, Option<Credentials>) {
    // Resolved outside any async runtime: the chain runs its own.
    let creds = match source.credentials(profile, region) {
        Ok(c) => c,
        Err(err) => {
            return (
                IdentityOutcome::NoCredentials {
                    message: err.to_string(),
                    hint: err.hint(),
                },
                None,
            );
        }
    };
    if let Some(message) = super::empty_endpoint_setting(cx, "STS") {
        return (IdentityOutcome::Failed { message }, Some(creds));
    }
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(message) => return (IdentityOutcome::Failed { message }, Some(creds)),
    };
    let answer = runtime.block_on(async {
        let config = super::sdk_config(cx, &creds, profile, region, false, budget).await;
        let client = aws_sdk_sts::Client::new(&config);
        tokio::time::timeout(budget, client.get_caller_identity().send()).await
    });
    let outcome = match answer {
        Err(_) => IdentityOutcome::Unreachable {
            message: format!("no answer from STS within {} s", budget.as_secs()),
        },
        Ok(Ok(out)) => IdentityOutcome::Accepted {
            arn: out.arn().unwrap_or("?").to_owned(),
            account: out.account().unwrap_or("?").to_owned(),
        },
        Ok(Err(err)) => match super::classify(err) {
            CallError::Service { code, message, .. }
                if CREDENTIAL_ERRORS.contains(&code.as_str()) || code == "AccessDenied" =>
            {
                IdentityOutcome::Rejected { code, message }
            }
            CallError::Service {
                status,
                code,
                message,
            } => IdentityOutcome::Failed {
                message: format!("STS answered HTTP {status} {code}: {message}"),
            },
            CallError::Unreachable(message) => IdentityOutcome::Unreachable { message },
            CallError::Other(message) => IdentityOutcome::Failed { message },
        },
    };
    (outcome, Some(creds))
}
