//! CC109 old-git-for-config (probe). Docs and examples: rules/CC109.toml.

use super::Rule;
use crate::base::probe::Version;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::urlmatch::CREDENTIAL_WILDCARDS_SINCE;

pub(crate) struct OldGitForConfig;

/// The empty `helper =` that resets the list: git 2.9 (commit 24321375cd).
const RESET: Version = Version(2, 9, 0);

impl Rule for OldGitForConfig {
    fn code(&self) -> Code {
        Code::CC109
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let Some(git) = cx.probes.git else { return };
        let mut seen = std::collections::BTreeSet::new();
        for (r, e) in cx.git.entries() {
            if e.section != "credential" {
                continue;
            }
            if git < CREDENTIAL_WILDCARDS_SINCE
                && let Some(sub) = e.subsection.as_deref()
                && sub.contains('*')
                && seen.insert((r.file, e.header_span.start))
            {
                out.report(
                    Code::CC109,
                    cx.file_location(r.file, e.header_span.clone()),
                    format!("git {git} does not understand `*` in credential URLs (git 2.26 does): this section matches no URL"),
                )
                .label("matched literally by this git")
                .help("Upgrade git to 2.26 or later, or name each host (`[credential \"https://git-codecommit.us-east-1.amazonaws.com\"]`).");
            }
            if git < RESET && e.name == "helper" && e.value.as_deref() == Some("") {
                out.report(
                    Code::CC109,
                    cx.entry_location(r),
                    format!("git {git} does not reset the helper list with an empty `helper =` (git 2.9 does)"),
                )
                .label("no effect on this git: earlier helpers still run")
                .help("Upgrade git to 2.9 or later; until then remove the conflicting helper where it is set.");
            }
        }
    }
}
