//! `cc-lint chain`: for each URL, the credential helpers git runs, in order, where each comes
//! from, the resets, the `UseHttpPath` in force, which helper answers first and what git gets;
//! for a git-remote-codecommit URL, what that remote helper signs with.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::text::{columns, escape_controls, wrap};
use crate::base::paths::{display_path, machine_path};
use crate::base::redact::mask_message;
use crate::model::context::{Context, Resolution, TargetOrigin};
use crate::model::discover::EntryRef;
use crate::model::grc::{self, GrcUrl, Malformed};
use crate::parse::endpoint::parse_host;
use crate::parse::helper_value::HelperKind;

/// What `chain` shows: the resolutions of the model `cx`, then its git-remote-codecommit URLs.
pub struct Chain<'a> {
    pub cx: &'a Context,
    pub resolutions: Vec<Resolution>,
    pub grc: Vec<GrcEntry>,
}

/// A git-remote-codecommit URL: no credential helper runs; the remote helper signs.
pub struct GrcEntry {
    pub url: String,
    /// The remote's name, when the URL is a remote's.
    pub remote: Option<String>,
    pub parsed: Result<GrcUrl, Malformed>,
    /// Where git finds `git-remote-codecommit` (`None` inside when it does not), when probes ran.
    pub program: Option<Option<PathBuf>>,
}

/// The human report, fitted to `width` columns.
pub fn human(chain: &Chain<'_>, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let home = crate::base::paths::git_home(&chain.cx.env);
    let text = chain
        .resolutions
        .iter()
        .map(|r| resolution(chain.cx, r, home.as_deref()))
        .chain(chain.grc.iter().map(|g| grc_human(chain.cx, g)))
        .collect::<Vec<_>>()
        .join("\n");
    out.write_all(fit(&text, width).as_bytes())
}

/// A JSON array, one object per URL.
pub fn json(chain: &Chain<'_>, out: &mut dyn Write) -> io::Result<()> {
    let v: Vec<serde_json::Value> = chain
        .resolutions
        .iter()
        .map(|r| to_json(chain.cx, r))
        .chain(chain.grc.iter().map(|g| grc_json(chain.cx, g)))
        .collect();
    let text = serde_json::to_string_pretty(&v).map_err(io::Error::other)?;
    out.write_all(format!("{text}\n").as_bytes())
}

fn place(cx: &Context, r: EntryRef, home: Option<&Path>) -> String {
    let loc = cx.entry_location(r);
    let (line, _) = loc.line_col();
    let mut s = format!("{}:{line} ({})", display_path(loc.path(), home), loc.scope);
    if !loc.include_chain.is_empty() {
        s.push_str(&format!(
            ", included from {}",
            loc.include_chain.join(" → ")
        ));
    }
    s
}

