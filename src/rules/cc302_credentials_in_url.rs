//! CC302 credentials-in-url. Docs and examples: rules/CC302.toml.

use super::Rule;
use super::cc301_malformed_codecommit_url::split_url;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct CredentialsInUrl;

impl Rule for CredentialsInUrl {
    fn code(&self) -> Code {
        Code::CC302
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for remote in &cx.remotes {
            let Some(raw) = split_url(&remote.configured) else {
                continue;
            };
            let Some(userinfo) = raw.userinfo.filter(|u| !u.is_empty()) else {
                continue;
            };
            let scheme = raw.scheme.to_ascii_lowercase();
            let has_password = userinfo.contains(':');
            // `ssh://<SSH key ID>@git-codecommit…` is how CodeCommit SSH URLs are written.
            if !has_password && !matches!(scheme.as_str(), "http" | "https") {
                continue;
            }
            let user = userinfo.split(':').next().unwrap_or("");
            // `<key id>%<session token>`: the part after `%` is a credential too
            let user = match user.split_once('%') {
                Some((id, _)) => format!("{id}%****"),
                None => user.to_owned(),
            };
            let name = &remote.name;
            let message = if has_password {
                format!("remote `{name}` has a password in its URL (user `{user}`)")
            } else {
                format!("remote `{name}` has the user name `{user}` in its URL")
            };
            let help = if has_password {
                "Remove `user:password@` from the URL (`git remote set-url`): the password sits in plain text in the config, shows in `git remote -v` and process lists, and is sent to every server the URL names. Let a credential helper supply it."
            } else {
                "Remove `user@` from the URL (`git remote set-url`): git passes the name to every helper, the AWS CLI helper then answers for IAM Git credentials' user instead of signing, and git prompts for that user's password."
            };
            out.report(
                Code::CC302,
                cx.value_part_location(remote.entry, userinfo),
                message,
            )
            .label(if has_password {
                "user name and password in the URL"
            } else {
                "user name in the URL"
            })
            .help(help);
        }
    }
}
