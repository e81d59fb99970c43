//! CC304 unusable-codecommit-remote. Docs and examples: rules/CC304.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::model::grc::{self, GrcUrl};
use crate::online::OnlineResults;
use crate::parse::awsconfig::credential_source_kind;
use crate::parse::endpoint::{RegionProblem, region_problem};

pub(crate) struct UnusableCodecommitRemote;

impl Rule for UnusableCodecommitRemote {
    fn code(&self) -> Code {
        Code::CC304
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let mut missing_reported = false;
        for (i, parsed) in grc::remotes(cx) {
            let remote = &cx.remotes[i];
            let at = cx.value_part_location(remote.entry, &remote.configured);
            let url = match parsed {
                Ok(u) => u,
                Err(grc::Malformed(why)) => {
                    out.report(
                        Code::CC304,
                        at,
                        format!("remote `{}`: `{}` is not a git-remote-codecommit URL: {why}", remote.name, remote.url),
                    )
                    .label("git-remote-codecommit refuses this URL")
                    .help("Write `codecommit://[PROFILE@]REPOSITORY` or `codecommit::REGION://[PROFILE@]REPOSITORY`, as in `codecommit::us-east-2://dev@MyDemoRepo`.");
                    continue;
                }
            };
            // the remote helper itself, once per run (every such remote needs it)
            if !missing_reported && matches!(grc::program(cx), Some(None)) {
                missing_reported = true;
                // distinct spans per problem: findings of one code at one span are merged
                out.report(
                    Code::CC304,
                    cx.value_part_location(remote.entry, "codecommit"),
                    format!("remote `{}` needs git-remote-codecommit, which is not on PATH", remote.name),
                )
                .label("git looks for `git-remote-codecommit` to fetch this")
                .help("Install it: `pip install git-remote-codecommit` (or `pipx install git-remote-codecommit`), and make sure its directory is on PATH. Without it git stops with `git: 'remote-codecommit' is not a git command`.");
            }
            profile_and_region(cx, remote, &url, at, out);
        }
    }

    /// `check --online`: what `git ls-remote` through the remote helper answered.
    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for (i, parsed) in grc::remotes(cx) {
            let (remote, Ok(url)) = (&cx.remotes[i], parsed) else {
                continue;
            };
            if let Some((_, outcome)) = online.grc.iter().find(|(r, _)| *r == i) {
                let detail = match outcome {
                    crate::online::git::GitOutcome::Ok
                    | crate::online::git::GitOutcome::Skipped { .. } => continue,
                    crate::online::git::GitOutcome::AuthFailed { detail, .. }
                    | crate::online::git::GitOutcome::Unreachable { detail }
                    | crate::online::git::GitOutcome::Failed { detail } => detail.clone(),
                    crate::online::git::GitOutcome::TimedOut { .. } => String::new(),
                };
                out.report(
                    Code::CC304,
                    cx.value_part_location(remote.entry, &url.repository),
                    format!("remote `{}`: {} (through git-remote-codecommit)", remote.name, outcome.short()),
                )
                .label("`git ls-remote` of this remote failed")
                .help(if detail.is_empty() {
                    "git-remote-codecommit gave no answer in time: check the network and the profile's credentials (`aws sts get-caller-identity`).".to_owned()
                } else {
                    format!("git said: {detail}")
                });
            }
        }
    }
}

fn profile_and_region(
    cx: &Context,
    remote: &crate::model::context::Remote,
    url: &GrcUrl,
    at: crate::finding::Location,
    out: &mut Findings,
) {
    let (profile, named) = url.profile_used(cx);
    let readable = cx.aws.readable_by_aws_cli();
    let profile_at = if named {
        cx.value_part_location(remote.entry, &format!("{profile}@"))
    } else {
        at.clone()
    };
    match cx.aws.profiles.get(&profile) {
        None if readable && (named || profile != "default") => {
            let known: Vec<&str> = cx.aws.profiles.names().collect();
            out.report(
                Code::CC304,
                profile_at,
                format!("remote `{}` signs with profile `{profile}`, which does not exist", remote.name),
            )
            .label(if named { "the profile before `@`" } else { "no profile in the URL: the session's profile is used" })
            .help(format!(
                "Create it (`aws configure --profile '{profile}'`) or use one that exists{}. git-remote-codecommit stops with `The following profile was not found: {profile}`.",
                if known.is_empty() { String::new() } else { format!(" ({})", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")) }
            ));
            return;
        }
        Some(p)
            if readable
                && credential_source_kind(p).is_none()
                && p.get("aws_secret_access_key").is_none()
                // the unnamed default profile may be filled in by the environment or an
                // instance role, as for the HTTPS helper (CC203)
                && (named || (profile != "default" && !cx.env.is_set("AWS_ACCESS_KEY_ID"))) =>
        {
            out.report(
                Code::CC304,
                profile_at,
                format!("remote `{}` signs with profile `{profile}`, which has no credentials", remote.name),
            )
            .label("git-remote-codecommit signs with this profile")
            .help(format!("Give `{profile}` a credential source: `aws configure --profile '{profile}'` for keys, `role_arn` + `source_profile`, or `aws configure sso`. git-remote-codecommit stops with `The following profile does not have credentials configured: {profile}`."));
        }
        _ => {}
    }
    region(cx, remote, url, &profile, at, out);
}

/// The region git-remote-codecommit signs for: from the URL, else the profile's.
fn region(
    cx: &Context,
    remote: &crate::model::context::Remote,
    url: &GrcUrl,
    profile: &str,
    at: crate::finding::Location,
    out: &mut Findings,
) {
    let readable = cx.aws.readable_by_aws_cli();
    match url.region_used(cx) {
        None if readable && url.region.is_none() => {
            out.report(
                Code::CC304,
                cx.value_part_location(remote.entry, "codecommit://"),
                format!("remote `{}`: no region — the URL names none and profile `{profile}` has no `region`", remote.name),
            )
            .label("`codecommit://` takes the region from the profile")
            .help(format!("Name the region in the URL (`codecommit::us-east-2://{}`) or set one: `aws configure set region us-east-2 --profile '{profile}'`.", display_netloc(url)));
        }
        Some((region, from)) => {
            if let Some(problem) = region_problem(&region) {
                let why = match problem {
                    RegionProblem::Malformed => "is not a region name",
                    RegionProblem::NotOffered => "is not a region where CodeCommit is offered",
                };
                let region_at = match &url.region {
                    Some(r) => cx.value_part_location(remote.entry, &format!("{r}://")),
                    None => at,
                };
                out.report(
                    Code::CC304,
                    region_at,
                    format!("remote `{}`: region `{region}` (from {from}) {why}", remote.name),
                )
                .label("git-remote-codecommit signs for this region")
                .help("Use a region where the repository lives (`codecommit::us-east-2://…`); `cc-lint explain CC206` lists them. git-remote-codecommit stops with `The following AWS Region is not available for use with AWS CodeCommit`.");
            }
        }
        None => {}
    }
}

fn display_netloc(url: &GrcUrl) -> String {
    match &url.profile {
        Some(p) => format!("{p}@{}", url.repository),
        None => url.repository.clone(),
    }
}
