//! CC105 unscoped-helper. Docs and examples: rules/CC105.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct UnscopedHelper;

impl Rule for UnscopedHelper {
    fn code(&self) -> Code {
        Code::CC105
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (r, entry, helper) in cx.helper_entries() {
            if !helper.is_codecommit() || !entry.is_unscoped() {
                continue;
            }
            let header = cx.file_location(r.file, entry.header_span.clone());
            out.report(
                Code::CC105,
                cx.entry_location(r),
                "the CodeCommit helper is in a bare `[credential]` section and runs for every host",
            )
            .label("runs for GitHub, GitLab and every other HTTPS host too")
            .also(header, "section without a URL")
            .help("Scope it: move it to `[credential \"https://git-codecommit.*.amazonaws.com\"]` (and the other host forms your remotes use), with an empty `helper =` before it.");
        }
    }
}
