//! `cc-lint chain`: the doctor. For a URL, the credential helpers git runs, in order, where
//! each comes from, the resets, the `UseHttpPath` in force, and which helper answers first.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::app::cli::{ChainArgs, SimpleFormat};
use crate::base::env::Env;
use crate::base::redact::mask_message;
use crate::model::context::{self, Context, Resolution, TargetOrigin};
use crate::model::grc::{self, GrcUrl, Malformed};
use crate::parse::helper_value::HelperKind;
use crate::parse::urlmatch::Url;

pub fn run(args: &ChainArgs, env: &Env, out: &mut dyn Write) -> Result<i32, String> {
    let repo_dir = crate::app::repo_arg(env, args.repo.as_deref())?;
    let cx = crate::model::load::context(env, repo_dir.as_deref(), true);
    // git-remote-codecommit remotes: no credential helper at all
    let grc: Vec<(Option<usize>, Result<GrcUrl, Malformed>)> = match &args.url {
        Some(u) => grc::parse(u).map(|p| (None, p)).into_iter().collect(),
        None => grc::remotes(&cx).map(|(i, p)| (Some(i), p)).collect(),
    };
    let resolutions: Vec<Resolution> = match &args.url {
        Some(_) if !grc.is_empty() => Vec::new(),
        Some(u) => {
            let url = Url::parse(u).ok_or_else(|| {
                format!(
                    "`{}` is not a URL git can match (scheme://host/path)",
                    mask_message(u)
                )
            })?;
            vec![context::resolve(
                &cx.git,
                env,
                url,
                TargetOrigin::Generic(crate::parse::endpoint::HostForm::STANDARD),
            )]
        }
        None => {
            let remotes: Vec<Resolution> = cx
                .resolutions
                .iter()
                .filter(|r| matches!(r.origin, TargetOrigin::Remote(_)))
                .cloned()
                .collect();
            if remotes.is_empty() && grc.is_empty() {
                if let Some(refused) = &cx.git.refused {
                    return Err(format!(
                        "git refuses the repository at {} (detected dubious ownership: it is not yours), so its remotes were not read; pass a URL, or if you trust it: git config --global --add safe.directory {}",
                        refused.path.display(),
                        crate::base::shell::quote(&refused.path.to_string_lossy())
                    ));
                }
                return Err(match &cx.repo {
                    Some(_) => "this repository has no CodeCommit remote; pass a URL: `cc-lint chain https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME`".to_owned(),
                    None => "not in a git repository; pass a URL: `cc-lint chain https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME`".to_owned(),
                });
            }
            remotes
        }
    };
    let home = crate::base::paths::git_home(env);
    let text = match args.format {
        SimpleFormat::Human => fit(
            &resolutions
                .iter()
                .map(|r| human(&cx, r, home.as_deref()))
                .chain(
                    grc.iter()
                        .map(|(i, p)| grc_human(&cx, *i, args.url.as_deref(), p)),
                )
                .collect::<Vec<_>>()
                .join("\n"),
            crate::app::terminal_width(env),
        ),
        SimpleFormat::Json => {
            let v: Vec<serde_json::Value> = resolutions
                .iter()
                .map(|r| to_json(&cx, r))
                .chain(
                    grc.iter()
                        .map(|(i, p)| grc_json(&cx, *i, args.url.as_deref(), p)),
                )
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            )
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(crate::app::EXIT_OK)
}

fn place(cx: &Context, r: crate::model::discover::EntryRef, home: Option<&Path>) -> String {
    let loc = cx.entry_location(r);
    let (line, _) = loc.line_col();
    let mut s = format!(
        "{}:{line} ({})",
        crate::base::paths::display_path(loc.path(), home),
        loc.scope
    );
    if !loc.include_chain.is_empty() {
        s.push_str(&format!(
            ", included from {}",
            loc.include_chain.join(" → ")
        ));
    }
    s
}

fn human(cx: &Context, res: &Resolution, home: Option<&Path>) -> String {
    let mut s = String::new();
    let name = match res.origin {
        TargetOrigin::Remote(i) => format!(" (remote {})", cx.remotes[i].name),
        TargetOrigin::Generic(_) => String::new(),
    };
    s.push_str(&format!("{}{name}\n", mask_message(&res.url.display())));
    let url_answers = res.url.has_password && res.url.user.is_some();
    if url_answers {
        s.push_str("  the URL carries a user name and password: git uses them and asks no credential helper\n");
    }
    let not_http = res.url.scheme != "https" && res.url.scheme != "http";
    if not_http {
        s.push_str(&format!(
            "  `{}` URLs do not use credential helpers (ssh authenticates with keys)\n",
            res.url.scheme
        ));
        return s;
    }
    if res.steps.is_empty() && !url_answers {
        s.push_str("  no credential.helper applies: git prompts for a user name and password\n");
    }
    let mut n = 0;
    for (i, step) in res.steps.iter().enumerate() {
        let at = place(cx, step.entry, home);
        match &step.helper {
            None => s.push_str(&format!("  -  reset (empty helper)            {at}\n")),
            Some(h) => {
                let runs = res.effective.contains(&i);
                let tag = match &h.kind {
                    HelperKind::AwsCli | HelperKind::CcLint => " [CodeCommit]",
                    HelperKind::ThirdParty => " [CodeCommit, third-party]",
                    HelperKind::Storage(_) => " [store]",
                    HelperKind::Other => "",
                };
                if runs {
                    n += 1;
                    s.push_str(&format!(
                        "  {n}. {}{tag}\n       {at}\n",
                        mask_message(&h.value)
                    ));
                } else {
                    s.push_str(&format!(
                        "  x  {}{tag}  ({})\n       {at}\n",
                        mask_message(&h.value),
                        if url_answers {
                            "not asked: the URL has the password"
                        } else {
                            "cleared by a later reset"
                        }
                    ));
                }
            }
        }
    }
    // a CodeCommit helper in a section without a URL runs for every host (issue 12 item 8)
    if crate::parse::endpoint::parse_host(&res.url.host).is_none()
        && let Some(h) = res
            .steps
            .iter()
            .enumerate()
            .filter(|(i, _)| res.effective.contains(i))
            .filter_map(|(_, st)| st.helper.as_ref())
            .find(|h| matches!(h.kind, HelperKind::AwsCli | HelperKind::CcLint))
    {
        s.push_str(&format!(
            "  note: the CodeCommit helper `{}` runs for this host too (its section has no URL);\n        it answers nothing here, but git starts it on every request. `cc-lint fix` scopes it.\n",
            mask_message(&h.value)
        ));
    }
    match res.use_http_path {
        Some(r) => {
            let v = cx.entry(r).as_bool();
            s.push_str(&format!(
                "  UseHttpPath: {}  {}\n",
                match v {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "invalid",
                },
                place(cx, r, home)
            ));
        }
        None => s.push_str("  UseHttpPath: false (not set)\n"),
    }
    let codecommit_host = crate::parse::endpoint::parse_host(&res.url.host).is_some();
    // for another host a CodeCommit helper prints nothing, and git asks the next one
    let first = res
        .helpers()
        .filter_map(|st| st.helper.as_ref())
        .find(|h| codecommit_host || !matches!(h.kind, HelperKind::AwsCli | HelperKind::CcLint));
    match first {
        Some(h) => {
            let note = match h.kind {
                HelperKind::AwsCli | HelperKind::CcLint => {
                    "signs a fresh password for each request"
                }
                HelperKind::Storage(_) if codecommit_host => {
                    "answers with what it stored, which for CodeCommit expires after 15 minutes"
                }
                HelperKind::Storage(_) => "answers with what it stored",
                HelperKind::ThirdParty => "a CodeCommit helper cc-lint does not model",
                HelperKind::Other => "",
            };
            s.push_str(&format!(
                "  Answers first: {}{}{note}\n",
                mask_message(&h.value),
                if note.is_empty() { "" } else { " — " }
            ));
        }
        None if url_answers => {
            s.push_str("  Answers first: the user name and password in the URL\n")
        }
        None => s.push_str("  Answers first: nobody (git prompts)\n"),
    }
    if !url_answers && crate::parse::endpoint::parse_host(&res.url.host).is_some() {
        let verdict = cx.verdict(res);
        for failure in verdict.failures(cx) {
            s.push_str(&format!("  {}\n", mask_message(&failure)));
        }
        s.push_str(&format!(
            "  Verdict: git gets {}\n",
            mask_message(&verdict.describe(cx))
        ));
    }
    s
}

fn to_json(cx: &Context, res: &Resolution) -> serde_json::Value {
    let steps: Vec<serde_json::Value> = res
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let loc = cx.entry_location(step.entry);
            let (line, column) = loc.line_col();
            json!({
                "kind": if step.helper.is_some() { "helper" } else { "reset" },
                "helper": step.helper.as_ref().map(|h| mask_message(&h.value).into_owned()),
                "command": step.helper.as_ref().map(|h| mask_message(&h.command).into_owned()),
                "codecommit": step.helper.as_ref().is_some_and(|h| h.is_codecommit()),
                "runs": res.effective.contains(&i),
                "file": crate::base::paths::machine_path(loc.path()),
                "line": line,
                "column": column,
                "scope": loc.scope.as_str(),
            })
        })
        .collect();
    let uhp = res.use_http_path.map(|r| {
        let loc = cx.entry_location(r);
        json!({"value": cx.entry(r).as_bool(), "file": crate::base::paths::machine_path(loc.path()), "line": loc.line_col().0})
    });
    json!({
        "url": mask_message(&res.url.display()),
        "remote": match res.origin { TargetOrigin::Remote(i) => Some(cx.remotes[i].name.clone()), _ => None },
        "steps": steps,
        "use_http_path": uhp,
        "answers_first": res.helpers().next().and_then(|s| s.helper.as_ref()).map(|h| mask_message(&h.value).into_owned()),
        "verdict": crate::parse::endpoint::parse_host(&res.url.host).map(|_| {
            let v = cx.verdict(res);
            json!({
                "fresh_signature": v.is_fresh(),
                "answer": mask_message(&v.describe(cx)),
                "failures": v.failures(cx).iter().map(|f| mask_message(f).into_owned()).collect::<Vec<_>>(),
            })
        }),
    })
}

