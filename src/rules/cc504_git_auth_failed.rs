//! CC504 git-auth-failed. Docs and examples: rules/CC504.toml. Needs `--online`.

use super::Rule;
use super::online_answers::sentence;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::online::git::GitOutcome;
use crate::online::{ApiOutcome, IdentityOutcome, describe_profile};
use crate::parse::helper_value::HelperKind;

pub(crate) struct GitAuthFailed;

impl Rule for GitAuthFailed {
    fn code(&self) -> Code {
        Code::CC504
    }

    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for rc in &online.remotes {
            let GitOutcome::AuthFailed { status, detail } = &rc.git else {
                continue;
            };
            // Only when the API accepted the credentials: otherwise CC501–CC503 say why.
            let id = online.identity_of(rc);
            let (IdentityOutcome::Accepted { arn, .. }, ApiOutcome::Found { .. }) =
                (&id.outcome, &rc.api)
            else {
                continue;
            };
            let remote = &cx.remotes[rc.remote];
            let got = match status {
                Some(s) => format!("HTTP {s}"),
                None => "no credentials it could use".to_owned(),
            };
            let res = cx.resolution_of_remote(rc.remote);
            let first = res.and_then(|r| r.helpers().next());
            let f = out
                .report(
                    Code::CC504,
                    cx.value_location(remote.entry),
                    format!(
                        "step 3 (git): AWS accepts {} ({arn}) and the repository exists, but `git ls-remote {}` gets {got} through the configured helper chain",
                        describe_profile(id.profile.as_deref()),
                        remote.name
                    ),
                )
                .label("git fails to authenticate to this URL");
            let mut help = match (first, res) {
                (Some(step), _)
                    if step
                        .helper
                        .as_ref()
                        .is_some_and(|h| matches!(h.kind, HelperKind::Storage(_))) =>
                {
                    f.also(
                        cx.entry_location(step.entry),
                        "git asks this helper first, and it answers with a stored password",
                    );
                    "a credential store answers before the CodeCommit helper with a stored (and, after 15 minutes, stale) password: put an empty `helper =` before the CodeCommit helper in its `[credential \"https://git-codecommit.*.amazonaws.com\"]` section (`cc-lint fix` does), and delete the CodeCommit lines from the store (`~/.git-credentials`, the OS keychain); git does not erase it by itself, since CodeCommit answers 403, not 401".to_owned()
                }
                (_, Some(r)) if r.codecommit_helper().is_none() => {
                    "no CodeCommit credential helper applies to this URL (CC108): configure one with `cc-lint fix --profile <name>`".to_owned()
                }
                (_, Some(r))
                    if r
                        .use_http_path
                        .is_none_or(|u| cx.entry(u).as_bool() != Some(true)) =>
                {
                    "`credential.UseHttpPath` is not true for this URL (CC101), so the helper cannot sign the repository path".to_owned()
                }
                (Some(step), _) => {
                    f.also(cx.entry_location(step.entry), "git asks this helper first");
                    "the helper's password is refused: check that it signs with the same profile (`cc-lint chain`), that the clock is right (a signature is valid for 15 minutes), and that nothing rewrites the URL's host or path".to_owned()
                }
                (None, _) => "check the helper chain with `cc-lint chain`".to_owned(),
            };
            if !detail.is_empty() {
                help.push_str(&format!("; git said: {detail}"));
            }
            f.help(sentence(&help));
        }
    }
}
