//! CC401 stored-codecommit-credentials. Docs and examples: rules/CC401.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::{Findings, Severity};
use crate::model::context::Context;
use crate::parse::endpoint;

pub(crate) struct StoredCodecommitCredentials;

impl Rule for StoredCodecommitCredentials {
    fn code(&self) -> Code {
        Code::CC401
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let home = crate::base::paths::git_home(&cx.env);
        for file in &cx.git_credentials {
            let shown = crate::base::paths::display_path(&file.path, home.as_deref());
            for e in &file.entries {
                let Some(url) = &e.url else { continue };
                if endpoint::parse_host(&url.host).is_none() {
                    continue;
                }
                // Never the user or password: the message shows the URL without user info.
                if e.is_static_git_credential() {
                    let f = out.report(
                        Code::CC401,
                        cx.git_credentials_location(file, e.span.clone()),
                        format!(
                            "`{shown}` stores static HTTPS Git credentials for {} in plain text",
                            url.display()
                        ),
                    );
                    f.severity = Severity::Warning;
                    f.label("IAM's HTTPS Git credentials: they work until revoked, readable by anyone who can read this file")
                        .help(format!("This works, but the password is long-lived and in plain text. Keep it in an encrypted store (the macOS keychain, Git Credential Manager), or switch to the AWS helper (`cc-lint fix --profile <name>`) and delete this line and the credentials in IAM. Keep `{shown}` mode 0600."));
                    continue;
                }
                // The CodeCommit helper answers first for this host: the stale entry is never
                // read while it works.
                let shadowed = cx.resolutions.iter().any(|r| r.url.host == url.host)
                    && cx
                        .resolutions
                        .iter()
                        .filter(|r| r.url.host == url.host)
                        .all(|r| cx.verdict(r).is_fresh());
                let f = out.report(
                    Code::CC401,
                    cx.git_credentials_location(file, e.span.clone()),
                    format!(
                        "`{shown}` stores a CodeCommit password for {}",
                        url.display()
                    ),
                );
                if shadowed {
                    f.severity = Severity::Warning;
                }
                f.label("plain text, and stale 15 minutes after it was signed")
                .help(format!("Delete this line, and keep `store` from answering for CodeCommit: reset the helper list (`helper =`) in the CodeCommit credential section before the AWS helper. `git credential-store` returns this signature forever, long after it expired (403), and it reveals the access key ID and session token to anyone who can read `{shown}`.{}", if shadowed { " While the CodeCommit helper answers first it is never read; it answers whenever that helper fails." } else { "" }));
            }
        }
    }
}
