//! CC301 malformed-codecommit-url. Docs and examples: rules/CC301.toml.
//!
//! Decided where the research is open: a trailing slash (`/v1/repos/Repo/`) is reported,
//! because the CodeCommit troubleshooting guide says it can make connections fail, although
//! git trims it before signing (P21: server side unconfirmed).

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::endpoint;

pub(crate) struct MalformedCodecommitUrl;

/// A URL as written: scheme, user info, host (with port), path with query.
pub(crate) struct RawUrl<'a> {
    pub scheme: &'a str,
    pub userinfo: Option<&'a str>,
    pub host: &'a str,
    pub path: &'a str,
}

pub(crate) fn split_url(url: &str) -> Option<RawUrl<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    Some(RawUrl {
        scheme,
        userinfo,
        host,
        path,
    })
}

/// Looks like a CodeCommit git host, whether or not it follows the grammar.
fn looks_like_codecommit(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h.contains("codecommit") && h.contains("amazonaws")
}

/// What is wrong with a CodeCommit URL path, if anything.
fn path_problem(path: &str) -> Option<String> {
    let (path, query) = match path.find(['?', '#']) {
        Some(i) => (&path[..i], Some(&path[i..])),
        None => (path, None),
    };
    if query.is_some() {
        return Some("has a query or fragment".to_owned());
    }
    let Some(rest) = path.strip_prefix(crate::parse::endpoint::REPOSITORY_PATH) else {
        return Some(if path.is_empty() || path == "/" {
            "has no repository path (`/v1/repos/<name>`)".to_owned()
        } else {
            format!("has path `{path}` instead of `/v1/repos/<name>`")
        });
    };
    let (name, trailing) = match rest.strip_suffix('/') {
        Some(n) => (n, true),
        None => (rest, false),
    };
    if name.is_empty() {
        return Some("names no repository after `/v1/repos/`".to_owned());
    }
    if name.contains('/') {
        return Some(format!(
            "has extra path segments after the repository name: `{rest}`"
        ));
    }
    // The name's characters are not checked: the research records no primary source for
    // CodeCommit's name rules beyond the `.git` suffix (a fixture uses `Dev%20Tools`).
    if name.to_ascii_lowercase().ends_with(".git") {
        return Some(format!(
            "ends in `.git`: CodeCommit repository names cannot, so `{name}` is not the repository"
        ));
    }
    if trailing {
        return Some(
            "ends with a slash, which the CodeCommit guide says can make connections fail"
                .to_owned(),
        );
    }
    None
}

impl Rule for MalformedCodecommitUrl {
    fn code(&self) -> Code {
        Code::CC301
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for remote in &cx.remotes {
            let Some(raw) = split_url(&remote.url) else {
                continue;
            };
            if !matches!(
                raw.scheme.to_ascii_lowercase().as_str(),
                "https" | "http" | "ssh"
            ) || !looks_like_codecommit(raw.host)
            {
                continue;
            }
            let host_only = raw.host.rsplit_once(':').map_or(raw.host, |(h, _)| h);
            let name = &remote.name;
            let (message, label, needle) = match endpoint::parse_host(raw.host) {
                None => (
                    format!("remote `{name}`: `{host_only}` is not a CodeCommit git endpoint"),
                    "expected `git-codecommit.<region>.amazonaws.com` (or FIPS, China, VPC endpoint forms)".to_owned(),
                    host_only.to_owned(),
                ),
                Some(_) if host_only.bytes().any(|b| b.is_ascii_uppercase()) => (
                    format!("remote `{name}`: the host `{host_only}` has capital letters"),
                    "the AWS CLI helper's host check is case-sensitive and answers nothing".to_owned(),
                    host_only.to_owned(),
                ),
                Some(_) => match path_problem(raw.path) {
                    Some(p) => (
                        format!("remote `{name}`: the URL {p}"),
                        "CodeCommit serves repositories at /v1/repos/<name>".to_owned(),
                        raw.path.to_owned(),
                    ),
                    None => continue,
                },
            };
            let f = out
                .report(Code::CC301, cx.value_part_location(remote.entry, &needle), message)
                .label(label)
                .help("Copy the clone URL from the CodeCommit console (Clone URL → Clone HTTPS): `https://git-codecommit.<region>.amazonaws.com/v1/repos/<name>`.");
            if let Some(site) = remote.rewritten_by {
                f.also(
                    cx.entry_location(site),
                    "the URL is rewritten by this `insteadOf`",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path_problem("/v1/repos/My-Repo_1.x"), None);
        for bad in [
            "",
            "/",
            "/repos/x",
            "/v1/repos/",
            "/v1/repos/x/y",
            "/v1/repos/x.git",
            "/v1/repos/x/",
            "/v1/repos/x?y",
        ] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
    }
}
