//! Step 2: does the remote's repository exist in its region, and may this principal read it?
//! CodeCommit `GetRepository`, with the credentials the remote's helper uses.

use std::time::Duration;

use super::{ApiOutcome, CREDENTIAL_ERRORS, CallError};
use crate::awscreds::creds::Credentials;
use crate::model::context::Context;

/// Asks CodeCommit in `region` for `repository`.
pub fn check(
    cx: &Context,
    credentials: &Credentials,
    profile: Option<&str>,
    region: &str,
    fips: bool,
    repository: &str,
    budget: Duration,
) -> ApiOutcome {
    if let Some(message) = super::empty_endpoint_setting(cx, "CODECOMMIT") {
        return ApiOutcome::Failed { message };
    }
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(message) => return ApiOutcome::Failed { message },
    };
    let answer = runtime.block_on(async {
        let config = super::sdk_config(cx, credentials, profile, region, fips, budget).await;
        let client = aws_sdk_codecommit::Client::new(&config);
        tokio::time::timeout(
            budget,
            client.get_repository().repository_name(repository).send(),
        )
        .await
    });
    match answer {
        Err(_) => ApiOutcome::Unreachable {
            message: format!("no answer from CodeCommit within {} s", budget.as_secs()),
        },
        Ok(Ok(out)) => ApiOutcome::Found {
            arn: out
                .repository_metadata()
                .and_then(|m| m.arn())
                .unwrap_or("?")
                .to_owned(),
        },
        Ok(Err(err)) => from_error(super::classify(err)),
    }
}

fn from_error(err: CallError) -> ApiOutcome {
    match err {
        CallError::Service { code, message, .. } if code == "RepositoryDoesNotExistException" => {
            ApiOutcome::NotFound { message }
        }
        CallError::Service { code, message, .. }
            if code.starts_with("AccessDenied") || code.starts_with("EncryptionKey") =>
        {
            ApiOutcome::Denied { code, message }
        }
        CallError::Service { code, message, .. } if CREDENTIAL_ERRORS.contains(&code.as_str()) => {
            ApiOutcome::Rejected { code, message }
        }
        CallError::Service {
            status: 403,
            code,
            message,
        } => ApiOutcome::Denied { code, message },
        CallError::Service {
            status,
            code,
            message,
        } => ApiOutcome::Failed {
            message: format!("CodeCommit answered HTTP {status} {code}: {message}"),
        },
        CallError::Unreachable(message) => ApiOutcome::Unreachable { message },
        CallError::Other(message) => ApiOutcome::Failed { message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_outcomes() {
        let service = |status, code: &str| CallError::Service {
            status,
            code: code.to_owned(),
            message: "m".to_owned(),
        };
        assert!(matches!(
            from_error(service(400, "RepositoryDoesNotExistException")),
            ApiOutcome::NotFound { .. }
        ));
        assert!(matches!(
            from_error(service(400, "AccessDeniedException")),
            ApiOutcome::Denied { .. }
        ));
        assert!(matches!(
            from_error(service(400, "EncryptionKeyAccessDeniedException")),
            ApiOutcome::Denied { .. }
        ));
        assert!(matches!(
            from_error(service(403, "UnrecognizedClientException")),
            ApiOutcome::Rejected { .. }
        ));
        assert!(matches!(
            from_error(service(403, "HTTP 403")),
            ApiOutcome::Denied { .. }
        ));
        assert!(matches!(
            from_error(service(500, "InternalFailure")),
            ApiOutcome::Failed { .. }
        ));
        assert!(matches!(
            from_error(CallError::Unreachable("dns".into())),
            ApiOutcome::Unreachable { .. }
        ));
    }
}
