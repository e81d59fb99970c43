//! CC402 credentials-file-permissions. Docs and examples: rules/CC402.toml.
//!
//! Unix only: on Windows no mode is read (`None`), so the rule reports nothing there.

use super::Rule;
use crate::base::source::Scope;
use crate::finding::Code;
use crate::finding::{Findings, Location};
use crate::model::context::Context;

pub(crate) struct CredentialsFilePermissions;

/// Whether `mode` lets group or others read (or write) the file.
pub(crate) fn too_open(mode: u32) -> bool {
    mode & 0o077 != 0
}

impl Rule for CredentialsFilePermissions {
    fn code(&self) -> Code {
        Code::CC402
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let first_line = |text: &str| 0..text.find('\n').unwrap_or(text.len());
        let mut files: Vec<(Option<u32>, Location, &std::path::Path)> = Vec::new();
        if let Some(f) = &cx.aws.credentials {
            files.push((
                f.mode,
                cx.aws_location(f.kind, first_line(&f.source.text)),
                &f.source.path,
            ));
        }
        // The config file is meant to be readable; it matters only when it holds secrets.
        if let Some(f) = &cx.aws.config {
            let secret = f
                .file
                .sections
                .iter()
                .flat_map(|s| &s.properties)
                .find(|p| {
                    matches!(
                        p.key.as_str(),
                        "aws_secret_access_key" | "aws_session_token" | "aws_security_token"
                    ) && !p.value.trim().is_empty()
                });
            if let Some(p) = secret {
                files.push((
                    f.mode,
                    cx.aws_location(f.kind, p.key_span.start..p.value_span.end),
                    &f.source.path,
                ));
            }
        }
        for f in &cx.git_credentials {
            files.push((
                f.mode,
                cx.git_credentials_location(f, first_line(&f.source.text)),
                &f.path,
            ));
        }
        let home = crate::base::paths::git_home(&cx.env);
        for (mode, location, path) in files {
            let Some(mode) = mode.filter(|m| too_open(*m)) else {
                continue;
            };
            let what = match location.scope {
                Scope::AwsCredentials | Scope::AwsConfig => "AWS keys",
                _ => "git passwords",
            };
            let shown = crate::base::paths::display_path(path, home.as_deref());
            out.report(
                Code::CC402,
                location,
                format!("`{shown}` holds {what} and is readable by group or others (mode {mode:04o})"),
            )
            .label("file mode lets other users read this")
            .help(format!("`chmod 600 {shown}` (the AWS CLI and git credential-store create these files 0600)."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_logic() {
        assert!(!too_open(0o600));
        assert!(!too_open(0o400));
        assert!(!too_open(0o700));
        assert!(too_open(0o644));
        assert!(too_open(0o640));
        assert!(too_open(0o604));
        assert!(too_open(0o620));
    }

    /// On Windows no mode is read, so nothing can be reported.
    #[test]
    fn no_mode_on_windows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("credentials");
        std::fs::write(&p, "[default]\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(crate::model::discover::file_mode(&p), Some(0o644));
        }
        #[cfg(windows)]
        assert_eq!(crate::model::discover::file_mode(&p), None);
    }
}
