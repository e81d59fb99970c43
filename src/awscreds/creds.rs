//! Credential resolution: the AWS credential chain through aws-config, resolved once
//! per helper call into one immutable [`Credentials`] value.
//!
//! - `--profile NAME`: that profile only (`ProfileFileCredentialsProvider`: static keys,
//!   session tokens, `role_arn` with `source_profile` / `credential_source`, SSO,
//!   `credential_process`, web identity). A profile that does not exist fails at once,
//!   instead of falling through to instance metadata like the SDK's default chain would.
//!   As with the AWS CLI, `AWS_ACCESS_KEY_ID` & co. do not override an explicit profile.
//! - otherwise the default chain: environment keys, then the profile named by
//!   `AWS_DEFAULT_PROFILE` / `AWS_PROFILE` (botocore's order) or `default`, then web
//!   identity, ECS and EC2 instance metadata. The chain moves on only when a source is
//!   not configured; a configured one that fails (role, process, SSO) is the error, so
//!   an instance role never silently replaces a broken profile (as in botocore).
//!
//! The SDK's region is pinned (to the CodeCommit host's region) so nothing waits on
//! instance metadata to find one. Profile names with spaces go through
//! [`super::awsfiles`]. Assumed-role credentials are cached on disk ([`super::cache`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::awsfiles::{AwsFiles, FilesError, sdk_profile_name, unalias};
use super::cache;
use super::profile::{ProfileOrigin, choose_profile};
use crate::base::env::Env;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_runtime::env_config::file::{
    EnvConfigFileKind as ProfileFileKind, EnvConfigFiles as ProfileFiles,
};
use aws_types::region::Region;

/// Longest we wait for a credential source (STS, SSO, a `credential_process`, IMDS).
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(30);

/// One frozen set of credentials: user name and signature both come from it.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expiry: Option<SystemTime>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"****")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "****"),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

impl Credentials {
    /// `<key id>` or `<key id>%<session token>`, raw (git's protocol needs no encoding).
    pub fn username(&self) -> String {
        match &self.session_token {
            Some(token) => format!("{}%{token}", self.access_key_id),
            None => self.access_key_id.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CredsError {
    #[error(transparent)]
    Files(#[from] FilesError),
    #[error("AWS profile `{profile}` (from {origin}) is not defined in {} or {}", files[0].display(), files[1].display())]
    ProfileNotFound {
        profile: String,
        origin: ProfileOrigin,
        files: [PathBuf; 2],
        /// `[profile My Dev Profile]` is in the config file: the AWS CLI ignores an unquoted
        /// name with spaces.
        unquoted_header: bool,
    },
    #[error("AWS profile `{profile}` has no credentials: it sets only {}, and no access keys, role, SSO, `credential_process` or web identity", keys.join(", "))]
    ProfileWithoutCredentials { profile: String, keys: Vec<String> },
    #[error("the AWS SSO session for profile `{profile}` is missing or expired ({detail})")]
    SsoLogin {
        profile: String,
        /// The profile holding the SSO settings: `profile` or one it sources from.
        login_profile: String,
        detail: String,
    },
    #[error(
        "AWS profile `{profile}` assumes a role with MFA (`mfa_serial`), and a git credential helper cannot ask for the code"
    )]
    MfaRequired { profile: String },
    #[error("cannot get credentials for AWS profile `{profile}`: {detail}")]
    Profile { profile: String, detail: String },
    #[error(
        "no AWS credentials found (looked at AWS_* environment variables, profile `{profile}` in {} and {}, web identity, ECS and EC2 instance metadata): {detail}",
        files[0].display(), files[1].display()
    )]
    NoCredentials {
        profile: String,
        files: [PathBuf; 2],
        detail: String,
    },
    #[error("timed out after {} s waiting for AWS credentials", RESOLVE_TIMEOUT.as_secs())]
    TimedOut,
    /// A value the helper would print holds a line break or NUL: printed, it would add lines
    /// of its own to git's credential protocol (`host=…`, `username=…`).
    #[error(
        "the {field} from {origin} contains {what}, which would inject lines into git's credential protocol; refusing to use it"
    )]
    UnsafeValue {
        field: &'static str,
        origin: String,
        what: &'static str,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl CredsError {
    /// What the user should run or change.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::ProfileNotFound {
                profile,
                unquoted_header: true,
                ..
            } => Some(format!(
                "the config file has `[profile {profile}]`, which the AWS CLI ignores because the name has spaces: quote it, `[profile '{profile}']`"
            )),
            Self::ProfileWithoutCredentials { profile, .. } => Some(format!(
                "give it credentials: aws configure --profile {} (access keys), or add `role_arn` + `source_profile`, `credential_process`, or run aws configure sso",
                crate::base::shell::quote(profile)
            )),
            Self::ProfileNotFound { profile, origin, .. } => Some(match origin {
                ProfileOrigin::Flag => format!(
                    "check the profile name in the helper line of your git config (`git config --show-origin --get-regexp 'credential.*helper'`), or create it: aws configure --profile {}",
                    crate::base::shell::quote(profile)
                ),
                _ => format!(
                    "unset {origin} or create the profile: aws configure --profile {}",
                    crate::base::shell::quote(profile)
                ),
            }),
            Self::SsoLogin { login_profile, .. } => {
                Some(format!("run: aws sso login --profile {}", crate::base::shell::quote(login_profile)))
            }
            Self::MfaRequired { profile } => Some(format!(
                "run `aws sts get-caller-identity --profile {}` and enter the code; the helper then reuses the AWS CLI's cached role session (~/.aws/cli/cache) until it has less than 15 minutes left",
                crate::base::shell::quote(profile)
            )),
            Self::NoCredentials { .. } => Some(
                "name a profile in the helper line (`cc-lint credential-helper --profile NAME`), or configure one: aws configure"
                    .to_owned(),
            ),
            Self::Profile { profile, .. } => Some(format!(
                "check the profile with: aws sts get-caller-identity --profile {}",
                crate::base::shell::quote(profile)
            )),
            Self::UnsafeValue { .. } => Some(
                "the credential source is broken or tampered with: fix or remove it (a cache entry can be deleted; the AWS CLI writes a new one)"
                    .to_owned(),
            ),
            Self::Files(_) | Self::TimedOut | Self::Runtime(_) => None,
        }
    }
}

