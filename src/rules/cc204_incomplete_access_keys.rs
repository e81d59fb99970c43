//! CC204 incomplete-access-keys. Docs and examples: rules/CC204.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::{Findings, Location};
use crate::model::context::Context;
use crate::parse::awsconfig::Setting;

pub(crate) struct IncompleteAccessKeys;

const ID: &str = "aws_access_key_id";
const SECRET: &str = "aws_secret_access_key";

/// The whole `key = value` of a setting.
pub(super) fn setting_location(cx: &Context, s: &Setting) -> Location {
    let p = &s.property;
    let end = p.value_span.end.max(p.key_span.end);
    cx.aws_location(s.origin.file, p.key_span.start..end)
}

impl Rule for IncompleteAccessKeys {
    fn code(&self) -> Code {
        Code::CC204
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for profile in cx.aws.profiles.profiles() {
            let present = |k: &str| profile.get(k).filter(|s| !s.value().trim().is_empty());
            let (have, missing) = match (present(ID), present(SECRET)) {
                (Some(id), None) => (id, SECRET),
                (None, Some(secret)) => (secret, ID),
                // botocore reads keys from one file at a time (SharedCredentialProvider, then
                // ConfigProvider): a pair split across the files is half a pair in each.
                (Some(id), Some(secret)) if id.origin.file != secret.origin.file => {
                    let name = &profile.name;
                    out.report(
                        Code::CC204,
                        setting_location(cx, id),
                        format!("profile `{name}` has `aws_access_key_id` in one AWS file and `aws_secret_access_key` in the other"),
                    )
                    .label("the AWS CLI reads each file's keys on their own")
                    .help("Put both keys in the same section of ~/.aws/credentials. botocore takes keys from one file at a time and stops with `Partial credentials found`.")
                    .also(setting_location(cx, secret), "the secret is in the other file");
                    continue;
                }
                _ => continue,
            };
            let empty = profile.get(missing).is_some();
            let name = &profile.name;
            let message = if empty {
                format!(
                    "profile `{name}` has `{}` but an empty `{missing}`",
                    have.key()
                )
            } else {
                format!("profile `{name}` has `{}` but no `{missing}`", have.key())
            };
            let f = out
                .report(Code::CC204, setting_location(cx, have), message)
                .label(format!("`{missing}` missing for this key"))
                .help(if missing == SECRET {
                    format!("Add the secret: `aws configure set aws_secret_access_key <secret> --profile '{name}'` (or run `aws configure --profile '{name}'`). botocore refuses half a key pair: `Partial credentials found in shared-credentials-file, missing: aws_secret_access_key`.")
                } else {
                    format!("Add the key ID: `aws configure set aws_access_key_id <id> --profile '{name}'`. Without it botocore ignores the secret and the profile has no keys.")
                });
            if let Some(e) = profile.get(missing) {
                f.also(setting_location(cx, e), "empty here");
            }
        }
    }
}
