//! `check --online`: asks AWS and git whether this machine's setup really works — as a person
//! would check it by hand with `aws sts get-caller-identity` and `git ls-remote` — and returns
//! what they answered ([`OnlineResults`]), which `check` passes to the rules beside the model
//! (CC501–CC505 read it). Rules never do I/O; this module is the only part of `check` that
//! touches the network, and it runs only with `--online`.
//!
//! Steps, in order, within one overall [`DEADLINE`]:
//! 1. credentials ([`sts`]): for each profile a CodeCommit helper uses (the default chain
//!    where it names none), the helper's own credential chain ([`AwsChain`]) resolves the
//!    credentials, and STS `GetCallerIdentity` says whether AWS accepts them;
//! 2. repository ([`repository`]): for each CodeCommit remote, CodeCommit `GetRepository`
//!    in the remote's region, with the credentials of the helper that answers for it;
//! 3. git ([`git`]): `git ls-remote` for each CodeCommit remote, through the helper chain git
//!    really uses, without prompting, with a timeout.
//!
//! The SDK clients are built on the same aws-config as the helper, so `AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_CODECOMMIT` and a profile's `endpoint_url` (or
//! `services` section) point them elsewhere, e.g. at a local emulator.

pub mod git;
pub mod repository;
pub mod sts;

use std::time::{Duration, Instant};

use crate::awscreds::creds::{AwsChain, CredentialSource, Credentials};
use crate::model::context::{Context, TargetOrigin};
use crate::model::discover::EntryRef;

/// The whole online step never takes longer than this.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// One AWS API call, retries included.
pub const API_TIMEOUT: Duration = Duration::from_secs(15);
/// Connecting to an AWS API endpoint.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// One `git ls-remote`.
pub const GIT_TIMEOUT: Duration = Duration::from_secs(20);

/// What AWS and git answered. Indexes refer to the [`Context`] the results were made for.
#[derive(Debug, Clone, Default)]
pub struct OnlineResults {
    pub identities: Vec<IdentityCheck>,
    pub remotes: Vec<RemoteCheck>,
    /// `git ls-remote` of each git-remote-codecommit remote (index into
    /// `Context::remotes`): no credential helper or API step, the remote helper signs.
    pub grc: Vec<(usize, git::GitOutcome)>,
}

/// Step 1 for one profile.
#[derive(Debug, Clone)]
pub struct IdentityCheck {
    /// The profile the helper names; `None` for the default chain.
    pub profile: Option<String>,
    /// The helper entry that names it (the first one), if a CodeCommit helper applies.
    pub helper: Option<EntryRef>,
    /// The region the credentials were resolved and STS was asked in.
    pub region: String,
    pub outcome: IdentityOutcome,
}

#[derive(Debug, Clone)]
pub enum IdentityOutcome {
    Accepted {
        arn: String,
        account: String,
    },
    /// The helper's credential chain found no usable credentials (unknown profile, expired
    /// SSO session, failing `credential_process`, …): AWS was not asked.
    NoCredentials {
        message: String,
        hint: Option<String>,
    },
    /// STS refused the credentials.
    Rejected {
        code: String,
        message: String,
    },
    Unreachable {
        message: String,
    },
    /// Any other answer.
    Failed {
        message: String,
    },
    Skipped {
        why: String,
    },
}

/// Steps 2 and 3 for one CodeCommit remote.
#[derive(Debug, Clone)]
pub struct RemoteCheck {
    /// Index into `Context::remotes`.
    pub remote: usize,
    /// Index into `OnlineResults::identities`.
    pub identity: usize,
    pub region: String,
    /// The repository name in the URL, when it names one.
    pub repository: Option<String>,
    pub api: ApiOutcome,
    pub git: git::GitOutcome,
}