/// Resolves credentials for a helper call.
pub trait CredentialSource {
    fn credentials(&self, profile: Option<&str>, region: &str) -> Result<Credentials, CredsError>;

    /// What the user should know about the last call (an unsafe cache that was skipped).
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The real chain, reading the process environment (or an injected one).
pub struct AwsChain<'a> {
    pub env: &'a Env,
    warnings: std::cell::RefCell<Vec<String>>,
}

impl<'a> AwsChain<'a> {
    pub fn new(env: &'a Env) -> AwsChain<'a> {
        AwsChain {
            env,
            warnings: std::cell::RefCell::new(Vec::new()),
        }
    }
}

impl CredentialSource for AwsChain<'_> {
    fn credentials(&self, profile: Option<&str>, region: &str) -> Result<Credentials, CredsError> {
        resolve(profile, region, self.env, &mut self.warnings.borrow_mut())
    }

    fn warnings(&self) -> Vec<String> {
        self.warnings.borrow().clone()
    }
}

/// Refuses credentials whose printed parts (key id and session token, which make up the user
/// name) hold CR, LF or NUL; `origin` names where they came from.
pub fn check_printable(creds: &Credentials, origin: &str) -> Result<(), CredsError> {
    let fields = [
        ("access key id", Some(creds.access_key_id.as_str())),
        ("session token", creds.session_token.as_deref()),
        ("secret access key", Some(creds.secret_access_key.as_str())),
    ];
    for (field, value) in fields {
        let Some(value) = value else { continue };
        let what = if value.contains('\n') {
            "a line feed"
        } else if value.contains('\r') {
            "a carriage return"
        } else if value.contains('\0') {
            "a NUL byte"
        } else {
            continue;
        };
        return Err(CredsError::UnsafeValue {
            field,
            origin: origin.to_owned(),
            what,
        });
    }
    Ok(())
}

/// Where the SDK's credentials came from, for messages.
fn sdk_origin(creds: &aws_credential_types::Credentials, profile: &str) -> String {
    use aws_credential_types::credential_feature::AwsCredentialFeature as F;
    let features = creds.get_property::<Vec<F>>().cloned().unwrap_or_default();
    let has = |f: F| features.contains(&f);
    if has(F::CredentialsProcess) || has(F::CredentialsProfileProcess) {
        format!("the `credential_process` of AWS profile `{profile}`")
    } else if has(F::CredentialsEnvVars) {
        "the environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN"
            .to_owned()
    } else if has(F::CredentialsSso) || has(F::CredentialsProfileSso) {
        format!("AWS SSO (profile `{profile}`)")
    } else if has(F::CredentialsImds) {
        "EC2 instance metadata".to_owned()
    } else if has(F::CredentialsHttp) {
        "the container credentials endpoint".to_owned()
    } else {
        format!("AWS profile `{profile}`")
    }
}

