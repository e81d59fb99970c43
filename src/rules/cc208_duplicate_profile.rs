//! CC208 duplicate-profile. Docs and examples: rules/CC208.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::awsconfig::SyntaxErrorKind;

pub(crate) struct DuplicateProfile;

impl Rule for DuplicateProfile {
    fn code(&self) -> Code {
        Code::CC208
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for f in cx.aws.files() {
            for err in &f.file.errors {
                let (first, what) = match &err.kind {
                    SyntaxErrorKind::DuplicateSection { first } => (first, "section"),
                    SyntaxErrorKind::DuplicateKey { first } => (first, "key"),
                    _ => continue,
                };
                out.report(
                    Code::CC208,
                    cx.aws_location(f.kind, err.span.clone()),
                    format!("this {what} is defined twice in one file: the AWS CLI refuses the whole file"),
                )
                .label(format!("second definition of this {what}"))
                .also(cx.aws_location(f.kind, first.clone()), "first defined here")
                .help(format!("Merge the two into one {what}: botocore reads these files strictly (`Unable to parse config file`), so every `aws` command fails, while the Rust SDK quietly merges them — the tools disagree."));
            }
        }
    }
}