#[derive(Debug, Clone)]
pub enum ApiOutcome {
    Found {
        arn: String,
    },
    NotFound {
        message: String,
    },
    /// The principal may not read the repository (IAM deny or missing allow, KMS).
    Denied {
        code: String,
        message: String,
    },
    /// CodeCommit refused the credentials that STS accepted (e.g. a region not enabled).
    Rejected {
        code: String,
        message: String,
    },
    Unreachable {
        message: String,
    },
    Failed {
        message: String,
    },
    Skipped {
        why: String,
    },
}

impl OnlineResults {
    pub fn identity_of(&self, check: &RemoteCheck) -> &IdentityCheck {
        &self.identities[check.identity]
    }

    /// What the reports show besides findings: every step's answer, remotes named.
    pub fn summary(&self, cx: &Context) -> Summary {
        let name = |remote: usize| cx.remotes[remote].name.clone();
        Summary {
            identities: self.identities.clone(),
            remotes: self
                .remotes
                .iter()
                .map(|rc| (name(rc.remote), rc.clone()))
                .collect(),
            grc: self
                .grc
                .iter()
                .map(|(remote, outcome)| (name(*remote), outcome.clone()))
                .collect(),
        }
    }
}

/// The online part of a report: what each step answered, with the names of the remotes
/// (the [`Context`] is not kept).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub identities: Vec<IdentityCheck>,
    /// Steps 2 and 3 for each CodeCommit remote, by remote name.
    pub remotes: Vec<(String, RemoteCheck)>,
    /// `git ls-remote` of each git-remote-codecommit remote, by remote name.
    pub grc: Vec<(String, git::GitOutcome)>,
}

/// `profile `dev`` or `the default credential chain`.
pub fn describe_profile(profile: Option<&str>) -> String {
    match profile {
        Some(p) => format!("profile `{p}`"),
        None => "the default credential chain".to_owned(),
    }
}

/// A CodeCommit URL (a remote's, or a helper scope's when `remote` is `None`) and the
/// profile its helper signs with.
struct Wanted {
    remote: Option<usize>,
    profile: Option<String>,
    helper: Option<EntryRef>,
    region: String,
}

/// Runs the online steps for the model `cx`, with the helper's real credential chain.
pub fn run(cx: &Context) -> OnlineResults {
    run_with(cx, &AwsChain::new(&cx.env))
}

/// [`run`] with the credential source injected.
pub fn run_with(cx: &Context, source: &dyn CredentialSource) -> OnlineResults {
    let started = Instant::now();
    let left = || DEADLINE.saturating_sub(started.elapsed());
    let wanted = wanted(cx);
    let mut results = OnlineResults::default();
    let creds = identities(cx, source, &wanted, &mut results, &left);
    for w in &wanted {
        let Some(remote) = w.remote else { continue };
        let identity = results
            .identities
            .iter()
            .position(|i| i.profile == w.profile)
            .expect("every wanted profile has an identity check");
        let api = api_check(
            cx,
            w,
            remote,
            &results.identities[identity],
            creds[identity].as_ref(),
            &left,
        );
        let repository = crate::parse::endpoint::repository_name(&remote_url(cx, remote).path);
        results.remotes.push(RemoteCheck {
            remote,
            identity,
            region: w.region.clone(),
            repository,
            api,
            git: git_check(cx, remote, &left),
        });
    }
    // git-remote-codecommit remotes sign by themselves: only git is asked
    for (remote, parsed) in crate::model::grc::remotes(cx) {
        if parsed.is_ok() {
            let outcome = if left().is_zero() {
                git::GitOutcome::Skipped {
                    why: deadline_passed(),
                }
            } else {
                git::ls_remote(cx, remote, GIT_TIMEOUT.min(left()))
            };
            results.grc.push((remote, outcome));
        }
    }
    results
}

