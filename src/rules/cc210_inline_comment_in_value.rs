//! CC210 inline-comment-in-value. Docs and examples: rules/CC210.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct InlineCommentInValue;

const SECRET: [&str; 3] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

impl Rule for InlineCommentInValue {
    fn code(&self) -> Code {
        Code::CC210
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for f in cx.aws.files() {
            for s in &f.file.sections {
                for p in &s.properties {
                    let Some(comment) = &p.inline_comment else {
                        continue;
                    };
                    let value_shown = if SECRET.contains(&p.key.as_str()) {
                        "****".to_owned()
                    } else {
                        format!("`{}`", p.value)
                    };
                    out.report(
                        Code::CC210,
                        cx.aws_location(f.kind, comment.clone()),
                        format!("the AWS CLI keeps this comment in the value of `{}` ({value_shown}), while the Rust SDK strips it", p.key),
                    )
                    .label("part of the value for the AWS CLI")
                    .help(format!("Put the comment on a line of its own (`# …` above `{} = …`). A secret key with a comment in it signs wrongly: 403.", p.key));
                }
            }
        }
    }
}
