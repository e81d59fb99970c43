//! CC404 old-aws-cli (probe). Docs and examples: rules/CC404.toml.

use super::Rule;
use crate::base::probe::Version;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::helper_value::HelperKind;

pub(crate) struct OldAwsCli;

/// `aws codecommit credential-helper` arrived in AWS CLI 1.7.38.
const CREDENTIAL_HELPER: Version = Version(1, 7, 38);

impl Rule for OldAwsCli {
    fn code(&self) -> Code {
        Code::CC404
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let Some((program, aws)) = cx.probes.aws.as_ref() else {
            return;
        };
        if *aws >= CREDENTIAL_HELPER {
            return;
        }
        for (r, _, h) in cx.codecommit_helper_entries() {
            if h.kind != HelperKind::AwsCli || h.program() != Some(program.as_str()) {
                continue;
            }
            out.report(
                Code::CC404,
                cx.value_part_location(r, "codecommit credential-helper"),
                format!("AWS CLI {aws} has no `codecommit credential-helper` (1.7.38 and later do)"),
            )
            .label("this AWS CLI does not know the command")
            .help("Upgrade the AWS CLI (v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html).");
        }
    }
}