/// Which profile each CodeCommit remote's helper uses, and each helper scope's; remotes
/// first, so that a profile's region is the region of a remote that uses it. The default
/// chain in the default region when there is neither.
fn wanted(cx: &Context) -> Vec<Wanted> {
    let mut wanted: Vec<Wanted> = Vec::new();
    for res in &cx.resolutions {
        let step = res.codecommit_helper();
        // as the helper signs: `--profile`, or a profile assigned on its line
        let profile = step
            .and_then(|s| s.helper.as_ref())
            .and_then(|h| cx.helper_named_profile(h));
        let remote = match res.origin {
            TargetOrigin::Remote(i) => Some(i),
            TargetOrigin::Generic(_) => None,
        };
        if remote.is_none() && step.is_none() {
            continue;
        }
        let region = crate::parse::endpoint::parse_host(&res.url.host)
            .map(|h| h.region)
            .unwrap_or_else(|| "us-east-1".to_owned());
        wanted.push(Wanted {
            remote,
            profile,
            helper: step.map(|s| s.entry),
            region,
        });
    }
    if wanted.is_empty() {
        wanted.push(Wanted {
            remote: None,
            profile: None,
            helper: None,
            region: default_region(cx),
        });
    }
    wanted
}

/// Step 1, once per profile: pushes each identity check on `results`, and returns the
/// credentials each resolved to, in the same order.
fn identities(
    cx: &Context,
    source: &dyn CredentialSource,
    wanted: &[Wanted],
    results: &mut OnlineResults,
    left: &dyn Fn() -> Duration,
) -> Vec<Option<Credentials>> {
    let mut creds: Vec<Option<Credentials>> = Vec::new();
    for w in wanted {
        if results.identities.iter().any(|i| i.profile == w.profile) {
            continue;
        }
        let (outcome, resolved) = if left().is_zero() {
            (skipped_deadline_identity(), None)
        } else {
            sts::check(cx, source, w.profile.as_deref(), &w.region, left())
        };
        results.identities.push(IdentityCheck {
            profile: w.profile.clone(),
            helper: w.helper,
            region: w.region.clone(),
            outcome,
        });
        creds.push(resolved);
    }
    creds
}

fn remote_url(cx: &Context, remote: usize) -> &crate::parse::urlmatch::Url {
    cx.remotes[remote]
        .parsed
        .as_ref()
        .expect("CodeCommit remotes parse")
}

/// Step 2 for one remote: CodeCommit `GetRepository`, unless the URL names no repository,
/// AWS accepted no credentials, or the deadline passed.
fn api_check(
    cx: &Context,
    w: &Wanted,
    remote: usize,
    identity: &IdentityCheck,
    creds: Option<&Credentials>,
    left: &dyn Fn() -> Duration,
) -> ApiOutcome {
    let url = remote_url(cx, remote);
    let repository = crate::parse::endpoint::repository_name(&url.path);
    let host = crate::parse::endpoint::parse_host(&url.host);
    match (&repository, creds, &identity.outcome) {
        (None, _, _) => ApiOutcome::Skipped {
            why: "the URL names no repository (`/v1/repos/<name>`)".to_owned(),
        },
        (_, None, _) | (_, _, IdentityOutcome::Rejected { .. }) => ApiOutcome::Skipped {
            why: format!(
                "no credentials AWS accepts for {}",
                describe_profile(w.profile.as_deref())
            ),
        },
        _ if left().is_zero() => ApiOutcome::Skipped {
            why: deadline_passed(),
        },
        (Some(name), Some(c), _) => repository::check(
            cx,
            c,
            w.profile.as_deref(),
            &w.region,
            host.as_ref().is_some_and(|h| {
                matches!(
                    h.endpoint,
                    crate::parse::endpoint::Endpoint::Fips
                        | crate::parse::endpoint::Endpoint::VpcEndpointFips
                )
            }),
            name,
            left(),
        ),
    }
}

