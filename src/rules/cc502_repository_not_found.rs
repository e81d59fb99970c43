//! CC502 repository-not-found. Docs and examples: rules/CC502.toml. Needs `--online`.

use super::Rule;
use super::online_answers::sentence;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::online::{ApiOutcome, IdentityOutcome, describe_profile};

pub(crate) struct RepositoryNotFound;

impl Rule for RepositoryNotFound {
    fn code(&self) -> Code {
        Code::CC502
    }

    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for rc in &online.remotes {
            let ApiOutcome::NotFound { .. } = &rc.api else {
                continue;
            };
            let remote = &cx.remotes[rc.remote];
            let id = online.identity_of(rc);
            let account = match &id.outcome {
                IdentityOutcome::Accepted { account, .. } => format!(" of account {account}"),
                _ => String::new(),
            };
            let repo = rc.repository.as_deref().unwrap_or("?");
            let profile = id
                .profile
                .as_deref()
                .map(|p| format!(" --profile {}", crate::base::shell::quote(p)))
                .unwrap_or_default();
            out.report(
                Code::CC502,
                cx.value_part_location(remote.entry, &format!("/v1/repos/{repo}")),
                format!(
                    "step 2 (repository): remote `{}` names repository `{repo}`, which does not exist in {}{account} (CodeCommit GetRepository, with {})",
                    remote.name,
                    rc.region,
                    describe_profile(id.profile.as_deref())
                ),
            )
            .label("no such repository in this region")
            .help(sentence(&format!(
                "check the name (case-sensitive) and the region in the URL against `aws codecommit list-repositories --region {}{profile}`; a repository of another account needs that account's credentials (a profile with `role_arn` in the helper)",
                rc.region
            )));
        }
    }
}
