//! `cc-lint chain`: the doctor. For a URL, the credential helpers git runs, in order, where
//! each comes from, the resets, the `UseHttpPath` in force, and which helper answers first.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::check;
use crate::cli::{ChainArgs, SimpleFormat};
use crate::context::{self, Context, Resolution, TargetOrigin};
use crate::env::Env;
use crate::helpers::HelperKind;
use crate::redact::mask_message;
use crate::urlmatch::Url;

pub fn run(args: &ChainArgs, env: &Env, out: &mut dyn Write) -> Result<i32, String> {
    let repo_dir = args.repo.as_deref().map(|p| env.cwd.join(p));
    let cx = check::context(env, repo_dir.as_deref(), true);
    let resolutions: Vec<Resolution> = match &args.url {
        Some(u) => {
            let url = Url::parse(u).ok_or_else(|| {
                format!(
                    "`{}` is not a URL git can match (scheme://host/path)",
                    mask_message(u)
                )
            })?;
            vec![context::resolve(
                &cx.git,
                url,
                TargetOrigin::Generic(crate::codecommit::HostForm::STANDARD),
            )]
        }
        None => {
            let remotes: Vec<Resolution> = cx
                .resolutions
                .iter()
                .filter(|r| matches!(r.origin, TargetOrigin::Remote(_)))
                .cloned()
                .collect();
            if remotes.is_empty() {
                if let Some(refused) = &cx.git.refused {
                    return Err(format!(
                        "git refuses the repository at {} (detected dubious ownership: it is not yours), so its remotes were not read; pass a URL, or if you trust it: git config --global --add safe.directory {}",
                        refused.path.display(),
                        crate::shell::quote(&refused.path.to_string_lossy())
                    ));
                }
                return Err(match &cx.repo {
                    Some(_) => "this repository has no CodeCommit HTTPS remote; pass a URL: `cc-lint chain https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME`".to_owned(),
                    None => "not in a git repository; pass a URL: `cc-lint chain https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME`".to_owned(),
                });
            }
            remotes
        }
    };
    let home = env.home();
    let text = match args.format {
        SimpleFormat::Human => resolutions
            .iter()
            .map(|r| human(&cx, r, home.as_deref()))
            .collect::<Vec<_>>()
            .join("\n"),
        SimpleFormat::Json => {
            let v: Vec<serde_json::Value> = resolutions
                .iter()
                .map(|r| to_json(&cx, r, home.as_deref()))
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

fn place(cx: &Context, r: crate::discover::EntryRef, home: Option<&Path>) -> String {
    let loc = cx.entry_location(r);
    let (line, _) = loc.line_col();
    let mut s = format!(
        "{}:{line} ({})",
        crate::report::display_path(loc.path(), home),
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
    match res.helpers().next().and_then(|st| st.helper.as_ref()) {
        Some(h) => {
            let note = match h.kind {
                HelperKind::AwsCli | HelperKind::CcLint => {
                    "signs a fresh password for each request"
                }
                HelperKind::Storage(_) => {
                    "answers with what it stored, which for CodeCommit expires after 15 minutes"
                }
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
    s
}

fn to_json(cx: &Context, res: &Resolution, home: Option<&Path>) -> serde_json::Value {
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
                "file": crate::report::display_path(loc.path(), home),
                "line": line,
                "column": column,
                "scope": loc.scope.as_str(),
            })
        })
        .collect();
    let uhp = res.use_http_path.map(|r| {
        let loc = cx.entry_location(r);
        json!({"value": cx.entry(r).as_bool(), "file": crate::report::display_path(loc.path(), home), "line": loc.line_col().0})
    });
    json!({
        "url": mask_message(&res.url.display()),
        "remote": match res.origin { TargetOrigin::Remote(i) => Some(cx.remotes[i].name.clone()), _ => None },
        "steps": steps,
        "use_http_path": uhp,
        "answers_first": res.helpers().next().and_then(|s| s.helper.as_ref()).map(|h| mask_message(&h.value).into_owned()),
    })
}
