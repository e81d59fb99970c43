//! CC403 old-git (probe). Docs and examples: rules/CC403.toml.

use super::Rule;
use crate::base::probe::Version;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct OldGit;

/// Credential helpers arrived in git 1.7.9.
const HELPERS: Version = Version(1, 7, 9);

impl Rule for OldGit {
    fn code(&self) -> Code {
        Code::CC403
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let Some(git) = cx.probes.git.filter(|v| *v < HELPERS) else {
            return;
        };
        // Reported at the CodeCommit helper, the configuration this git cannot run.
        let Some((r, _, _)) = cx
            .codecommit_helper_entries()
            .find(|(_, _, h)| h.is_codecommit())
        else {
            return;
        };
        out.report(
            Code::CC403,
            cx.entry_location(r),
            format!("git {git} predates credential helpers (git 1.7.9): this helper never runs"),
        )
        .label("ignored by this git")
        .help("Upgrade git (the CodeCommit guide asks for 1.7.9 or later; 2.26 or later for `*` in credential URLs).");
    }
}
