//! CC505 endpoint-unreachable. Docs and examples: rules/CC505.toml. Needs `--online`.

use super::Rule;
use super::online_answers::{identity_location, sentence};
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::online::git::GitOutcome;
use crate::online::{ApiOutcome, IdentityOutcome, describe_profile};

const HELP: &str = "check DNS, the proxy (`HTTPS_PROXY`, `http.proxy`), firewalls and, on a VPC, the interface endpoint and its private DNS; behind a TLS-inspecting proxy git needs its CA (`http.sslCAInfo`)";

pub(crate) struct EndpointUnreachable;

impl Rule for EndpointUnreachable {
    fn code(&self) -> Code {
        Code::CC505
    }

    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for (i, id) in online.identities.iter().enumerate() {
            let (what, message) = match &id.outcome {
                IdentityOutcome::Unreachable { message } => ("cannot reach", message),
                IdentityOutcome::Failed { message } => ("gets no usable answer from", message),
                _ => continue,
            };
            out.report(
                Code::CC505,
                identity_location(cx, online, i),
                format!(
                    "step 1 (credentials): {what} AWS STS in {} to check {}: {message}",
                    id.region,
                    describe_profile(id.profile.as_deref())
                ),
            )
            .label("credentials used here could not be checked")
            .help(sentence(&format!(
                "{HELP}; an endpoint set by `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_STS` or the profile's `endpoint_url` must be reachable"
            )));
        }
        for rc in &online.remotes {
            let mut problems = Vec::new();
            match &rc.api {
                ApiOutcome::Unreachable { message } => problems.push(format!(
                    "step 2: the CodeCommit API in {} is unreachable ({message})",
                    rc.region
                )),
                ApiOutcome::Failed { message } => problems.push(format!(
                    "step 2: the CodeCommit API in {} gave no usable answer ({message})",
                    rc.region
                )),
                _ => {}
            }
            // A git failure that is neither about authentication nor the network matters
            // when the API found the repository; otherwise CC501–CC503 explain it.
            let api_ok = matches!(rc.api, ApiOutcome::Found { .. });
            match &rc.git {
                GitOutcome::Unreachable { detail } => {
                    problems.push(format!("step 3: git cannot reach the endpoint ({detail})"))
                }
                GitOutcome::TimedOut { secs } => problems.push(format!(
                    "step 3: `git ls-remote` got no answer within {secs} s"
                )),
                GitOutcome::Failed { detail } if api_ok => {
                    problems.push(format!("step 3: `git ls-remote` failed ({detail})"))
                }
                _ => {}
            }
            if problems.is_empty() {
                continue;
            }
            let remote = &cx.remotes[rc.remote];
            out.report(
                Code::CC505,
                cx.value_location(remote.entry),
                format!("remote `{}`: {}", remote.name, problems.join("; ")),
            )
            .label("this endpoint could not be reached")
            .help(sentence(HELP));
        }
    }
}
