//! A small reader for `~/.aws/config` and `~/.aws/credentials`, with the AWS CLI's
//! (botocore's) idea of profile names, for the credential helper only.
//!
//! Why: the Rust SDK rejects profile names that botocore accepts — credentials-file
//! `[My Profile]`, config `[profile "My Profile"]` / `[profile 'My Profile']` — so a
//! profile that works with `aws codecommit credential-helper` would be "not defined" for
//! aws-config. This reader finds the profiles as botocore does and hands aws-config a
//! copy of both files in memory where only the offending section headers and
//! `source_profile` values are renamed to an SDK-safe alias. Every other byte is kept,
//! so aws-config still implements every credential source.
//!
//! Profile names and sections come from the linter's reader (`crate::parse::awsconfig`), so the
//! helper and `check` agree with botocore in one place.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::base::env::Env;
use crate::base::paths;
use crate::parse::awsconfig::{self, AwsFileKind, SectionKind};

#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path} is not valid UTF-8")]
    NotUtf8 { path: PathBuf },
    #[error(
        "cannot find the home directory (HOME; on Windows USERPROFILE or HOMEDRIVE+HOMEPATH) to locate {what}"
    )]
    NoHome { what: &'static str },
}

/// One AWS file's text as read from disk (`None` when it does not exist), and where it is.
#[derive(Debug)]
pub struct AwsFileText {
    pub kind: AwsFileKind,
    pub path: PathBuf,
    pub text: Option<String>,
}

/// Both AWS files.
#[derive(Debug)]
pub struct AwsFiles {
    pub config: AwsFileText,
    pub credentials: AwsFileText,
}

fn read_optional(kind: AwsFileKind, path: PathBuf) -> Result<AwsFileText, FilesError> {
    // bounded, and never a wait on a FIFO or a device
    let text = match crate::base::trust::read_optional(&path) {
        Ok(Some(bytes)) => {
            Some(String::from_utf8(bytes).map_err(|_| FilesError::NotUtf8 { path: path.clone() })?)
        }
        Ok(None) => None,
        Err(source) => return Err(FilesError::Read { path, source }),
    };
    Ok(AwsFileText { kind, path, text })
}

impl AwsFiles {
    /// Reads `$AWS_CONFIG_FILE` (else `~/.aws/config`) and `$AWS_SHARED_CREDENTIALS_FILE`
    /// (else `~/.aws/credentials`). Missing files are empty.
    pub fn load(env: &Env) -> Result<Self, FilesError> {
        let config = paths::aws_config_path(env).ok_or(FilesError::NoHome {
            what: "the AWS config file",
        })?;
        let credentials = paths::aws_credentials_path(env).ok_or(FilesError::NoHome {
            what: "the AWS credentials file",
        })?;
        Ok(Self {
            config: read_optional(AwsFileKind::Config, config)?,
            credentials: read_optional(AwsFileKind::Credentials, credentials)?,
        })
    }

    #[cfg(test)]
    pub fn from_texts(config: &str, credentials: &str) -> Self {
        Self {
            config: AwsFileText {
                kind: AwsFileKind::Config,
                path: PathBuf::from("/aws/config"),
                text: Some(config.to_owned()),
            },
            credentials: AwsFileText {
                kind: AwsFileKind::Credentials,
                path: PathBuf::from("/aws/credentials"),
                text: Some(credentials.to_owned()),
            },
        }
    }

    pub fn paths(&self) -> [&Path; 2] {
        [&self.config.path, &self.credentials.path]
    }

    /// Profiles as botocore sees them (`crate::parse::awsconfig`'s merged view).
    pub fn profiles(&self) -> HashMap<String, HashMap<String, String>> {
        let (config, credentials) = (parsed(&self.config), parsed(&self.credentials));
        awsconfig::profiles(&config, &credentials)
            .profiles()
            .iter()
            .map(|p| {
                let settings = p
                    .settings
                    .iter()
                    .map(|s| (s.key().to_owned(), s.value().to_owned()))
                    .collect();
                (p.name.clone(), settings)
            })
            .collect()
    }

    /// Both files as aws-config should see them: profile names the SDK would reject
    /// are renamed to [`sdk_profile_name`] in section headers and `source_profile`.
    pub fn sdk_texts(&self) -> (String, String) {
        (
            rewrite_for_sdk(&self.config),
            rewrite_for_sdk(&self.credentials),
        )
    }

