//! CC108 no-codecommit-helper. Docs and examples: rules/CC108.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::{Context, TargetOrigin};

pub(crate) struct NoCodecommitHelper;

impl Rule for NoCodecommitHelper {
    fn code(&self) -> Code {
        Code::CC108
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for res in &cx.resolutions {
            let verdict = cx.verdict(res);
            if let Some((reset, helper)) = verdict.cleared {
                let later = res
                    .helpers()
                    .filter_map(|s| s.helper.as_ref().map(|h| format!("`{}`", h.value)))
                    .collect::<Vec<_>>();
                let then = if later.is_empty() {
                    "no helper is left, so git prompts for a user name and password".to_owned()
                } else {
                    format!(
                        "only {} run{} after it",
                        later.join(", "),
                        if later.len() == 1 { "s" } else { "" }
                    )
                };
                out.report(
                    Code::CC108,
                    cx.entry_location(reset),
                    format!("this empty `helper =` clears the CodeCommit helper for {}: {then}", res.describe(cx)),
                )
                .label("resets the helper list after the CodeCommit helper")
                .also(cx.entry_location(helper), "the CodeCommit helper it clears")
                .help(format!("An empty `helper =` drops every helper configured before it for the URLs its section matches; git reads it after the CodeCommit helper at {}. Put the CodeCommit section after this line (it can keep its own `helper =` reset first), or scope this reset to the hosts it is meant for. `cc-lint fix --profile <name>` does the first.", cx.describe(helper)));
                continue;
            }
            let TargetOrigin::Remote(i) = res.origin else {
                continue;
            };
            if verdict.is_fresh() {
                continue; // static HTTPS Git credentials from `store`
            }
            if res.helpers().any(|s| {
                s.helper
                    .as_ref()
                    .is_some_and(crate::parse::helper_value::Helper::signs_codecommit)
            }) || res.has_damaged_codecommit_helper()
                || super::cc110_scope_misses_host_form::missed_by(cx, res).is_some()
            {
                continue;
            }
            let remote = &cx.remotes[i];
            let others: Vec<&str> = res
                .helpers()
                .filter_map(|s| s.helper.as_ref().map(|h| h.value.as_str()))
                .collect();
            let f = out
                .report(
                    Code::CC108,
                    cx.value_location(remote.entry),
                    format!("remote `{}` is CodeCommit over HTTPS, but no CodeCommit credential helper applies to it", remote.name),
                )
                .label("git will prompt for a user name and password here");
            if !others.is_empty() {
                f.help(format!("Only `{}` answer for this URL. Configure the CodeCommit helper: `cc-lint fix --profile <name>`, or add `[credential \"https://git-codecommit.*.amazonaws.com\"]` with `helper =`, `helper = !aws codecommit credential-helper $@` and `UseHttpPath = true`.", others.join("`, `")));
            } else {
                f.help("Configure the CodeCommit helper: add `[credential \"https://git-codecommit.*.amazonaws.com\"]` with `helper =`, `helper = !aws codecommit credential-helper $@` and `UseHttpPath = true` (or run `cc-lint fix --profile <name>`).");
            }
            if let Some(site) = remote.rewritten_by {
                f.also(
                    cx.entry_location(site),
                    "the URL is rewritten by this `insteadOf`",
                );
            }
        }
    }
}
