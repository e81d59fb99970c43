//! CC401 stored-codecommit-credentials. Docs and examples: rules/CC401.toml.

use super::{Code, Rule};
use crate::codecommit;
use crate::context::Context;
use crate::finding::Findings;

pub(crate) struct StoredCodecommitCredentials;

impl Rule for StoredCodecommitCredentials {
    fn code(&self) -> Code {
        Code::CC401
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let home = cx.env.home();
        for file in &cx.git_credentials {
            let shown = crate::report::display_path(&file.path, home.as_deref());
            for e in &file.entries {
                let Some(url) = &e.url else { continue };
                if codecommit::parse_host(&url.host).is_none() {
                    continue;
                }
                // Never the user or password: the message shows the URL without user info.
                out.report(
                    Code::CC401,
                    cx.git_credentials_location(file, e.span.clone()),
                    format!("`{shown}` stores a CodeCommit password for {}", url.display()),
                )
                .label("plain text, and stale 15 minutes after it was signed")
                .help(format!("Delete this line, and keep `store` from answering for CodeCommit: reset the helper list (`helper =`) in the CodeCommit credential section before the AWS helper. `git credential-store` returns this signature forever, long after it expired (403), and it reveals the access key ID and session token to anyone who can read `{shown}`."));
            }
        }
    }
}