/// The URL and remote name of a git-remote-codecommit entry.
fn grc_target(cx: &Context, remote: Option<usize>, arg: Option<&str>) -> (String, Option<String>) {
    match remote {
        Some(i) => (cx.remotes[i].url.clone(), Some(cx.remotes[i].name.clone())),
        None => (arg.unwrap_or_default().to_owned(), None),
    }
}

/// Where git finds `git-remote-codecommit`, when probes ran.
fn grc_program(cx: &Context) -> Option<Option<std::path::PathBuf>> {
    cx.probes.programs.get(grc::PROGRAM).cloned().or_else(|| {
        cx.probes
            .ran
            .then(|| crate::base::probe::find_program(&cx.env, grc::PROGRAM))
    })
}

/// A git-remote-codecommit remote: no credential helper runs; the remote helper signs.
fn grc_human(
    cx: &Context,
    remote: Option<usize>,
    arg: Option<&str>,
    parsed: &Result<GrcUrl, Malformed>,
) -> String {
    let (url, name) = grc_target(cx, remote, arg);
    let mut s = format!(
        "{}{}\n",
        mask_message(&url),
        name.map_or(String::new(), |n| format!(" (remote {n})"))
    );
    let url = match parsed {
        Ok(u) => u,
        Err(Malformed(why)) => {
            s.push_str(&format!(
                "  not a git-remote-codecommit URL ({why}): git-remote-codecommit refuses it\n"
            ));
            return s;
        }
    };
    s.push_str("  git runs the remote helper git-remote-codecommit, which signs each request itself:\n  no credential.helper is asked and none is needed (UseHttpPath does not matter)\n");
    let (profile, named) = url.profile_used(cx);
    s.push_str(&format!(
        "  Profile: {profile}{}\n",
        if named {
            ""
        } else {
            " (none in the URL: the session's profile)"
        }
    ));
    match url.region_used(cx) {
        Some((region, from)) => s.push_str(&format!("  Region: {region} (from {from})\n")),
        None => s.push_str(
            "  Region: none — the URL names none and the profile has no `region`: git-remote-codecommit stops\n",
        ),
    }
    s.push_str(&format!("  Repository: {}\n", url.repository));
    match grc_program(cx) {
        Some(Some(path)) => s.push_str(&format!(
            "  Remote helper: {}\n",
            crate::base::paths::display_path(&path, crate::base::paths::git_home(&cx.env).as_deref())
        )),
        Some(None) => s.push_str(
            "  Remote helper: git-remote-codecommit is not on PATH — install it: `pip install git-remote-codecommit`\n",
        ),
        None => {}
    }
    s
}

