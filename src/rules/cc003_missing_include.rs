//! CC003 missing-include. Docs and examples: rules/CC003.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct MissingInclude;

impl Rule for MissingInclude {
    fn code(&self) -> Code {
        Code::CC003
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for missing in &cx.git.missing_includes {
            out.report(
                Code::CC003,
                cx.value_location(missing.site),
                format!("included file `{}` does not exist", missing.path.display()),
            )
            .label("git skips this include silently")
            .help("Create the file, or correct the path (relative paths are relative to the including file; `~/` is your home).");
        }
    }
}