/// Step 3 for one remote: `git ls-remote` through the helpers git runs. git would run the
/// helpers the repository's own config names: cc-lint runs nothing a repository names
/// (issue 11), so it does not ask git then.
fn git_check(cx: &Context, remote: usize, left: &dyn Fn() -> Duration) -> git::GitOutcome {
    let repository_helper = cx
        .resolution_of_remote(remote)
        .into_iter()
        .flat_map(|r| r.steps.iter())
        .find(|s| s.helper.is_some() && cx.git.file(s.entry).scope.is_repository())
        .and_then(|s| s.helper.as_ref());
    if let Some(h) = repository_helper {
        git::GitOutcome::Skipped {
            why: format!(
                "not run: git would run `{}`, a helper the repository's own config names, and cc-lint runs nothing a repository names",
                crate::base::redact::mask_message(&h.value)
            ),
        }
    } else if left().is_zero() {
        git::GitOutcome::Skipped {
            why: deadline_passed(),
        }
    } else {
        git::ls_remote(cx, remote, GIT_TIMEOUT.min(left()))
    }
}

fn deadline_passed() -> String {
    format!(
        "the online check's {} s deadline passed",
        DEADLINE.as_secs()
    )
}

fn skipped_deadline_identity() -> IdentityOutcome {
    IdentityOutcome::Skipped {
        why: deadline_passed(),
    }
}

/// The region when no CodeCommit URL names one: `AWS_REGION`, `AWS_DEFAULT_REGION`, else
/// `us-east-1`.
fn default_region(cx: &Context) -> String {
    cx.env
        .var("AWS_REGION")
        .or_else(|| cx.env.var("AWS_DEFAULT_REGION"))
        .unwrap_or("us-east-1")
        .to_owned()
}

/// An SDK configuration on the helper's aws-config: the given credentials and region, the
/// user's endpoint settings for the profile, bounded timeouts and few retries.
pub(crate) async fn sdk_config(
    cx: &Context,
    credentials: &Credentials,
    profile: Option<&str>,
    region: &str,
    fips: bool,
    budget: Duration,
) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;
    let sdk_credentials = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.clone(),
        credentials.session_token.clone(),
        credentials.expiry,
        "cc-lint credential chain",
    );
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_timeout(API_TIMEOUT.min(budget))
        .build();
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_owned()))
        .credentials_provider(sdk_credentials)
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(2));
    if fips {
        loader = loader.use_fips(true);
    }
    // The profile's `endpoint_url` / `services` section: read the files the helper reads,
    // with profile names the SDK rejects renamed as the helper renames them.
    if let Ok(files) = crate::awscreds::awsfiles::AwsFiles::load(&cx.env) {
        use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
        let (config, credentials) = files.sdk_texts();
        let (config, credentials) = (
            without_empty_endpoint_urls(&config),
            without_empty_endpoint_urls(&credentials),
        );
        loader = loader.profile_files(
            EnvConfigFiles::builder()
                .with_contents(EnvConfigFileKind::Config, config)
                .with_contents(EnvConfigFileKind::Credentials, credentials)
                .build(),
        );
        let (name, _) = crate::awscreds::profile::choose_profile(profile, |_| None, &cx.env);
        loader = loader.profile_name(crate::awscreds::awsfiles::sdk_profile_name(&name));
    }
    loader.load().await
}

/// The AWS SDK panics on an endpoint variable that is set but empty: such a setting is
/// reported instead of calling. `service` is `STS` or `CODECOMMIT`.
pub(crate) fn empty_endpoint_setting(cx: &Context, service: &str) -> Option<String> {
    let specific = format!("AWS_ENDPOINT_URL_{service}");
    ["AWS_ENDPOINT_URL", specific.as_str()]
        .into_iter()
        .find(|v| cx.env.is_set(v) && cx.env.var(v).is_none_or(|x| x.trim().is_empty()))
        .map(|v| {
            format!(
                "`{v}` is set but empty, which the AWS SDK cannot use: unset it or give it a URL"
            )
        })
}

/// The AWS SDK panics on an empty `endpoint_url` in a profile or a `services` section too:
/// such lines are left out of what it reads (the endpoint is then the default one).
fn without_empty_endpoint_urls(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|line| {
            let Some((key, value)) = line.split_once('=') else {
                return true;
            };
            !(key.trim().eq_ignore_ascii_case("endpoint_url") && value.trim().is_empty())
        })
        .collect()
}

