//! CC100 no-fresh-signature: the guarantee behind `check`. Docs and examples: rules/CC100.toml.
//!
//! Registered last, so it sees what every other rule reported: for each CodeCommit URL whose
//! verdict is not a fresh signature, when no other rule reported an error, it reports the
//! verdict itself.

use super::Rule;
use crate::finding::Code;
use crate::finding::{Findings, Severity};
use crate::model::context::{Context, TargetOrigin};
use crate::model::verdict::Answer;

pub(crate) struct NoFreshSignature;

impl Rule for NoFreshSignature {
    fn code(&self) -> Code {
        Code::CC100
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        backstop(cx, out);
    }
}

/// Reports the CodeCommit URLs git cannot authenticate to, when `out` holds no error yet.
fn backstop(cx: &Context, out: &mut Findings) {
    if out.iter().any(|f| f.severity == Severity::Error) {
        return;
    }
    for res in &cx.resolutions {
        let verdict = cx.verdict(res);
        if verdict.is_fresh() {
            continue;
        }
        let remote = match res.origin {
            TargetOrigin::Remote(i) => Some(cx.remotes[i].entry),
            TargetOrigin::Generic(_) => None,
        };
        let answer = match verdict.answer {
            Answer::Stored { entry, .. }
            | Answer::Fresh { entry, .. }
            | Answer::StaticGitCredentials { entry } => Some(entry),
            Answer::Nothing => None,
        };
        let at = verdict
            .failed
            .first()
            .map(|(r, _)| *r)
            .or(answer)
            .or(remote)
            .or_else(|| res.steps.last().map(|s| s.entry));
        let Some(at) = at else { continue };
        let mut reasons = verdict.failures(cx);
        reasons.push(format!("git gets {}", verdict.describe(cx)));
        out.report(
            Code::CC100,
            cx.entry_location(at),
            format!("no fresh CodeCommit signature for {}: {}", res.describe(cx), reasons.join("; ")),
        )
        .label("git's walk of the helper list ends here")
        .help("Configure the CodeCommit helper for this URL: `cc-lint fix --profile <name>`, or a section `[credential \"https://git-codecommit.*.amazonaws.com\"]` with `helper =`, `helper = !aws codecommit credential-helper $@` and `UseHttpPath = true`. `cc-lint chain <url>` shows every step.");
    }
}