/// The profiles of both AWS files, by botocore's names.
type Profiles = HashMap<String, HashMap<String, String>>;

fn resolve(
    flag: Option<&str>,
    region: &str,
    env: &Env,
    warnings: &mut Vec<String>,
) -> Result<Credentials, CredsError> {
    let files = AwsFiles::load(env)?;
    let profiles = files.profiles();
    let (name, origin) = choose_profile(flag, |_| None, env);
    let profile = chosen_profile(&files, &profiles, &name, origin, env)?;

    // Assumed-role sessions: reuse the AWS CLI's cache (and fill it).
    let cached_role =
        profile.and_then(|p| Some((cache::role_cache_key(p)?, cache::cache_dir(env)?)));
    let mut cache_usable = true;
    if let Some((key, dir)) = &cached_role {
        if let Some(creds) = from_role_cache(dir, key, warnings, &mut cache_usable)? {
            return Ok(creds);
        }
        if profile.is_some_and(|p| p.contains_key("mfa_serial")) {
            return Err(CredsError::MfaRequired { profile: name });
        }
    }
    if let Some((login_profile, detail)) =
        profile.and_then(|_| expired_legacy_sso_token(&name, &profiles, env))
    {
        return Err(CredsError::SsoLogin {
            profile: name,
            login_profile,
            detail,
        });
    }

    let provider = provider(&files, &name, origin, region);
    let creds = provide(&provider, &files, &profiles, name, origin)?;
    if let Some((key, dir)) = &cached_role
        && cache_usable
    {
        // A cache that cannot be written only costs an STS call next time.
        let _ = cache::store(dir, key, &creds);
    }
    Ok(creds)
}

/// The profile to sign with: `None` when the environment's keys win (no `--profile`) or the
/// default profile is not defined (the rest of the chain may still answer); an error when a
/// named profile is not defined.
fn chosen_profile<'p>(
    files: &AwsFiles,
    profiles: &'p Profiles,
    name: &str,
    origin: ProfileOrigin,
    env: &Env,
) -> Result<Option<&'p HashMap<String, String>>, CredsError> {
    let env_keys_win = origin != ProfileOrigin::Flag
        && env.var("AWS_ACCESS_KEY_ID").is_some()
        && env.var("AWS_SECRET_ACCESS_KEY").is_some();
    if env_keys_win {
        return Ok(None);
    }
    let profile = profiles.get(name);
    if profile.is_none() && origin != ProfileOrigin::Default {
        let unquoted_header = files.config.text.as_deref().is_some_and(|t| {
            t.lines()
                .any(|l| l.trim() == format!("[profile {name}]") && name.contains(' '))
        });
        return Err(CredsError::ProfileNotFound {
            profile: name.to_owned(),
            origin,
            files: files.paths().map(PathBuf::from),
            unquoted_header,
        });
    }
    Ok(profile)
}

/// A session from the assume-role cache, if a usable one is there. An unsafe cache is skipped
/// with a warning, and is not written either when its directory is the problem.
fn from_role_cache(
    dir: &std::path::Path,
    key: &str,
    warnings: &mut Vec<String>,
    cache_usable: &mut bool,
) -> Result<Option<Credentials>, CredsError> {
    match cache::lookup(dir, key, SystemTime::now()) {
        cache::Lookup::Hit(creds, path) => {
            check_printable(
                &creds,
                &format!("the assume-role cache file {}", path.display()),
            )?;
            Ok(Some(creds))
        }
        cache::Lookup::Miss => Ok(None),
        cache::Lookup::Unsafe(warning) => {
            *cache_usable = cache::dir_problem(dir).is_none();
            warnings.push(warning);
            Ok(None)
        }
    }
}