/// How an AWS API call failed, independent of the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CallError {
    /// The service answered with an error: HTTP status, error code and message.
    Service {
        status: u16,
        code: String,
        message: String,
    },
    /// No answer: DNS, TCP, TLS, proxy, or a timeout.
    Unreachable(String),
    Other(String),
}

/// Error codes that mean "these credentials are not valid", across AWS protocols.
pub(crate) const CREDENTIAL_ERRORS: [&str; 11] = [
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "IncompleteSignature",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidAccessKeyId",
    "AuthFailure",
    "MissingAuthenticationToken",
];

pub(crate) fn classify<E>(
    err: aws_sdk_sts::error::SdkError<E, aws_sdk_sts::config::http::HttpResponse>,
) -> CallError
where
    E: aws_sdk_sts::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    use aws_sdk_sts::error::SdkError;
    match err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            from_response(
                service.raw(),
                e.code().map(str::to_owned),
                e.message().map(str::to_owned),
            )
        }
        // An error body in another protocol than the service's (an emulator answering a JSON
        // service with an XML error, a proxy's page) does not parse: read the body.
        SdkError::ResponseError(response) if response.raw().status().as_u16() >= 400 => {
            from_response(response.raw(), None, None)
        }
        SdkError::TimeoutError(_) => CallError::Unreachable("no answer in time".to_owned()),
        SdkError::DispatchFailure(d) => CallError::Unreachable(match d.as_connector_error() {
            Some(e) => crate::awscreds::creds::error_chain(e),
            None => format!("{d:?}"),
        }),
        other => CallError::Other(crate::awscreds::creds::error_chain(&other)),
    }
}

/// A service error from the response and whatever the SDK parsed; the code and message are
/// read from the body when the SDK found none.
fn from_response(
    raw: &aws_sdk_sts::config::http::HttpResponse,
    code: Option<String>,
    message: Option<String>,
) -> CallError {
    let status = raw.status().as_u16();
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let code = code
        .or_else(|| xml_tag(&body, "Code"))
        .or_else(|| json_error_type(&body))
        .unwrap_or_else(|| format!("HTTP {status}"));
    let message = message
        .filter(|m| !m.trim_start().starts_with('<'))
        .or_else(|| xml_tag(&body, "Message"))
        .unwrap_or_default();
    CallError::Service {
        status,
        code,
        message,
    }
}

fn xml_tag(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(body[start..end].trim().to_owned()).filter(|s| !s.is_empty())
}

fn json_error_type(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let t = v.get("__type").or_else(|| v.get("code"))?.as_str()?;
    Some(t.rsplit('#').next().unwrap_or(t).to_owned())
}

/// A current-thread runtime for one online call.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_endpoint_urls_are_left_out() {
        let text = "[default]\nendpoint_url =\nregion = x\n[services s]\nsts =\n  endpoint_url =  \n  other = y\n";
        assert_eq!(
            without_empty_endpoint_urls(text),
            "[default]\nregion = x\n[services s]\nsts =\n  other = y\n"
        );
        let kept = "[default]\nendpoint_url = http://127.0.0.1:1\n";
        assert_eq!(without_empty_endpoint_urls(kept), kept);
    }

    #[test]
    fn reads_error_codes_from_foreign_bodies() {
        let xml = "<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error></Errors></ErrorResponse>";
        assert_eq!(xml_tag(xml, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(
            xml_tag(xml, "Message").as_deref(),
            Some("User: x is not authorized")
        );
        assert_eq!(xml_tag("<Code></Code>", "Code"), None);
        assert_eq!(
            json_error_type(r#"{"__type":"com.amazon#AccessDeniedException","message":"m"}"#)
                .as_deref(),
            Some("AccessDeniedException")
        );
        assert_eq!(json_error_type("not json"), None);
    }
}
