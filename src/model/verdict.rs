//! The verdict for one CodeCommit URL: walking the helper list git builds, in order, which
//! helper answers first and with what — a fresh signature, a stored (stale) password, or
//! nothing — and why each CodeCommit helper before it fails. `git credential fill` asks the
//! helpers in order; a helper that fails (exits non-zero, prints nothing) passes the turn to
//! the next, the first user name and password end the walk.

use crate::awscreds::profile::ProfileOrigin;
use crate::model::context::{Context, Resolution};
use crate::model::discover::EntryRef;
use crate::parse::awsconfig::{
    CredentialSourceKind, Profile, RoleSource, credential_source_kind, sso_problem,
};
use crate::parse::helper_value::{Helper, HelperKind};

/// What git ends up with for the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A CodeCommit helper signs a fresh password with the repository path. `profile` is
    /// `None` for third-party helpers (their profile choice is not modelled).
    Fresh {
        entry: EntryRef,
        profile: Option<(String, ProfileOrigin)>,
        /// Only where an instance or container role supplies credentials (EC2, ECS, …).
        needs_instance_role: bool,
    },
    /// A credential store answers with what it stored: CodeCommit passwords expire after
    /// about 15 minutes, so from then on a stale one (403).
    Stored { entry: EntryRef, name: &'static str },
    /// `store` answers with static HTTPS Git credentials IAM generated (`name-at-<account>`):
    /// long-lived, so they work until revoked.
    StaticGitCredentials { entry: EntryRef },
    /// No helper answers: git prompts for a user name and password (fails without a terminal).
    Nothing,
}

/// Why a CodeCommit helper git runs gives no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Its program is not on PATH (or not executable) — known only when probes ran.
    ProgramMissing(String),
    /// The value meant the CodeCommit helper but git runs something else (lost or escaped
    /// `!`, literal quotes, an argument emptied or split by the shell).
    Damaged,
    /// The profile it signs with is not in the AWS files.
    ProfileMissing(String),
    /// The profile (or the default chain) supplies no credentials.
    NoCredentials(String),
    /// git does not send the repository path (`UseHttpPath` off): the AWS helper fails.
    NoPath,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub answer: Answer,
    /// CodeCommit helpers git runs before the answer that fail, with why, in order.
    pub failed: Vec<(EntryRef, Failure)>,
    /// A CodeCommit helper configured for this URL that a later empty `helper =` cleared:
    /// `(reset, helper)`.
    pub cleared: Option<(EntryRef, EntryRef)>,
}

impl Verdict {
    /// Whether git gets credentials CodeCommit accepts: a fresh signature (or static HTTPS
    /// Git credentials, which do not expire).
    pub fn is_fresh(&self) -> bool {
        matches!(
            self.answer,
            Answer::Fresh { .. } | Answer::StaticGitCredentials { .. }
        )
    }

    /// One line for people: what git gets.
    pub fn describe(&self, cx: &Context) -> String {
        match &self.answer {
            Answer::Fresh {
                profile,
                needs_instance_role,
                ..
            } => {
                let who = match profile {
                    Some((p, _)) => format!("profile `{p}`"),
                    None => "a third-party CodeCommit helper".to_owned(),
                };
                let role = if *needs_instance_role {
                    " (only where an instance or container role supplies the default credentials)"
                } else {
                    ""
                };
                format!("a fresh signature from {who}, with the repository path{role}")
            }
            Answer::StaticGitCredentials { entry } => format!(
                "static HTTPS Git credentials from `store` ({}), which work until they are revoked",
                cx.describe(*entry)
            ),
            Answer::Stored { name, entry } => format!(
                "a password stored by `{name}` ({}), stale after 15 minutes",
                cx.describe(*entry)
            ),
            Answer::Nothing => {
                let mut s = "nothing: git prompts for a user name and password".to_owned();
                if let Some((reset, _)) = self.cleared {
                    s.push_str(&format!(
                        " (the CodeCommit helper is cleared by the empty `helper =` at {})",
                        cx.describe(reset)
                    ));
                }
                s
            }
        }
    }

