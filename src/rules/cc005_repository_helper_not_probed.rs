//! CC005 repository-helper-not-probed (probe). Docs and examples: rules/CC005.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::helper_value::HelperKind;

pub(crate) struct RepositoryHelperNotProbed;

impl Rule for RepositoryHelperNotProbed {
    fn code(&self) -> Code {
        Code::CC005
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        if !cx.probes.ran {
            return;
        }
        for (r, _, helper) in cx.codecommit_helper_entries() {
            if helper.kind != HelperKind::AwsCli || !cx.git.file(r).scope.is_repository() {
                continue;
            }
            let Some(program) = helper.program() else {
                continue;
            };
            out.report(
                Code::CC005,
                cx.value_part_location(r, program),
                format!("the local helper `{program}` was not probed: cc-lint runs no program a repository's config names"),
            )
            .label("named by the repository's own config")
            .help("Configure the CodeCommit helper in your global config (`cc-lint fix`) to have its AWS CLI version checked; a repository's helper is checked only for the file it names.");
        }
    }
}