/// One URL's chain: the helpers git runs, then `UseHttpPath`, who answers, and the verdict.
fn resolution(cx: &Context, res: &Resolution, home: Option<&Path>) -> String {
    let name = match res.origin {
        TargetOrigin::Remote(i) => format!(" (remote {})", cx.remotes[i].name),
        TargetOrigin::Generic(_) => String::new(),
    };
    let mut s = format!("{}{name}\n", mask_message(&res.url.display()));
    let url_answers = res.url.carries_credentials();
    if url_answers {
        s.push_str("  the URL carries a user name and password: git uses them and asks no credential helper\n");
    }
    if res.url.scheme != "https" && res.url.scheme != "http" {
        s.push_str(&format!(
            "  `{}` URLs do not use credential helpers (ssh authenticates with keys)\n",
            res.url.scheme
        ));
        return s;
    }
    if res.steps.is_empty() && !url_answers {
        s.push_str("  no credential.helper applies: git prompts for a user name and password\n");
    }
    s.push_str(&steps(cx, res, url_answers, home));
    s.push_str(&unscoped_note(res));
    s.push_str(&use_http_path(cx, res, home));
    s.push_str(&answers_first(res, url_answers));
    if !url_answers && parse_host(&res.url.host).is_some() {
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

/// Every matching helper entry and reset: numbered when git runs it, crossed out when not.
fn steps(cx: &Context, res: &Resolution, url_answers: bool, home: Option<&Path>) -> String {
    let mut s = String::new();
    let mut n = 0;
    for (i, step) in res.steps.iter().enumerate() {
        let at = place(cx, step.entry, home);
        let Some(h) = &step.helper else {
            s.push_str(&format!("  -  reset (empty helper)            {at}\n"));
            continue;
        };
        let tag = match &h.kind {
            HelperKind::AwsCli | HelperKind::CcLint => " [CodeCommit]",
            HelperKind::ThirdParty => " [CodeCommit, third-party]",
            HelperKind::Storage(_) => " [store]",
            HelperKind::Other => "",
        };
        if res.effective.contains(&i) {
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
    s
}

/// A CodeCommit helper in a section without a URL runs for every host, this one included.
fn unscoped_note(res: &Resolution) -> String {
    if parse_host(&res.url.host).is_some() {
        return String::new();
    }
    let running = res.codecommit_helper().and_then(|s| s.helper.as_ref());
    running.map_or(String::new(), |h| {
        format!(
            "  note: the CodeCommit helper `{}` runs for this host too (its section has no URL);\n        it answers nothing here, but git starts it on every request. `cc-lint fix` scopes it.\n",
            mask_message(&h.value)
        )
    })
}

fn use_http_path(cx: &Context, res: &Resolution, home: Option<&Path>) -> String {
    let Some(r) = res.use_http_path else {
        return "  UseHttpPath: false (not set)\n".to_owned();
    };
    let value = match cx.entry(r).as_bool() {
        Some(true) => "true",
        Some(false) => "false",
        None => "invalid",
    };
    format!("  UseHttpPath: {value}  {}\n", place(cx, r, home))
}

/// The helper whose answer git uses. For another host a CodeCommit helper prints nothing,
/// and git asks the next one.
fn answers_first(res: &Resolution, url_answers: bool) -> String {
    let codecommit_host = parse_host(&res.url.host).is_some();
    let first = res.answers_first().and_then(|s| s.helper.as_ref());
    let Some(h) = first else {
        return if url_answers {
            "  Answers first: the user name and password in the URL\n".to_owned()
        } else {
            "  Answers first: nobody (git prompts)\n".to_owned()
        };
    };
    let note = match h.kind {
        HelperKind::AwsCli | HelperKind::CcLint => "signs a fresh password for each request",
        HelperKind::Storage(_) if codecommit_host => {
            "answers with what it stored, which for CodeCommit expires after 15 minutes"
        }
        HelperKind::Storage(_) => "answers with what it stored",
        HelperKind::ThirdParty => "a CodeCommit helper cc-lint does not model",
        HelperKind::Other => "",
    };
    format!(
        "  Answers first: {}{}{note}\n",
        mask_message(&h.value),
        if note.is_empty() { "" } else { " — " }
    )
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
                "file": machine_path(loc.path()),
                "line": line,
                "column": column,
                "scope": loc.scope.as_str(),
            })
        })
        .collect();
    let uhp = res.use_http_path.map(|r| {
        let loc = cx.entry_location(r);
        json!({"value": cx.entry(r).as_bool(), "file": machine_path(loc.path()), "line": loc.line_col().0})
    });
    json!({
        "url": mask_message(&res.url.display()),
        "remote": match res.origin { TargetOrigin::Remote(i) => Some(cx.remotes[i].name.clone()), _ => None },
        "steps": steps,
        "use_http_path": uhp,
        "answers_first": res.answers_first().and_then(|s| s.helper.as_ref()).map(|h| mask_message(&h.value).into_owned()),
        "verdict": parse_host(&res.url.host).map(|_| {
            let v = cx.verdict(res);
            json!({
                "fresh_signature": v.is_fresh(),
                "answer": mask_message(&v.describe(cx)),
                "failures": v.failures(cx).iter().map(|f| mask_message(f).into_owned()).collect::<Vec<_>>(),
            })
        }),
    })
}

/// A git-remote-codecommit remote: no credential helper runs; the remote helper signs.
fn grc_human(cx: &Context, g: &GrcEntry) -> String {
    let mut s = format!(
        "{}{}\n",
        mask_message(&g.url),
        g.remote
            .as_ref()
            .map_or(String::new(), |n| format!(" (remote {n})"))
    );
    let url = match &g.parsed {
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
    match &g.program {
        Some(Some(path)) => s.push_str(&format!(
            "  Remote helper: {}\n",
            display_path(path, crate::base::paths::git_home(&cx.env).as_deref())
        )),
        Some(None) => s.push_str(
            "  Remote helper: git-remote-codecommit is not on PATH — install it: `pip install git-remote-codecommit`\n",
        ),
        None => {}
    }
    s
}

fn grc_json(cx: &Context, g: &GrcEntry) -> serde_json::Value {
    let mut v = json!({
        "url": mask_message(&g.url),
        "remote": g.remote,
        "remote_helper": grc::PROGRAM,
        "steps": [],
    });
    match &g.parsed {
        Ok(u) => {
            let (profile, _) = u.profile_used(cx);
            v["profile"] = json!(profile);
            v["region"] = json!(u.region_used(cx).map(|(r, _)| r));
            v["repository"] = json!(u.repository);
            if let Some(p) = &g.program {
                v["program"] = json!(p.as_ref().map(|p| p.to_string_lossy().into_owned()));
            }
        }
        Err(Malformed(why)) => v["malformed"] = json!(why),
    }
    v
}

/// The report for a terminal: control characters from config values escaped, and lines
/// wider than `width` wrapped under their own indent (URLs and `commands` kept whole).
fn fit(text: &str, width: usize) -> String {
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
