//! CC202 wrong-section-header. Docs and examples: rules/CC202.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::awsconfig::{AwsFileKind, HeaderQuirk, IgnoredReason, SectionKind};

pub(crate) struct WrongSectionHeader;

impl Rule for WrongSectionHeader {
    fn code(&self) -> Code {
        Code::CC202
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for f in cx.aws.files() {
            for s in &f.file.sections {
                let loc = cx.aws_location(f.kind, s.header.clone());
                match (f.kind, &s.kind) {
                    (
                        AwsFileKind::Config,
                        SectionKind::Ignored(IgnoredReason::MissingProfilePrefix),
                    ) => {
                        let name = s.raw_name.trim();
                        let f = out.report(
                            Code::CC202,
                            loc,
                            format!("`[{name}]` in the config file is not a profile: the AWS CLI ignores it"),
                        );
                        f.label("ignored: config-file profiles need the `profile ` prefix")
                        .help(format!("Write `[profile {name}]` (only `[default]` goes without the prefix in ~/.aws/config)."));
                        super::ignored_but_defined(cx, f, name);
                    }
                    (AwsFileKind::Config, SectionKind::Ignored(IgnoredReason::PrefixCase)) => {
                        let rest = s.raw_name.split_once(' ').map_or("", |(_, r)| r.trim());
                        out.report(
                            Code::CC202,
                            loc,
                            format!("`[{}]`: the `profile` keyword is case-sensitive, so the AWS CLI ignores this section", s.raw_name.trim()),
                        )
                        .label("ignored")
                        .help(format!("Write `[profile {rest}]` in lowercase."));
                    }
                    (AwsFileKind::Credentials, SectionKind::Profile(name))
                        if s.quirks.contains(&HeaderQuirk::ProfilePrefixInCredentials) =>
                    {
                        let meant = name.strip_prefix("profile ").unwrap_or(name).trim();
                        out.report(
                            Code::CC202,
                            loc,
                            format!("`[{}]` in the credentials file defines a profile literally named `{name}`, not `{meant}`", s.raw_name.trim()),
                        )
                        .label("the credentials file takes bare profile names")
                        .help(format!("Write `[{meant}]`: the AWS docs say not to use the word profile in the credentials file. (The Rust SDK ignores this section altogether.)"));
                    }
                    _ => {}
                }
            }
        }
    }
}
