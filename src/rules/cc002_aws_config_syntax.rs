//! CC002 aws-config-syntax. Docs and examples: rules/CC002.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct AwsConfigSyntax;

impl Rule for AwsConfigSyntax {
    fn code(&self) -> Code {
        Code::CC002
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for f in cx.aws.files() {
            for err in f.file.errors.iter().filter(|e| !e.kind.is_duplicate()) {
                out.report(
                    Code::CC002,
                    cx.aws_location(f.kind, err.span.clone()),
                    format!("the AWS CLI refuses this file: {}", err.message),
                )
                .label("the AWS CLI stops here (`Unable to parse config file`)")
                .help("Every `aws` command, the CodeCommit credential helper included, fails until this is fixed. Each line must be a `[section]` header, `key = value`, an indented continuation, or a comment; save the file as UTF-8 without a byte order mark.");
            }
        }
        for (path, scope, error) in &cx.aws.unreadable {
            out.report(
                Code::CC002,
                crate::finding::Location {
                    source: std::sync::Arc::new(crate::base::source::Source::new(
                        path.clone(),
                        b"",
                    )),
                    span: 0..0,
                    scope: *scope,
                    include_chain: Vec::new(),
                },
                format!("the AWS CLI cannot read this file: {error}"),
            )
            .help(
                if error.contains("not a regular file") || error.contains("larger than") {
                    "Point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a regular file."
                } else {
                    "Make the file readable by your user (check its owner and permissions)."
                },
            );
        }
    }
}