fn grc_json(
    cx: &Context,
    remote: Option<usize>,
    arg: Option<&str>,
    parsed: &Result<GrcUrl, Malformed>,
) -> serde_json::Value {
    let (url, name) = grc_target(cx, remote, arg);
    let mut v = json!({
        "url": mask_message(&url),
        "remote": name,
        "remote_helper": grc::PROGRAM,
        "steps": [],
    });
    match parsed {
        Ok(u) => {
            let (profile, _) = u.profile_used(cx);
            v["profile"] = json!(profile);
            v["region"] = json!(u.region_used(cx).map(|(r, _)| r));
            v["repository"] = json!(u.repository);
            if let Some(p) = grc_program(cx) {
                v["program"] = json!(p.map(|p| p.to_string_lossy().into_owned()));
            }
        }
        Err(Malformed(why)) => v["malformed"] = json!(why),
    }
    v
}

/// The report for a terminal: control characters from config values escaped, and lines
/// wider than `width` wrapped under their own indent (URLs and `commands` kept whole).
fn fit(text: &str, width: usize) -> String {
    use crate::report::text::{columns, escape_controls, wrap};
    let mut out = String::new();
    for line in text.lines() {
        let line = escape_controls(line, "\\t");
        if columns(&line) <= width {
            out.push_str(&line);
            out.push('\n');
            continue;
        }
        let body = line.trim_start();
        let indent = line.len() - body.len();
        for (i, l) in wrap(body, width, indent, indent + 4).iter().enumerate() {
            let pad = if i == 0 { indent } else { indent + 4 };
            out.push_str(&" ".repeat(pad));
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}
