//! CC209 unquoted-profile-header. Docs and examples: rules/CC209.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::awsconfig::{AwsFileKind, IgnoredReason, SectionKind};

pub(crate) struct UnquotedProfileHeader;

/// The profile name an ignored `[profile my profile]` header meant.
pub(crate) fn meant_name(raw: &str) -> Option<String> {
    let rest = raw.trim().strip_prefix("profile")?;
    Some(rest.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Rule for UnquotedProfileHeader {
    fn code(&self) -> Code {
        Code::CC209
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let Some(f) = cx.aws.file(AwsFileKind::Config) else {
            return;
        };
        for s in &f.file.sections {
            let SectionKind::Ignored(IgnoredReason::UnquotedSpace { .. }) = s.kind else {
                continue;
            };
            let Some(name) = meant_name(&s.raw_name) else {
                continue;
            };
            let found = out.report(
                Code::CC209,
                cx.aws_location(f.kind, s.header.clone()),
                format!(
                    "`[{}]`: the AWS CLI ignores a profile header whose name has unquoted spaces",
                    s.raw_name.trim()
                ),
            );
            found.label("ignored: the name splits into several words")
            .help(format!("Quote the name: `[profile '{name}']` (what `aws configure --profile` writes). Note that the Rust SDK, and tools built on it, do not accept names with spaces at all; a name without spaces works everywhere."));
            super::ignored_but_defined(cx, found, &name);
        }
    }
}
