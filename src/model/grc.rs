//! git-remote-codecommit remotes: `codecommit://[profile@]repo` and
//! `codecommit::<region>://[profile@]repo`. git hands such a remote to the program
//! `git-remote-codecommit` (a remote helper, not a credential helper), which signs each
//! request itself with an AWS profile — no `credential.helper` is asked.
//!
//! The grammar is the helper's own (aws/git-remote-codecommit, `Context.from_url`): git strips
//! `codecommit::` before the region form; the part before `@` is the profile (else the
//! session's profile: `AWS_PROFILE`, else `default`); the region comes from the URL, else
//! from `AWS_DEFAULT_REGION` or the profile's `region`; a named profile that
//! does not exist, a missing region and a profile without credentials are errors of the helper.

use crate::awscreds::profile::{ProfileOrigin, choose_profile};
use crate::model::context::Context;

/// The program git runs for `codecommit` remotes.
pub const PROGRAM: &str = "git-remote-codecommit";

/// A parsed git-remote-codecommit URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrcUrl {
    /// `us-east-2` in `codecommit::us-east-2://…`.
    pub region: Option<String>,
    /// `dev` in `…//dev@repo`.
    pub profile: Option<String>,
    pub repository: String,
}

/// What is wrong with a `codecommit:` URL that is not one of the two forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

/// `Some(Ok)` for a git-remote-codecommit URL, `Some(Err)` for one that starts with
/// `codecommit:` but is malformed, `None` for any other URL.
pub fn parse(url: &str) -> Option<Result<GrcUrl, Malformed>> {
    let rest = url.strip_prefix("codecommit:")?;
    let (region, rest) = if let Some(r) = rest.strip_prefix("//") {
        (None, r)
    } else if let Some(r) = rest.strip_prefix(':') {
        match r.split_once("://") {
            Some((region, after)) => (Some(region.to_owned()), after),
            None => return Some(Err(Malformed("no `://` after the region".into()))),
        }
    } else {
        return Some(Err(Malformed(
            "neither `codecommit://` nor `codecommit::<region>://`".into(),
        )));
    };
    // urlparse's netloc: up to the first `/`, `?` or `#`
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (profile, repository) = match netloc.split_once('@') {
        Some((p, r)) => (Some(p.to_owned()), r.to_owned()),
        None => (None, netloc.to_owned()),
    };
    if repository.is_empty() {
        return Some(Err(Malformed("no repository name".into())));
    }
    if region.as_deref() == Some("") {
        return Some(Err(Malformed("an empty region before `://`".into())));
    }
    Some(Ok(GrcUrl {
        region,
        profile: profile.filter(|p| !p.is_empty()),
        repository,
    }))
}

impl GrcUrl {
    /// The profile the helper signs with, and whether the URL names it.
    pub fn profile_used(&self, cx: &Context) -> (String, bool) {
        // the URL's profile is the session's `profile`, as `--profile` is the AWS CLI's
        let (name, origin) = choose_profile(self.profile.as_deref(), |_| None, &cx.env);
        (name, origin == ProfileOrigin::Flag)
    }

    /// The region the helper uses: the URL's, else the profile's `region`, else the
    /// environment's; with where it came from.
    pub fn region_used(&self, cx: &Context) -> Option<(String, String)> {
        if let Some(r) = &self.region {
            return Some((r.clone(), "the URL".into()));
        }
        // botocore's config chain: `AWS_DEFAULT_REGION` (not `AWS_REGION`), then the profile
        if let Some(v) = cx.env.var("AWS_DEFAULT_REGION") {
            return Some((v.to_owned(), "`AWS_DEFAULT_REGION`".into()));
        }
        let (profile, _) = self.profile_used(cx);
        let region = cx.aws.profiles.get(&profile)?.region()?.value().to_owned();
        (!region.is_empty()).then(|| (region, format!("profile `{profile}`")))
    }
}

/// The remotes of `cx` that git hands to git-remote-codecommit, by index into `cx.remotes`.
pub fn remotes(cx: &Context) -> impl Iterator<Item = (usize, Result<GrcUrl, Malformed>)> + '_ {
    cx.remotes
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, parse(&r.url)?)))
}

/// Where git finds `git-remote-codecommit` (`Some(None)`: not on PATH); `None` when probes
/// did not run.
pub fn program(cx: &Context) -> Option<Option<std::path::PathBuf>> {
    cx.probes.programs.get(PROGRAM).cloned().or_else(|| {
        cx.probes
            .ran
            .then(|| crate::base::probe::find_program(&cx.env, PROGRAM))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(url: &str) -> GrcUrl {
        parse(url).expect("codecommit URL").expect("well-formed")
    }

    #[test]
    fn the_forms_of_the_helpers_readme() {
        assert_eq!(
            ok("codecommit://MyDemoRepo"),
            GrcUrl {
                region: None,
                profile: None,
                repository: "MyDemoRepo".into()
            }
        );
        assert_eq!(
            ok("codecommit://dev@MyDemoRepo"),
            GrcUrl {
                region: None,
                profile: Some("dev".into()),
                repository: "MyDemoRepo".into()
            }
        );
        assert_eq!(
            ok("codecommit::us-east-2://dev@MyDemoRepo"),
            GrcUrl {
                region: Some("us-east-2".into()),
                profile: Some("dev".into()),
                repository: "MyDemoRepo".into()
            }
        );
        assert_eq!(ok("codecommit::ap-southeast-2://MyDemoRepo").profile, None);
        assert_eq!(
            parse("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x"),
            None
        );
        assert!(parse("codecommit:MyDemoRepo").unwrap().is_err());
        assert!(parse("codecommit://").unwrap().is_err());
        assert!(parse("codecommit://dev@").unwrap().is_err());
        assert!(parse("codecommit::us-east-2:dev@x").unwrap().is_err());
    }
}
