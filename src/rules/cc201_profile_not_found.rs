//! CC201 profile-not-found. Docs and examples: rules/CC201.toml.

use super::Rule;
use crate::awscreds::profile::ProfileOrigin;
use crate::finding::Code;
use crate::finding::{Findings, Location};
use crate::model::context::Context;
use crate::parse::awsconfig::{AwsFileKind, IgnoredReason, SectionKind};

pub(crate) struct ProfileNotFound;

/// Profiles named in a help text, at most.
const MAX_LISTED: usize = 20;

impl Rule for ProfileNotFound {
    fn code(&self) -> Code {
        Code::CC201
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        // A file the AWS CLI refuses (CC002/CC208) makes every lookup fail; that is reported there.
        if !cx.aws.readable_by_aws_cli() {
            return;
        }
        let mut wanted: Vec<(String, Location, &'static str)> = Vec::new();
        let mut env_named = false;
        for (r, _, h) in cx.helper_entries() {
            if !h.is_codecommit() {
                continue;
            }
            match cx.helper_profile(h) {
                (name, ProfileOrigin::Flag) => {
                    let v = h.passed_profile().unwrap_or_default().to_owned();
                    wanted.push((
                        name,
                        cx.value_part_location(r, &v),
                        "named by this credential helper",
                    ));
                }
                (name, ProfileOrigin::Assigned(var)) => wanted.push((
                    name.clone(),
                    cx.value_part_location(r, &format!("{var}={name}")),
                    "assigned on the helper line, so the AWS CLI signs with it",
                )),
                // the environment's profile counts only for a helper that names none
                (_, ProfileOrigin::EnvVar(_)) => env_named = true,
                (_, ProfileOrigin::Default) => {}
            }
        }
        if env_named {
            for var in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
                if let Some(p) = cx.env.var(var) {
                    wanted.push((
                        p.to_owned(),
                        cx.env_location(var),
                        "named by this environment variable",
                    ));
                }
            }
        }
        // profiles a CodeCommit helper signs with, and their source_profile chains: a broken
        // chain elsewhere does not stop git (a warning)
        let mut used = std::collections::HashSet::new();
        for (_, _, h) in cx.helper_entries().filter(|(_, _, h)| h.is_codecommit()) {
            let mut name = cx.helper_profile(h).0;
            while used.insert(name.clone()) {
                match cx
                    .aws
                    .profiles
                    .get(&name)
                    .and_then(|p| p.value("source_profile"))
                {
                    Some(next) => name = next.trim().to_owned(),
                    None => break,
                }
            }
        }
        let mut unused_sources = std::collections::HashSet::new();
        for p in cx.aws.profiles.profiles() {
            if let Some(s) = p.get("source_profile") {
                let loc = cx.aws_location(s.origin.file, s.property.value_span.clone());
                if !used.contains(&p.name) {
                    unused_sources.insert((loc.source.path.clone(), loc.span.start));
                }
                wanted.push((
                    s.value().trim().to_owned(),
                    loc,
                    "named as `source_profile`",
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        // computed once: thousands of helpers and profiles stay linear
        let ignored: std::collections::HashMap<String, Location> =
            ignored_sections(cx).into_iter().collect();
        let mut available: Vec<&str> = cx.aws.profiles.names().take(MAX_LISTED + 1).collect();
        let more = cx.aws.profiles.profiles().len().saturating_sub(MAX_LISTED);
        if more > 0 {
            available.truncate(MAX_LISTED);
        }
        let home = crate::base::paths::git_home(&cx.env);
        for (name, loc, why) in wanted {
            if cx.aws.profiles.get(&name).is_some() {
                continue;
            }
            if !seen.insert((name.clone(), loc.source.path.clone(), loc.span.start)) {
                continue;
            }
            let unused = unused_sources.contains(&(loc.source.path.clone(), loc.span.start));
            let f = out
                .report(
                    Code::CC201,
                    loc,
                    format!(
                        "profile `{name}` does not exist in {}",
                        cx.aws.describe_files(home.as_deref())
                    ),
                )
                .label(why);
            if unused {
                f.severity = crate::finding::Severity::Warning;
                f.message
                    .push_str(" (no CodeCommit helper signs with the profile that names it)");
            }
            // A section the AWS CLI ignores was meant (CC202/CC209 say how to write it).
            if let Some(header) = ignored.get(&name) {
                f.also(header.clone(), "meant here, but the AWS CLI ignores this section")
                    .help(format!("The section for `{name}` is written in a form the AWS CLI does not read: in `~/.aws/config` it must be `[profile {name}]`, in `~/.aws/credentials` `[{name}]`. Correct the header (`cc-lint explain CC202`)."));
                continue;
            }
            f.help(if available.is_empty() {
                format!("Create it: `aws configure --profile '{name}'`.")
            } else {
                format!("Profiles the AWS CLI knows: {}{}. Correct the name, or create it with `aws configure --profile '{name}'`.", available.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "), if more > 0 { format!(" and {more} more") } else { String::new() })
            });
        }
    }
}

/// Sections the AWS CLI ignores, by the profile name they were meant for, with their header
/// (CC202/CC209 explain how to write them).
fn ignored_sections(cx: &Context) -> Vec<(String, Location)> {
    let mut out = Vec::new();
    if let Some(f) = cx.aws.file(AwsFileKind::Config) {
        for s in &f.file.sections {
            let name = match &s.kind {
                SectionKind::Ignored(IgnoredReason::MissingProfilePrefix) => {
                    Some(s.raw_name.trim().to_owned())
                }
                SectionKind::Ignored(
                    IgnoredReason::UnquotedSpace { .. } | IgnoredReason::PrefixCase,
                ) => {
                    let raw = s.raw_name.trim();
                    raw.get(..7)
                        .filter(|p| p.eq_ignore_ascii_case("profile"))
                        .map(|_| raw[7..].split_whitespace().collect::<Vec<_>>().join(" "))
                }
                _ => None,
            };
            if let Some(n) = name {
                out.push((n, cx.aws_location(AwsFileKind::Config, s.header.clone())));
            }
        }
    }
    if let Some(c) = cx.aws.file(AwsFileKind::Credentials) {
        for s in &c.file.sections {
            if let SectionKind::Profile(n) = &s.kind
                && let Some(m) = n.strip_prefix("profile ")
            {
                out.push((
                    m.trim().to_owned(),
                    cx.aws_location(AwsFileKind::Credentials, s.header.clone()),
                ));
            }
        }
    }
    out
}
