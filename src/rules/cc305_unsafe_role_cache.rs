//! CC305 unsafe-role-cache. Docs and examples: rules/CC305.toml.

use super::Rule;
use crate::base::source::{Scope, Source};
use crate::finding::Code;
use crate::finding::{Findings, Location};
use crate::model::context::Context;

pub(crate) struct UnsafeRoleCache;

impl Rule for UnsafeRoleCache {
    fn code(&self) -> Code {
        Code::CC305
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (path, problem) in &cx.aws.role_cache {
            out.report(
                Code::CC305,
                Location {
                    source: std::sync::Arc::new(Source::new(path.clone(), b"")),
                    span: 0..0,
                    scope: Scope::AwsConfig,
                    include_chain: Vec::new(),
                },
                format!("{problem}: cc-lint's credential helper does not use it"),
            )
            .help("Delete the entry (the AWS CLI and cc-lint write a new one, mode 0600), and make ~/.aws/cli/cache yours and private: chmod 700 ~/.aws/cli/cache.");
        }
    }
}
