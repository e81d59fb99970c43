//! `cc-lint chain`: the doctor. Resolves the URL given (or each CodeCommit remote) on the
//! model; `report::chain` shows the helpers git runs, in order, and who answers first.

use std::io::Write;

use crate::app::cli::{ChainArgs, SimpleFormat};
use crate::app::{Error, Status};
use crate::base::env::Env;
use crate::model::context::{self, Context, Resolution, TargetOrigin};
use crate::model::grc;
use crate::parse::urlmatch::Url;
use crate::report::chain::{Chain, GrcEntry};

pub fn run(
    args: &ChainArgs,
    env: &Env,
    width: usize,
    out: &mut dyn Write,
) -> Result<Status, Error> {
    let repo_dir = crate::app::repo_arg(env, args.repo.as_deref())?;
    let cx = crate::model::load::context(env, repo_dir.as_deref(), true);
    let grc = grc_entries(&cx, args.url.as_deref());
    let resolutions = match &args.url {
        Some(_) if !grc.is_empty() => Vec::new(),
        Some(u) => {
            let url = Url::parse(u).ok_or_else(|| Error::NotAUrl(u.clone()))?;
            vec![context::resolve(
                &cx.git,
                env,
                url,
                TargetOrigin::Generic(crate::parse::endpoint::HostForm::STANDARD),
            )]
        }
        None => remotes(&cx, grc.is_empty())?,
    };
    let chain = Chain {
        cx: &cx,
        resolutions,
        grc,
    };
    match args.format {
        SimpleFormat::Human => crate::report::chain::human(&chain, width, out)?,
        SimpleFormat::Json => crate::report::chain::json(&chain, out)?,
    }
    Ok(Status::Clean)
}

/// The resolutions of the repository's remotes; none at all (`no_grc`: no
/// git-remote-codecommit remote either) is an error that says what to pass instead.
fn remotes(cx: &Context, no_grc: bool) -> Result<Vec<Resolution>, Error> {
    let remotes: Vec<Resolution> = cx
        .resolutions
        .iter()
        .filter(|r| matches!(r.origin, TargetOrigin::Remote(_)))
        .cloned()
        .collect();
    if remotes.is_empty() && no_grc {
        if let Some(refused) = &cx.git.refused {
            return Err(Error::ChainRefused(refused.path.clone()));
        }
        return Err(match &cx.repo {
            Some(_) => Error::NoCodeCommitRemote,
            None => Error::NotInRepository,
        });
    }
    Ok(remotes)
}

/// git-remote-codecommit URLs: the one given, else the repository's remotes. No credential
/// helper runs for them.
fn grc_entries(cx: &Context, url: Option<&str>) -> Vec<GrcEntry> {
    // where git finds `git-remote-codecommit`, when probes ran
    let program = |parsed: &Result<grc::GrcUrl, grc::Malformed>| {
        parsed.as_ref().ok()?;
        grc::program(cx)
    };
    match url {
        Some(u) => grc::parse(u)
            .map(|parsed| GrcEntry {
                url: u.to_owned(),
                remote: None,
                program: program(&parsed),
                parsed,
            })
            .into_iter()
            .collect(),
        None => grc::remotes(cx)
            .map(|(i, parsed)| GrcEntry {
                url: cx.remotes[i].url.clone(),
                remote: Some(cx.remotes[i].name.clone()),
                program: program(&parsed),
                parsed,
            })
            .collect(),
    }
}