/// aws-config's provider for the profile: that profile only with `--profile`, else the
/// default chain (environment, profile, web identity, ECS, EC2), its region pinned.
fn provider(
    files: &AwsFiles,
    name: &str,
    origin: ProfileOrigin,
    region: &str,
) -> SharedCredentialsProvider {
    let (config_text, credentials_text) = files.sdk_texts();
    let profile_files = ProfileFiles::builder()
        .with_contents(ProfileFileKind::Config, config_text)
        .with_contents(ProfileFileKind::Credentials, credentials_text)
        .build();
    let provider_config =
        ProviderConfig::default().with_region(Some(Region::new(region.to_owned())));
    let profile_provider = ProfileFileCredentialsProvider::builder()
        .configure(&provider_config)
        .profile_files(profile_files)
        .profile_name(sdk_profile_name(name))
        .build();
    if origin == ProfileOrigin::Flag {
        return SharedCredentialsProvider::new(profile_provider);
    }
    use aws_config::{ecs, environment, imds, web_identity_token};
    SharedCredentialsProvider::new(
        CredentialsProviderChain::first_try(
            "Environment",
            environment::EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else("Profile", profile_provider)
        .or_else(
            "WebIdentityToken",
            web_identity_token::WebIdentityTokenCredentialsProvider::builder()
                .configure(&provider_config)
                .build(),
        )
        .or_else(
            "EcsContainer",
            ecs::EcsCredentialsProvider::builder()
                .configure(&provider_config)
                .build(),
        )
        .or_else(
            "Ec2InstanceMetadata",
            imds::credentials::ImdsCredentialsProvider::builder()
                .configure(&provider_config)
                .build(),
        ),
    )
}

/// Runs the provider (within [`RESOLVE_TIMEOUT`]) and freezes its answer, or says why it
/// failed in the user's terms.
fn provide(
    provider: &SharedCredentialsProvider,
    files: &AwsFiles,
    profiles: &Profiles,
    name: String,
    origin: ProfileOrigin,
) -> Result<Credentials, CredsError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CredsError::Runtime)?;
    let outcome = runtime.block_on(async {
        tokio::time::timeout(RESOLVE_TIMEOUT, provider.provide_credentials()).await
    });
    match outcome {
        Err(_) => Err(match sso_profile(&name, profiles) {
            Some(login_profile) => CredsError::SsoLogin {
                login_profile,
                profile: name,
                detail: format!(
                    "no answer from AWS SSO within {} s",
                    RESOLVE_TIMEOUT.as_secs()
                ),
            },
            None => CredsError::TimedOut,
        }),
        Ok(Err(err)) => {
            let detail = mask(&unalias(&error_chain(&err)), &files.secrets());
            let paths = files.paths().map(PathBuf::from);
            Err(classify_failure(name, origin, profiles, detail, paths))
        }
        Ok(Ok(creds)) => frozen(&creds, &name),
    }
}

/// The SDK's credentials as one immutable value, refused when a printed part would break
/// git's protocol.
fn frozen(
    sdk_creds: &aws_credential_types::Credentials,
    name: &str,
) -> Result<Credentials, CredsError> {
    let creds = Credentials {
        access_key_id: sdk_creds.access_key_id().to_owned(),
        secret_access_key: sdk_creds.secret_access_key().to_owned(),
        session_token: sdk_creds.session_token().map(str::to_owned),
        expiry: sdk_creds.expiry(),
    };
    check_printable(&creds, &sdk_origin(sdk_creds, name))?;
    Ok(creds)
}

fn classify_failure(
    name: String,
    origin: ProfileOrigin,
    profiles: &Profiles,
    detail: String,
    files: [PathBuf; 2],
) -> CredsError {
    if let Some(login_profile) = sso_profile(&name, profiles) {
        return CredsError::SsoLogin {
            profile: name,
            login_profile,
            detail,
        };
    }
    // a profile with settings but no credential source (only a region, say): say so, not
    // what the last provider of the chain (instance metadata) answered
    if let Some(p) = profiles.get(&name) {
        const SOURCES: [&str; 9] = [
            "aws_access_key_id",
            "aws_secret_access_key",
            "role_arn",
            "credential_source",
            "credential_process",
            "web_identity_token_file",
            "sso_session",
            "sso_start_url",
            "login_session",
        ];
        if !p
            .keys()
            .any(|k| SOURCES.contains(&k.as_str()) || k.starts_with("sso_"))
        {
            let mut keys: Vec<String> = p.keys().map(|k| format!("`{k}`")).collect();
            keys.sort();
            if keys.is_empty() {
                keys.push("nothing".into());
            }
            return CredsError::ProfileWithoutCredentials {
                profile: name,
                keys,
            };
        }
    }
    if origin != ProfileOrigin::Flag && !profiles.contains_key(&name) {
        return CredsError::NoCredentials {
            profile: name,
            files,
            detail,
        };
    }
    CredsError::Profile {
        profile: name,
        detail,
    }
}

/// The profile with the SSO settings when `name`, or a `source_profile` it leads to,
/// gets credentials from SSO.
fn sso_profile(name: &str, profiles: &HashMap<String, HashMap<String, String>>) -> Option<String> {
    let mut current = name;
    for _ in 0..16 {
        let profile = profiles.get(current)?;
        if ["sso_session", "sso_start_url", "sso_account_id"]
            .iter()
            .any(|k| profile.contains_key(*k))
        {
            return Some(current.to_owned());
        }
        match profile.get("source_profile") {
            Some(next) if next != current => current = next,
            _ => return None,
        }
    }
    None
}