    /// Every secret value in the files, to mask in messages.
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for file in [&self.config, &self.credentials] {
            for section in parsed(file).sections {
                for p in section.properties {
                    if matches!(
                        p.key.as_str(),
                        "aws_secret_access_key" | "aws_session_token"
                    ) && p.value.len() >= 4
                    {
                        secrets.push(p.value);
                    }
                }
            }
        }
        secrets
    }
}

/// The name aws-config is given for a botocore profile name: itself when the SDK
/// accepts it, else an alias made of its hex bytes.
pub fn sdk_profile_name(name: &str) -> String {
    if sdk_accepts(name) {
        name.to_owned()
    } else {
        format!("{ALIAS_PREFIX}{}", hex::encode(name.as_bytes()))
    }
}

/// Undoes [`sdk_profile_name`] inside a message from aws-config.
pub fn unalias(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(ALIAS_PREFIX) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ALIAS_PREFIX.len()..];
        let hex_len = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        match hex::decode(&after[..hex_len - hex_len % 2])
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(name) if hex_len >= 2 => {
                out.push_str(&name);
                rest = &after[hex_len - hex_len % 2..];
            }
            _ => {
                out.push_str(ALIAS_PREFIX);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const ALIAS_PREFIX: &str = "cc-lint-profile-";

/// The Rust SDK's profile-name alphabet (`aws_runtime::env_config::section`).
fn sdk_accepts(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

/// A file as the AWS CLI parses it (an absent file is empty).
fn parsed(file: &AwsFileText) -> awsconfig::AwsFile {
    awsconfig::parse(file.text.as_deref().unwrap_or(""), file.kind)
}

/// The file with the profile names the SDK rejects renamed to their alias, in section
/// headers and `source_profile` values; every other byte is kept.
fn rewrite_for_sdk(file: &AwsFileText) -> String {
    let Some(text) = &file.text else {
        return String::new();
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for section in parsed(file).sections {
        let header = &text[section.header.clone()];
        let replacement = match (&section.kind, file.kind) {
            (SectionKind::Profile(name), AwsFileKind::Config) => {
                let plain = header == format!("[profile {name}]") && sdk_accepts(name);
                (!plain).then(|| format!("[profile {}]", sdk_profile_name(name)))
            }
            (SectionKind::Profile(name), AwsFileKind::Credentials) => {
                (!sdk_accepts(name)).then(|| format!("[{}]", sdk_profile_name(name)))
            }
            _ => None,
        };
        if let Some(r) = replacement {
            edits.push((section.header.clone(), r));
        }
        for p in section
            .properties
            .iter()
            .filter(|p| p.key == "source_profile")
        {
            if !p.value.is_empty() && !sdk_accepts(&p.value) {
                edits.push((p.value_span.clone(), sdk_profile_name(&p.value)));
            }
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.clone();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# comment\n\
[default]\n\
region = us-east-1\n\
[profile 'My Profile']\n\
region = eu-west-1\n\
[profile \"Dev Role\"]\n\
role_arn = arn:aws:iam::123456789012:role/dev\n\
source_profile = My Profile\n\
[profile plain]\n\
region = us-west-2\n\
s3 =\n\
\x20 max_concurrent_requests = 2\n\
[profile   spaced   ]\n\
region = ap-south-1\n\
[profile Unquoted Space]\n\
region = x\n\
[sso-session corp]\n\
sso_region = us-east-1\n\
[prod]\n\
region = y\n";

    const CREDENTIALS: &str = "\
[My Profile]\r\n\
aws_access_key_id = AKIDSPACE\r\n\
aws_secret_access_key = s3cr3t/+=\r\n\
[plain]\r\n\
aws_access_key_id = AKIDPLAIN\r\n\
aws_secret_access_key = plainsecret\r\n";

    #[test]
    fn profiles_are_named_as_botocore_names_them() {
        let files = AwsFiles::from_texts(CONFIG, CREDENTIALS);
        let profiles = files.profiles();
        let mut names: Vec<&str> = profiles.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["Dev Role", "My Profile", "default", "plain", "spaced"]
        );
        let mine = &profiles["My Profile"];
        assert_eq!(mine["region"], "eu-west-1");
        assert_eq!(mine["aws_access_key_id"], "AKIDSPACE");
        assert_eq!(mine["aws_secret_access_key"], "s3cr3t/+=");
        assert_eq!(profiles["Dev Role"]["source_profile"], "My Profile");
        assert!(!profiles["plain"].contains_key("max_concurrent_requests"));
    }

    #[test]
    fn sdk_copy_renames_only_what_the_sdk_rejects() {
        let files = AwsFiles::from_texts(CONFIG, CREDENTIALS);
        let (config, credentials) = files.sdk_texts();
        let my = sdk_profile_name("My Profile");
        let dev = sdk_profile_name("Dev Role");
        assert_eq!(my, "cc-lint-profile-4d792050726f66696c65");
        assert!(config.contains(&format!("[profile {my}]\nregion = eu-west-1\n")));
        assert!(config.contains(&format!("[profile {dev}]\n")));
        assert!(config.contains(&format!("source_profile = {my}\n")));
        assert!(config.contains(
            "[profile plain]\nregion = us-west-2\ns3 =\n  max_concurrent_requests = 2\n"
        ));
        assert!(config.contains("[profile spaced]\n"));
        assert!(
            config.contains("[profile Unquoted Space]\n"),
            "botocore ignores it; so does the SDK"
        );
        assert!(
            config.contains("[sso-session corp]\n[")
                || config.contains("[sso-session corp]\nsso_region")
        );
        assert!(config.starts_with("# comment\n[default]\n"));
        assert_eq!(
            credentials,
            format!(
                "[{my}]\r\naws_access_key_id = AKIDSPACE\r\naws_secret_access_key = s3cr3t/+=\r\n[plain]\r\naws_access_key_id = AKIDPLAIN\r\naws_secret_access_key = plainsecret\r\n"
            )
        );
    }

    #[test]
    fn sdk_copy_is_accepted_by_aws_config() {
        use aws_runtime::env_config::file::{
            EnvConfigFileKind as ProfileFileKind, EnvConfigFiles as ProfileFiles,
        };
        use aws_types::os_shim_internal::{Env, Fs};
        let files = AwsFiles::from_texts(CONFIG, CREDENTIALS);
        let (config, credentials) = files.sdk_texts();
        let profile_files = ProfileFiles::builder()
            .with_contents(ProfileFileKind::Config, config)
            .with_contents(ProfileFileKind::Credentials, credentials)
            .build();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let set = rt
            .block_on(aws_config::profile::load(
                &Fs::from_slice(&[]),
                &Env::from_slice(&[]),
                &profile_files,
                None,
            ))
            .unwrap();
        let mine = set.get_profile(&sdk_profile_name("My Profile")).unwrap();
        assert_eq!(mine.get("aws_access_key_id"), Some("AKIDSPACE"));
        assert_eq!(mine.get("region"), Some("eu-west-1"));
        let dev = set.get_profile(&sdk_profile_name("Dev Role")).unwrap();
        assert_eq!(
            dev.get("source_profile"),
            Some(sdk_profile_name("My Profile").as_str())
        );
        assert_eq!(
            set.get_profile("plain").unwrap().get("aws_access_key_id"),
            Some("AKIDPLAIN")
        );
    }

    #[test]
    fn unalias_restores_names() {
        let alias = sdk_profile_name("My Profile");
        assert_eq!(
            unalias(&format!("profile `{alias}` was not defined")),
            "profile `My Profile` was not defined"
        );
        assert_eq!(unalias("no alias here"), "no alias here");
        assert_eq!(unalias("cc-lint-profile-zz"), "cc-lint-profile-zz");
        assert_eq!(sdk_profile_name("dev@corp:x+y"), "dev@corp:x+y");
    }

    #[test]
    fn secrets_are_listed_for_masking() {
        let files = AwsFiles::from_texts(CONFIG, CREDENTIALS);
        let secrets = files.secrets();
        assert!(secrets.contains(&"s3cr3t/+=".to_owned()));
        assert!(secrets.contains(&"plainsecret".to_owned()));
    }

    #[test]
    fn paths_follow_the_environment() {
        let env = Env::new(
            [
                ("HOME".to_owned(), "/home/u".to_owned()),
                ("AWS_CONFIG_FILE".to_owned(), "~/cfg/aws".to_owned()),
            ],
            "/",
        );
        let files = AwsFiles::load(&env).unwrap();
        assert_eq!(files.config.path, PathBuf::from("/home/u/cfg/aws"));
        assert_eq!(
            files.credentials.path,
            PathBuf::from("/home/u/.aws/credentials")
        );
        let no_home = Env::new([], "/");
        assert!(matches!(
            AwsFiles::load(&no_home),
            Err(FilesError::NoHome { .. })
        ));
    }
}