    /// Why each failing CodeCommit helper fails, for people.
    pub fn failures(&self, cx: &Context) -> Vec<String> {
        self.failed
            .iter()
            .map(|(r, f)| {
                let why = match f {
                    Failure::ProgramMissing(p) => format!("its program `{p}` cannot be found"),
                    Failure::Damaged => "git cannot run it as the CodeCommit helper".to_owned(),
                    Failure::ProfileMissing(p) => format!("profile `{p}` does not exist"),
                    Failure::NoCredentials(p) => {
                        match cx
                            .aws
                            .profiles
                            .get(p)
                            .and_then(|pr| credential_problem(cx, pr))
                        {
                            Some(why) => format!("profile `{p}` gives no credentials: {why}"),
                            None => format!("profile `{p}` has no credentials"),
                        }
                    }
                    Failure::NoPath => "git sends it no repository path (UseHttpPath)".to_owned(),
                };
                format!("{} fails: {why}", cx.describe(*r))
            })
            .collect()
    }
}

/// Walks the helpers git runs for `res`.
pub fn verdict(cx: &Context, res: &Resolution) -> Verdict {
    let mut failed = Vec::new();
    let path_on = res
        .use_http_path
        .is_some_and(|r| cx.entry(r).as_bool() == Some(true));
    let mut answer = Answer::Nothing;
    for step in res.helpers() {
        let Some(h) = &step.helper else { continue };
        match &h.kind {
            HelperKind::Storage(name) => {
                // credential-store matches the host, and the path when git sends one
                let static_creds = *name == "store"
                    && cx.git_credentials.iter().flat_map(|f| &f.entries).any(|e| {
                        e.is_static_git_credential()
                            && e.url.as_ref().is_some_and(|u| {
                                u.host == res.url.host
                                    && (!path_on
                                        || u.path.trim_matches('/')
                                            == res.url.path.trim_matches('/'))
                            })
                    });
                answer = if static_creds {
                    Answer::StaticGitCredentials { entry: step.entry }
                } else {
                    Answer::Stored {
                        entry: step.entry,
                        name,
                    }
                };
                break;
            }
            HelperKind::Other if h.is_damaged_codecommit() => {
                failed.push((step.entry, Failure::Damaged));
            }
            HelperKind::Other => {}
            HelperKind::ThirdParty | HelperKind::AwsCli | HelperKind::CcLint => {
                match signer_failure(cx, h, path_on) {
                    Some(f) => failed.push((step.entry, f)),
                    None => {
                        let profile = h.is_codecommit().then(|| cx.helper_profile(h));
                        let needs_instance_role = profile
                            .as_ref()
                            .is_some_and(|(p, from)| relies_on_instance_role(cx, h, p, *from));
                        answer = Answer::Fresh {
                            entry: step.entry,
                            profile,
                            needs_instance_role,
                        };
                        break;
                    }
                }
            }
        }
    }
    let cleared = cleared_codecommit_helper(res);
    Verdict {
        answer,
        failed,
        cleared,
    }
}

/// Why a signing helper gives no usable answer, if it does not.
fn signer_failure(cx: &Context, h: &Helper, path_on: bool) -> Option<Failure> {
    if let Some(program) = h.lookup_program()
        && matches!(cx.probes.programs.get(&program), Some(None))
    {
        return Some(Failure::ProgramMissing(program));
    }
    // words the program does not expect (a split profile name, an expanded `$@`): the AWS
    // CLI's argument parser, and cc-lint's, refuse them
    if h.is_codecommit() && !h.stray.is_empty() {
        return Some(Failure::Damaged);
    }
    if h.is_codecommit() && cx.aws.readable_by_aws_cli() {
        let (name, from) = cx.helper_profile(h);
        match cx.aws.profiles.get(&name) {
            None if from != ProfileOrigin::Default => return Some(Failure::ProfileMissing(name)),
            _ if !supplies_credentials(cx, h, &name, from) => {
                return Some(Failure::NoCredentials(name));
            }
            _ => {}
        }
    }
    if !path_on {
        return Some(Failure::NoPath);
    }
    None
}

