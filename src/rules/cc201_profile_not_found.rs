//! CC201 profile-not-found. Docs and examples: rules/CC201.toml.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

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
        let mut wanted = named_by_helpers(cx);
        let unused_sources = named_as_source_profile(cx, &mut wanted);
        let mut seen = std::collections::BTreeSet::new();
        // computed once: thousands of helpers and profiles stay linear
        let ignored: HashMap<String, Location> = ignored_sections(cx).into_iter().collect();
        let known = Known::of(cx);
        for w in wanted {
            let (name, loc, _) = &w;
            if cx.aws.profiles.get(name).is_some()
                || !seen.insert((name.clone(), loc.source.path.clone(), loc.span.start))
            {
                continue;
            }
            let unused = unused_sources.contains(&(loc.source.path.clone(), loc.span.start));
            let ignored_header = ignored.get(name);
            report(cx, out, w.clone(), unused, ignored_header, &known);
        }
    }
}

/// A profile name, where it is named, and why that place matters.
type Wanted = (String, Location, &'static str);

/// Profiles CodeCommit helpers sign with: named on their line, assigned before the program, or
/// (for a helper that names none) by the environment.
fn named_by_helpers(cx: &Context) -> Vec<Wanted> {
    let mut wanted = Vec::new();
    // the variables the AWS CLI takes the profile from, for helpers that name none
    let mut env_named = Vec::new();
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
            (_, ProfileOrigin::EnvVar(var)) => env_named.push(var),
            (_, ProfileOrigin::Default) => {}
        }
    }
    for var in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
        if env_named.contains(&var)
            && let Some(p) = cx.env.var(var)
        {
            wanted.push((
                p.to_owned(),
                cx.env_location(var),
                "named by this environment variable",
            ));
        }
    }
    wanted
}

/// Adds every `source_profile` value to `wanted`; returns the places of those in profiles no
/// CodeCommit helper reaches (a broken chain elsewhere does not stop git: a warning).
fn named_as_source_profile(cx: &Context, wanted: &mut Vec<Wanted>) -> HashSet<(PathBuf, usize)> {
    let used = signing_chains(cx);
    let mut unused_sources = HashSet::new();
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
    unused_sources
}

/// The profiles CodeCommit helpers sign with, and their `source_profile` chains.
fn signing_chains(cx: &Context) -> HashSet<String> {
    let mut used = HashSet::new();
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
    used
}

/// The profiles the AWS CLI knows, as a help text lists them: at most [`MAX_LISTED`].
struct Known<'a> {
    names: Vec<&'a str>,
    more: usize,
}

impl<'a> Known<'a> {
    fn of(cx: &'a Context) -> Known<'a> {
        let mut names: Vec<&str> = cx.aws.profiles.names().take(MAX_LISTED + 1).collect();
        let more = cx.aws.profiles.profiles().len().saturating_sub(MAX_LISTED);
        if more > 0 {
            names.truncate(MAX_LISTED);
        }
        Known { names, more }
    }

    fn help(&self, name: &str) -> String {
        if self.names.is_empty() {
            return format!("Create it: `aws configure --profile '{name}'`.");
        }
        let listed: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        let more = if self.more > 0 {
            format!(" and {} more", self.more)
        } else {
            String::new()
        };
        format!(
            "Profiles the AWS CLI knows: {}{more}. Correct the name, or create it with `aws configure --profile '{name}'`.",
            listed.join(", ")
        )
    }
}

/// The finding for a profile that does not exist; `unused` when no helper reaches the place
/// that names it.
fn report(
    cx: &Context,
    out: &mut Findings,
    (name, loc, why): Wanted,
    unused: bool,
    ignored_header: Option<&Location>,
    known: &Known<'_>,
) {
    let home = crate::base::paths::git_home(&cx.env);
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
    match ignored_header {
        Some(header) => {
            f.also(header.clone(), "meant here, but the AWS CLI ignores this section")
                .help(format!("The section for `{name}` is written in a form the AWS CLI does not read: in `~/.aws/config` it must be `[profile {name}]`, in `~/.aws/credentials` `[{name}]`. Correct the header (`cc-lint explain CC202`)."));
        }
        None => {
            f.help(known.help(&name));
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
