//! CC303 insecure-codecommit-url. Docs and examples: rules/CC303.toml.

use super::Rule;
use super::cc301_malformed_codecommit_url::split_url;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::endpoint;

pub(crate) struct InsecureCodecommitUrl;

impl Rule for InsecureCodecommitUrl {
    fn code(&self) -> Code {
        Code::CC303
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for remote in &cx.remotes {
            let Some(raw) = split_url(&remote.url) else {
                continue;
            };
            if !raw.scheme.eq_ignore_ascii_case("http") || endpoint::parse_host(raw.host).is_none()
            {
                continue;
            }
            let f = out
                .report(
                    Code::CC303,
                    cx.value_part_location(remote.entry, "http:"),
                    format!("remote `{}` reaches CodeCommit over plain `http://`", remote.name),
                )
                .label("not encrypted")
                .help("Use `https://`: CodeCommit's git endpoints are HTTPS. Over http the helper still signs, so the signed user name (access key ID and session token) travels in clear text.");
            if let Some(site) = remote.rewritten_by {
                f.also(
                    cx.entry_location(site),
                    "the URL is rewritten by this `insteadOf`",
                );
            }
        }
    }
}