/// The environment the helper's program sees: the variables assigned on the helper line,
/// else the process's.
fn helper_env<'a>(cx: &'a Context, h: &'a Helper, name: &str) -> Option<&'a str> {
    h.assigned(name)
        .or_else(|| cx.env.var(name))
        .filter(|v| !v.is_empty())
}

/// Whether the credential chain the helper's AWS SDK walks finds credentials for
/// `profile`: explicitly (the files or the environment), or — on a machine that looks like an
/// EC2 instance or container — from the instance or container role, which botocore asks last.
pub fn supplies_credentials(cx: &Context, h: &Helper, profile: &str, from: ProfileOrigin) -> bool {
    explicit_credentials(cx, h, profile, from) || cx.instance_role_likely()
}

/// Credentials from the environment or the AWS files, the way botocore looks: `--profile`
/// skips the environment's keys; without it, the environment's keys and web identity come
/// before the profile; container credentials come from the environment too.
pub fn explicit_credentials(cx: &Context, h: &Helper, profile: &str, from: ProfileOrigin) -> bool {
    let env = |n: &str| helper_env(cx, h, n).is_some();
    if env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        return true;
    }
    // a web identity token file the environment names counts when it exists
    let token_file = helper_env(cx, h, "AWS_WEB_IDENTITY_TOKEN_FILE")
        .is_some_and(|f| cx.env.cwd.join(f).exists());
    if from != ProfileOrigin::Flag
        && (env("AWS_ACCESS_KEY_ID") || (env("AWS_ROLE_ARN") && token_file))
    {
        return true;
    }
    cx.aws.profiles.get(profile).is_some_and(|p| {
        (credential_source_kind(p).is_some() || p.get("aws_secret_access_key").is_some())
            && credential_problem(cx, p).is_none()
    })
}

/// Why a profile's credential source cannot work on this machine, as far as the files show
/// without asking AWS: an SSO profile the AWS CLI refuses or never logged in to, a
/// `credential_process` whose program is not there (with probes), a web identity token file
/// that does not exist, a session token whose recorded expiry has passed.
pub fn credential_problem(cx: &Context, profile: &Profile) -> Option<String> {
    if let Some(known) = cx
        .credential_problems
        .lock()
        .ok()
        .and_then(|m| m.get(&profile.name).cloned())
    {
        return known;
    }
    let problem = compute_credential_problem(cx, profile);
    if let Ok(mut m) = cx.credential_problems.lock() {
        m.insert(profile.name.clone(), problem.clone());
    }
    problem
}

fn compute_credential_problem(cx: &Context, profile: &Profile) -> Option<String> {
    if let Some(p) = sso_problem(&cx.aws.profiles, profile) {
        return Some(format!("it is an SSO profile the AWS CLI refuses: {p}"));
    }
    match credential_source_kind(profile)? {
        CredentialSourceKind::AssumeRole(source) => role_problem(cx, profile, source),
        CredentialSourceKind::Sso { session } => {
            // the AWS CLI caches the login under the session name, or the start URL
            let key = session.or_else(|| profile.value("sso_start_url").map(str::to_owned))?;
            let file = crate::awscreds::cache::sso_token_file(&cx.env, &key)?;
            (!file.exists()).then(|| {
                format!(
                    "nobody has logged in to its SSO session on this machine (no token in ~/.aws/sso/cache): run `aws sso login --profile {}`",
                    crate::base::shell::quote(&profile.name)
                )
            })
        }
        CredentialSourceKind::Process if cx.probes.ran => {
            let command = profile.value("credential_process")?;
            let words = crate::base::shell::split(command).ok()?;
            let program = &words.first()?.text;
            crate::base::probe::find_program(&cx.env, program)
                .is_none()
                .then(|| format!("its `credential_process` program `{program}` cannot be found"))
        }
        CredentialSourceKind::WebIdentity => {
            let file = profile.value("web_identity_token_file")?;
            (!std::path::Path::new(file).exists())
                .then(|| format!("its web identity token file `{file}` does not exist"))
        }
        CredentialSourceKind::StaticKeys => {
            profile.value("aws_session_token")?;
            let expiry = ["x_security_token_expires", "aws_expiration", "expiration"]
                .iter()
                .find_map(|k| profile.value(k))?;
            let at = time::OffsetDateTime::parse(
                expiry.trim(),
                &time::format_description::well_known::Rfc3339,
            )
            .ok()?;
            (at < time::OffsetDateTime::now_utc())
                .then(|| format!("its session token expired at {}", expiry.trim()))
        }
        _ => None,
    }
}