/// For a legacy SSO profile (`sso_start_url` without `sso_session`, directly or via
/// `source_profile`): why its cached token is unusable, if it is. The SDK would send an
/// expired legacy token to the SSO portal anyway; botocore refuses it locally, and so
/// does this, so an expired session costs no network round trip.
fn expired_legacy_sso_token(
    name: &str,
    profiles: &HashMap<String, HashMap<String, String>>,
    env: &Env,
) -> Option<(String, String)> {
    let mut current = name;
    for _ in 0..16 {
        let profile = profiles.get(current)?;
        if profile.contains_key("sso_session") {
            return None;
        }
        if let Some(start_url) = profile.get("sso_start_url") {
            let file = cache::sso_token_file(env, start_url)?;
            let Some(text) = crate::base::trust::read_optional(&file)
                .ok()
                .flatten()
                .and_then(|b| String::from_utf8(b).ok())
            else {
                return Some((
                    current.to_owned(),
                    format!("no cached SSO token in {}", file.display()),
                ));
            };
            let expires = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| {
                    v.get("expiresAt")?
                        .as_str()
                        .and_then(cache::parse_expiration)
                });
            let problem = match expires {
                Some(at) if at > SystemTime::now() => return None,
                Some(_) => format!("the cached SSO token in {} has expired", file.display()),
                None => format!("{} holds no valid SSO token", file.display()),
            };
            return Some((current.to_owned(), problem));
        }
        match profile.get("source_profile") {
            Some(next) if next != current => current = next,
            _ => return None,
        }
    }
    None
}

/// An error and its sources, `a: b: c`, without repeats.
pub(crate) fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let text = without_process_stderr(&e.to_string());
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// A `credential_process` that fails has its stderr quoted in the SDK's error; a process may
/// print anything there (its secrets included), so only its length is kept.
fn without_process_stderr(text: &str) -> String {
    match text.find("Stderr: ") {
        Some(i) => {
            let rest = &text[i + "Stderr: ".len()..];
            format!(
                "{}stderr: {} bytes, not shown (run the credential_process yourself to see it)",
                &text[..i],
                rest.len()
            )
        }
        None => text.to_owned(),
    }
}

fn mask(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |acc, secret| {
        acc.replace(secret.as_str(), "****")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_carries_the_session_token() {
        let mut creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: "s".into(),
            session_token: Some("tok/+=".into()),
            expiry: None,
        };
        assert_eq!(creds.username(), "ASIAX%tok/+=");
        creds.session_token = None;
        assert_eq!(creds.username(), "ASIAX");
        assert!(!format!("{creds:?}").contains("\"s\""));
    }

    #[test]
    fn sso_is_found_through_source_profiles() {
        let mut profiles: HashMap<String, HashMap<String, String>> = HashMap::new();
        profiles.insert(
            "sso".into(),
            [("sso_session".to_owned(), "corp".to_owned())].into(),
        );
        profiles.insert(
            "role".into(),
            [("source_profile".to_owned(), "sso".to_owned())].into(),
        );
        profiles.insert(
            "loop".into(),
            [("source_profile".to_owned(), "loop2".to_owned())].into(),
        );
        profiles.insert(
            "loop2".into(),
            [("source_profile".to_owned(), "loop".to_owned())].into(),
        );
        assert_eq!(sso_profile("role", &profiles).as_deref(), Some("sso"));
        assert_eq!(sso_profile("sso", &profiles).as_deref(), Some("sso"));
        assert_eq!(sso_profile("loop", &profiles), None);
        assert_eq!(sso_profile("missing", &profiles), None);
    }

    #[test]
    fn missing_profile_fails_before_any_provider_runs() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap().to_owned();
        let env = Env::new([("HOME".to_owned(), home)], dir.path());
        let err = resolve(Some("nope"), "us-east-1", &env, &mut Vec::new()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("`nope`") && message.contains("--profile"),
            "{message}"
        );
        assert!(
            message.contains(".aws/config") && message.contains(".aws/credentials"),
            "{message}"
        );
        assert!(err.hint().unwrap().contains("aws configure --profile nope"));
    }

    #[test]
    fn masking_hides_file_secrets() {
        assert_eq!(
            mask("bad key s3cr3t here", &["s3cr3t".to_owned()]),
            "bad key **** here"
        );
    }
}
