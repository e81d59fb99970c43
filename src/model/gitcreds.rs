//! The files git's `store` helper keeps passwords in (`~/.git-credentials`,
//! `$XDG_CONFIG_HOME/git/credentials`): one URL per line, `https://user:password@host/path`,
//! percent-encoded as credential-store writes them.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::env::Env;
use crate::base::source::Source;
use crate::model::discover::{self, Overlay};
use crate::parse::urlmatch::Url;

/// One stored credential line.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The line without its newline.
    pub span: Range<usize>,
    /// The URL as git reads it; `None` for a line credential-store skips.
    pub url: Option<Url>,
}

impl Stored {
    /// Static HTTPS Git credentials IAM generates for CodeCommit (`name-at-123456789012`):
    /// long-lived, unlike a helper's signature, so a store that holds them keeps working.
    pub fn is_static_git_credential(&self) -> bool {
        let Some(url) = &self.url else { return false };
        let user = url.user.as_deref().unwrap_or("");
        url.has_password
            && user.rsplit_once("-at-").is_some_and(|(name, account)| {
                !name.is_empty()
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
            })
    }
}

/// One credential-store file as read.
#[derive(Debug, Clone)]
pub struct GitCredFile {
    pub path: PathBuf,
    pub source: Arc<Source>,
    /// Unix permission bits; `None` on Windows.
    pub mode: Option<u32>,
    pub entries: Vec<Stored>,
}

/// Reads the credential-store files that exist, in credential-store's order.
pub fn load(env: &Env, overlay: Option<&Overlay>) -> Vec<GitCredFile> {
    let mut out = Vec::new();
    for path in discover::git_credentials_paths(env) {
        let bytes = match overlay.and_then(|o| o.get(&path)) {
            Some(b) => b.clone(),
            None => match crate::base::trust::read_optional(&path) {
                Ok(Some(b)) => b,
                _ => continue,
            },
        };
        let source = Arc::new(Source::new(&path, &bytes));
        let entries = parse(&source.text);
        out.push(GitCredFile {
            mode: discover::file_mode(&path),
            path,
            source,
            entries,
        });
    }
    out
}

/// The lines of a credential-store file.
pub fn parse(text: &str) -> Vec<Stored> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            out.push(Stored {
                span: start..start + content.len(),
                url: Url::parse(content.trim()),
            });
        }
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_store_lines() {
        let text = "https://AKIDEXAMPLE:20990101T000000Zold@git-codecommit.us-east-1.amazonaws.com/v1/repos/MyRepo\n\nhttps://bob:pw@github.com\n";
        let e = parse(text);
        assert_eq!(e.len(), 2);
        let u = e[0].url.as_ref().unwrap();
        assert_eq!(u.host, "git-codecommit.us-east-1.amazonaws.com");
        assert_eq!(u.path, "/v1/repos/MyRepo");
        assert_eq!(&text[e[1].span.clone()], "https://bob:pw@github.com");
    }
}