/// Why a role profile cannot assume its role: botocore refuses `source_profile` together with
/// `credential_source` or neither; a `source_profile` chain must end, without a loop, at a
/// profile that has credentials of its own.
fn role_problem(cx: &Context, profile: &Profile, source: RoleSource) -> Option<String> {
    match source {
        RoleSource::Both => {
            return Some("it sets both `source_profile` and `credential_source`".into());
        }
        RoleSource::Missing => {
            return Some(
                "its `role_arn` has neither `source_profile` nor `credential_source`".into(),
            );
        }
        RoleSource::CredentialSource => return None,
        RoleSource::SourceProfile => {}
    }
    // Every profile on the chain shares its outcome: it is recorded for all of them, so each
    // chain is walked once however many helpers and profiles ask.
    let mut seen = std::collections::HashSet::from([profile.name.clone()]);
    let mut walked = vec![profile.name.clone()];
    let mut current = profile;
    let outcome = loop {
        let Some(next) = current.value("source_profile").map(str::trim) else {
            break None;
        };
        if let Some(known) = cx
            .credential_problems
            .lock()
            .ok()
            .and_then(|m| m.get(next).cloned())
        {
            break known;
        }
        let Some(p) = cx.aws.profiles.get(next) else {
            break Some(format!(
                "its `source_profile` chain names `{next}`, which does not exist"
            ));
        };
        if next == current.name && current.get("aws_access_key_id").is_some() {
            break None; // a profile that is its own source uses its keys
        }
        if !seen.insert(next.to_owned()) {
            break Some(format!("its `source_profile` chain loops at `{next}`"));
        }
        walked.push(next.to_owned());
        match credential_source_kind(p) {
            Some(CredentialSourceKind::AssumeRole(RoleSource::SourceProfile)) => current = p,
            Some(CredentialSourceKind::AssumeRole(s)) => break role_problem(cx, p, s),
            Some(_) => break credential_problem(cx, p),
            None => break Some(format!("its `source_profile` `{next}` has no credentials")),
        }
    };
    if let Ok(mut m) = cx.credential_problems.lock() {
        for name in walked {
            m.entry(name).or_insert_with(|| outcome.clone());
        }
    }
    outcome
}

/// A helper whose credentials can only come from an instance or container role.
fn relies_on_instance_role(cx: &Context, h: &Helper, profile: &str, from: ProfileOrigin) -> bool {
    !explicit_credentials(cx, h, profile, from)
}

/// The last reset that cleared a CodeCommit helper configured before it, when no CodeCommit
/// helper runs after it.
fn cleared_codecommit_helper(res: &Resolution) -> Option<(EntryRef, EntryRef)> {
    let runs_one = res
        .helpers()
        .any(|s| s.helper.as_ref().is_some_and(Helper::signs_codecommit));
    if runs_one {
        return None;
    }
    let mut last_cc = None;
    let mut cleared = None;
    for step in &res.steps {
        match &step.helper {
            Some(h) if h.signs_codecommit() || h.is_damaged_codecommit() => {
                last_cc = Some(step.entry)
            }
            Some(_) => {}
            None => {
                if let Some(cc) = last_cc.take() {
                    cleared = Some((step.entry, cc));
                }
            }
        }
    }
    cleared
}
