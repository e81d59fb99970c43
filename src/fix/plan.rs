//! Plans the edits that turn the machine's configuration into a working CodeCommit setup:
//! the canonical scoped sections in the chosen file, and repairs of what check reports, in
//! the files where the entries are defined. Planning reads the model and writes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::edit::{FilePlan, entry_line, line_end};
use crate::base::shell;
use crate::base::source::{Scope, Source};
use crate::model::context::{Context, TargetOrigin};
use crate::model::discover::EntryRef;
use crate::parse::endpoint::{self, HostForm};
use crate::parse::gitconfig::{Entry, GitConfigFile, Header, quote_value};
use crate::parse::helper_value::{Helper, HelperKind};

/// Which helper the canonical sections run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonicalHelper {
    /// `!'<exe>' credential-helper [--profile 'P']`
    Builtin { exe: PathBuf },
    /// `!aws codecommit credential-helper [--profile 'P'] $@`
    Aws,
}

#[derive(Debug, Clone)]
pub struct FixOptions {
    pub profile: Option<String>,
    pub helper: CanonicalHelper,
    /// The file the canonical sections go to, and its scope.
    pub target: PathBuf,
    pub target_scope: Scope,
    pub all_endpoints: bool,
    /// Whether git matches `*` in credential URLs (git ≥ 2.26); else exact hosts are written.
    pub wildcards: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{0} contains bytes that are not UTF-8; cc-lint does not edit it (nothing was changed)"
    )]
    NotUtf8(PathBuf),
    #[error(
        "git {0} predates wildcard credential URLs (2.26) and this repository has no CodeCommit remote to name exactly; run `cc-lint fix` inside a CodeCommit repository or upgrade git"
    )]
    NoHostsForOldGit(String),
    #[error(
        "{path} cannot be parsed by git ({message}); fix that line first (`cc-lint check` shows it)"
    )]
    Unparsable { path: PathBuf, message: String },
}

/// Every planned change, by file, in the order files were first touched.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<FilePlan>,
}

impl Plan {
    fn file_index(&mut self, cx: &Context, path: &Path, scope: Scope) -> Result<usize, PlanError> {
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            return Ok(i);
        }
        let loaded = cx.git.files.iter().find(|f| f.file.source.path == path);
        let plan = match loaded {
            Some(f) => {
                if f.file.source.lossy {
                    return Err(PlanError::NotUtf8(path.to_path_buf()));
                }
                if let Some(e) = &f.file.error {
                    return Err(PlanError::Unparsable {
                        path: path.to_path_buf(),
                        message: e.message.clone(),
                    });
                }
                FilePlan::new(path.to_path_buf(), f.scope, f.file.source.clone(), true)
            }
            None => {
                let bytes = crate::base::trust::read_optional(path).ok().flatten();
                let exists = bytes.is_some();
                let source = Source::new(path, bytes.as_deref().unwrap_or_default());
                if source.lossy {
                    return Err(PlanError::NotUtf8(path.to_path_buf()));
                }
                FilePlan::new(path.to_path_buf(), scope, Arc::new(source), exists)
            }
        };
        self.files.push(plan);
        Ok(self.files.len() - 1)
    }

    /// Every planned file's new bytes, for checking the result before writing it.
    pub fn overlay(&self, with_unsafe: bool) -> crate::model::discover::Overlay {
        self.files
            .iter()
            .map(|f| (f.path.clone(), f.apply(with_unsafe)))
            .collect()
    }

    /// Files with at least one edit.
    pub fn changed(&self) -> impl Iterator<Item = &FilePlan> {
        self.files.iter().filter(|f| !f.edits.is_empty())
    }
}

/// The canonical helper value for the options.
pub fn canonical_helper(opts: &FixOptions) -> String {
    let profile = opts
        .profile
        .as_ref()
        .map(|p| format!(" --profile {}", shell::quote(p)))
        .unwrap_or_default();
    match &opts.helper {
        CanonicalHelper::Builtin { exe } => {
            let exe = exe.to_string_lossy().replace('\\', "/");
            format!(
                "!'{}' credential-helper{profile}",
                exe.replace('\'', r"'\''")
            )
        }
        CanonicalHelper::Aws => format!("!aws codecommit credential-helper{profile} $@"),
    }
}

/// The credential URL patterns to write: one per host form in use (or all), or exact hosts
/// for a git without wildcard matching.
pub fn patterns(cx: &Context, opts: &FixOptions) -> Result<Vec<String>, PlanError> {
    if !opts.wildcards {
        let mut hosts: Vec<String> = cx
            .resolutions
            .iter()
            .filter(|r| matches!(r.origin, TargetOrigin::Remote(_)))
            .map(|r| format!("https://{}", r.url.host_with_port()))
            .collect();
        hosts.sort();
        hosts.dedup();
        if hosts.is_empty() {
            return Err(PlanError::NoHostsForOldGit("on this machine".into()));
        }
        return Ok(hosts);
    }
    let mut forms: Vec<HostForm> = vec![HostForm::STANDARD];
    if opts.all_endpoints {
        forms = HostForm::ALL.to_vec();
    }
    for r in &cx.resolutions {
        if let Some(h) = endpoint::parse_host(&r.url.host)
            && !forms.contains(&h.form())
        {
            forms.push(h.form());
        }
    }
    forms.sort();
    Ok(forms.iter().map(|f| f.pattern()).collect())
}

/// Plans the fix. Entries in files git reads before the target (the system file, unless it is
/// the target) are never edited: the target's resets override them for CodeCommit URLs.
pub fn plan(cx: &Context, opts: &FixOptions) -> Result<Plan, PlanError> {
    let mut plan = Plan::default();
    let helper_value = canonical_helper(opts);
    let patterns = patterns(cx, opts)?;

    // 1. The canonical sections in the target file.
    let t = plan.file_index(cx, &opts.target, opts.target_scope)?;
    let target_file = cx
        .git
        .files
        .iter()
        .position(|f| f.file.source.path == opts.target);
    let new_sections = canonical_sections(
        &mut plan.files[t],
        cx,
        target_file,
        &patterns,
        &helper_value,
    );

    // 2. Repairs in the target, the files it includes, and files git reads after it.
    let canonical: Vec<String> = patterns.clone();
    for (r, entry) in cx.git.entries() {
        if !editable(cx, r.file, opts) || entry.section != "credential" {
            continue;
        }
        let in_canonical_target_section = Some(r.file) == target_file
            && entry
                .subsection
                .as_deref()
                .is_some_and(|s| canonical.iter().any(|c| c == s));
        if in_canonical_target_section {
            continue; // rewritten whole in step 1
        }
        let path = cx.git.files[r.file].file.source.path.clone();
        let scope = cx.git.files[r.file].scope;
        match entry.name.as_str() {
            "helper" => repair_helper(&mut plan, cx, r, entry, &path, scope, opts)?,
            "usehttppath" => repair_use_http_path(&mut plan, cx, entry, &path, scope, opts)?,
            _ => {}
        }
    }
    for fp in &mut plan.files {
        if let Some(parsed) = cx.git.files.iter().find(|f| f.file.source.path == fp.path) {
            drop_emptied_sections(fp, &parsed.file);
        }
    }
    // New sections go in last, so that repairs inserting at the same place (the end of the
    // file) stay in the section they belong to.
    if let Some(edit) = new_sections {
        plan.files[t].edits.push(edit);
    }
    Ok(plan)
}

/// Whether the plan may edit file `file` of `cx`: the target, what it includes, files git
/// reads after it, and the other files of its scope (`~/.config/git/config` beside
/// `~/.gitconfig`) — never the system file (unless it is the target) nor the command line.
/// Entries in files git reads before the target stay: the target's resets override them for
/// CodeCommit URLs.
fn editable(cx: &Context, file: usize, opts: &FixOptions) -> bool {
    let f = &cx.git.files[file];
    let target = cx
        .git
        .files
        .iter()
        .position(|f| f.file.source.path == opts.target);
    let from_target =
        target.is_some_and(|t| file == t || cx.git.include_chain(file).iter().any(|s| s.file == t));
    (from_target || file > target.unwrap_or(cx.git.files.len()) || f.scope >= opts.target_scope)
        && (f.scope != Scope::System || opts.target_scope == Scope::System)
        && f.scope != Scope::Command
}

/// A section whose every entry the plan removes, with nothing else in it (no comment), goes
/// too: an empty `[credential]` header left behind is noise.
fn drop_emptied_sections(fp: &mut FilePlan, file: &crate::parse::gitconfig::GitConfigFile) {
    let text = fp.text().to_owned();
    // `Some(safe)` when an edit removes the line: a header goes with the same safety as the
    // removals that empty its section (an unsafe removal skipped must leave its header)
    let removed = |start: usize, end: usize| {
        fp.edits
            .iter()
            .filter(|e| e.text.is_empty() && e.range.start <= start && end <= e.range.end)
            .map(|e| e.safe)
            .reduce(|a, b| a || b)
    };
    let mut drops = Vec::new();
    for (k, h) in file.headers.iter().enumerate() {
        let end = file
            .headers
            .get(k + 1)
            .map_or(text.len(), |n| super::edit::line_start(&text, n.span.start));
        let header_line = super::edit::line_start(&text, h.span.start)..line_end(&text, h.span.end);
        if !text[header_line.start..h.span.start].trim().is_empty()
            || !text[h.span.end..header_line.end].trim().is_empty()
        {
            continue;
        }
        let mut pos = header_line.end;
        let mut empty = true;
        let mut any_entry = false;
        let mut all_safe = true;
        while pos < end {
            let line_end_at = line_end(&text, pos);
            let line = &text[pos..line_end_at];
            if !line.trim().is_empty() {
                if let Some(safe) = removed(pos, line_end_at) {
                    any_entry = true;
                    all_safe &= safe;
                } else {
                    empty = false;
                    break;
                }
            }
            pos = line_end_at;
        }
        let refilled = fp
            .edits
            .iter()
            .any(|e| !e.text.is_empty() && (header_line.start..=end).contains(&e.range.start));
        if empty && any_entry && !refilled {
            drops.push((header_line, all_safe));
        }
    }
    for (range, safe) in drops {
        fp.push(range, "", safe, "remove a section the fix emptied");
    }
}

/// [`plan`], then what only shows once the plan is in place: a credential store that git runs
/// after the CodeCommit helper (a later unscoped `helper = store`, a repository's own
/// `helper = cache`) stores every CodeCommit password and answers with a stale one. The scoped
/// sections go again at the end of its file, after it, so their reset clears it for CodeCommit
/// URLs only. `reload` builds the model of the machine with the planned files.
pub fn plan_with_followup(
    cx: &Context,
    opts: &FixOptions,
    reload: &dyn Fn(&crate::model::discover::Overlay) -> Context,
) -> Result<Plan, PlanError> {
    let mut plan = plan(cx, opts)?;
    let after = reload(&plan.overlay(true));
    let helper_value = canonical_helper(opts);
    let patterns = patterns(cx, opts)?;
    let mut files: Vec<(std::path::PathBuf, Scope)> = Vec::new();
    for res in &after.resolutions {
        // a later reset (in another file than the target, where the sections cannot go
        // after it) clears the CodeCommit helper: the sections go again after it
        if let Some((reset, _)) = after.verdict(res).cleared {
            let loaded = &after.git.files[reset.file];
            let path = loaded.file.source.path.clone();
            if editable(&after, reset.file, opts)
                && path != opts.target
                && !files.iter().any(|(p, _)| *p == path)
            {
                files.push((path, loaded.scope));
            }
        }
        for store in res.stores_beside_signer().iter().filter(|s| !s.before) {
            let loaded = &after.git.files[store.step.entry.file];
            let path = loaded.file.source.path.clone();
            if editable(&after, store.step.entry.file, opts)
                && !files.iter().any(|(p, _)| *p == path)
            {
                files.push((path, loaded.scope));
            }
        }
    }
    for (path, scope) in files {
        let i = plan.file_index(cx, &path, scope)?;
        let fp = &mut plan.files[i];
        let nl = fp.newline();
        let indent = fp.indent();
        let body: String = patterns
            .iter()
            .map(|p| {
                format!(
                    "[credential \"{p}\"]{nl}{}",
                    section_body(&helper_value, &indent, nl)
                )
            })
            .collect();
        let at = fp.text().len();
        let lead = super::edit::lead_for_insert(fp.text(), at, nl);
        fp.edits.push(super::edit::Edit {
            range: at..at,
            text: format!("{lead}{body}"),
            safe: true,
            why: "reset a credential store that runs after the CodeCommit helper".into(),
        });
    }
    Ok(plan)
}

/// The lines of a canonical section: the reset, the helper, and `UseHttpPath = true`.
fn section_body(helper: &str, indent: &str, nl: &str) -> String {
    format!(
        "{indent}helper ={nl}{indent}helper = {}{nl}{indent}UseHttpPath = true{nl}",
        quote_value(helper)
    )
}

/// Writes or rewrites `[credential "<pattern>"]` with `helper =`, the helper, and
/// `UseHttpPath = true`, for each pattern.
fn canonical_sections(
    fp: &mut FilePlan,
    cx: &Context,
    file: Option<usize>,
    patterns: &[String],
    helper: &str,
) -> Option<super::edit::Edit> {
    let nl = fp.newline();
    let body = section_body(helper, &fp.indent(), nl);
    let parsed = file.map(|i| cx.git.files[i].file.clone());
    // New sections go before the first CodeCommit-scoped section already in the file, so more
    // specific sections written by the user (per-repository profiles) keep the last word —
    // but never before an unscoped reset or store that follows, which would clear them or
    // answer first (Git Credential Manager's own `helper =` + `helper = manager`, say).
    let overridden_before = parsed.as_ref().and_then(|f| last_unscoped_override(f));
    let insert_at = parsed
        .as_ref()
        .and_then(|f| first_codecommit_section(f, overridden_before));
    let mut appended = String::new();
    for pattern in patterns {
        let existing = parsed
            .as_ref()
            .map(|f| live_headers(f, pattern, overridden_before))
            .unwrap_or_default();
        match (parsed.as_ref(), existing.first()) {
            (Some(f), Some(first)) => {
                let section = Section {
                    file: f,
                    first,
                    headers: existing.len(),
                    pattern,
                };
                rewrite_section(fp, cx, &section, helper, &body);
            }
            _ => {
                appended.push_str(&format!("[credential \"{pattern}\"]{nl}{body}"));
                if let Some(f) = parsed.as_ref() {
                    drop_cleared_entries(fp, f, pattern);
                }
            }
        }
    }
    if appended.is_empty() {
        return None;
    }
    let at = insert_at.unwrap_or(fp.text().len());
    let lead = super::edit::lead_for_insert(fp.text(), at, nl);
    Some(super::edit::Edit {
        range: at..at,
        text: format!("{lead}{appended}"),
        safe: true,
        why: "add CodeCommit credential sections".into(),
    })
}

/// The start of the line of the first CodeCommit-scoped credential section that no later
/// unscoped reset or store (ending at `overridden_before`) clears.
fn first_codecommit_section(f: &GitConfigFile, overridden_before: Option<usize>) -> Option<usize> {
    f.headers
        .iter()
        .find(|h| {
            h.section == "credential"
                && h.subsection
                    .as_deref()
                    .is_some_and(endpoint::scope_covers_codecommit)
                && overridden_before.is_none_or(|end| h.span.start >= end)
        })
        .map(|h| super::edit::line_start(&f.source.text, h.span.start))
}

/// The `[credential "<pattern>"]` headers of the file; sections before a later unscoped reset
/// or store do not count: they are cleared.
fn live_headers<'f>(
    f: &'f GitConfigFile,
    pattern: &str,
    overridden_before: Option<usize>,
) -> Vec<&'f Header> {
    f.headers
        .iter()
        .filter(|h| h.section == "credential" && h.subsection.as_deref() == Some(pattern))
        .filter(|h| overridden_before.is_none_or(|end| h.span.start >= end))
        .collect()
}

/// The `helper` and `UseHttpPath` entries of `[credential "<pattern>"]` sections: the ones
/// the canonical section manages.
fn managed_entries<'f>(f: &'f GitConfigFile, pattern: &str) -> Vec<&'f Entry> {
    f.entries
        .iter()
        .filter(|e| {
            e.section == "credential"
                && e.subsection.as_deref() == Some(pattern)
                && matches!(e.name.as_str(), "helper" | "usehttppath")
        })
        .collect()
}

/// What a cleared section of this pattern holds goes (it never answers): the new section is
/// written after the reset.
fn drop_cleared_entries(fp: &mut FilePlan, f: &GitConfigFile, pattern: &str) {
    for e in managed_entries(f, pattern) {
        let (range, safe) = entry_line(fp.text(), &e.line_span);
        fp.push(
            range,
            "",
            safe,
            format!("move [credential \"{pattern}\"] after the reset that clears it"),
        );
    }
}

/// A `[credential "<pattern>"]` section already in the target file.
struct Section<'f> {
    file: &'f GitConfigFile,
    /// Its first header.
    first: &'f Header,
    /// How many headers of the pattern count.
    headers: usize,
    pattern: &'f str,
}

/// Rewrites an existing section to the canonical lines, unless it already holds them.
fn rewrite_section(
    fp: &mut FilePlan,
    cx: &Context,
    section: &Section<'_>,
    helper: &str,
    body: &str,
) {
    let managed = managed_entries(section.file, section.pattern);
    if is_canonical(section, &managed, helper) {
        return;
    }
    let unknown = unknown_helper_answers(cx, &managed);
    let pattern = section.pattern;
    for e in &managed {
        let (range, safe) = entry_line(fp.text(), &e.line_span);
        let why = if unknown {
            format!(
                "replace `{}` in [credential \"{pattern}\"], where a helper cc-lint does not know answers now",
                e.name
            )
        } else if !safe {
            format!(
                "replace `{}` in [credential \"{pattern}\"] (its line holds a comment)",
                e.name
            )
        } else {
            format!("replace `{}` in [credential \"{pattern}\"]", e.name)
        };
        fp.push(range, "", safe && !unknown, why);
    }
    let (at, text) = body_after_header(fp.text(), section.first, body, fp.newline());
    fp.push(
        at..at,
        text,
        !unknown,
        format!("set up [credential \"{pattern}\"]"),
    );
}

/// Whether the section is one header holding exactly the reset, the same CodeCommit helper
/// (the same profile), and `UseHttpPath = true`.
fn is_canonical(section: &Section<'_>, managed: &[&Entry], helper: &str) -> bool {
    let same_helper = |v: Option<&str>| {
        v.is_some_and(|v| {
            v == helper || {
                let (have, want) = (Helper::parse(v), Helper::parse(helper));
                have.is_codecommit()
                    && have.kind == want.kind
                    && have.stray.is_empty()
                    && have.intended_profile() == want.intended_profile()
            }
        })
    };
    let [reset, signer, use_path] = managed else {
        return false;
    };
    reset.name == "helper"
        && reset.value.as_deref() == Some("")
        && signer.name == "helper"
        && same_helper(signer.value.as_deref())
        && use_path.name == "usehttppath"
        && crate::base::env::git_bool(use_path.value.as_deref()) == Some(true)
        && section.headers == 1
        && managed.iter().all(|e| e.header_span == section.first.span)
}

/// A working helper cc-lint does not know (a third-party CodeCommit helper, a script: its
/// program is there and the section sends the path) is replaced only with --unsafe: the whole
/// rewrite of the section is then unsafe. One that cannot work is replaced like any broken
/// helper.
fn unknown_helper_answers(cx: &Context, managed: &[&Entry]) -> bool {
    let path_on = managed
        .iter()
        .any(|e| e.name == "usehttppath" && e.as_bool() == Some(true));
    path_on
        && managed.iter().any(|e| {
            e.name == "helper"
                && e.value.as_deref().is_some_and(|v| {
                    let h = Helper::parse(v);
                    let runs = h
                        .lookup_program()
                        .is_some_and(|p| !matches!(cx.probes.programs.get(&p), Some(None)));
                    !v.is_empty()
                        && matches!(h.kind, HelperKind::ThirdParty | HelperKind::Other)
                        && repaired_value(&h).is_none()
                        && runs
                })
        })
}

/// Where and what to insert for the canonical lines: after the header's line, or right after
/// the header when more follows it on its line (`[credential "…"][remote "origin"]`,
/// `[credential "…"] helper = …`).
fn body_after_header(text: &str, header: &Header, body: &str, nl: &str) -> (usize, String) {
    let line_rest = &text[header.span.end..line_end(text, header.span.end)];
    let alone = line_rest.trim().is_empty() || line_rest.trim_start().starts_with(['#', ';']);
    if alone {
        let at = line_end(text, header.span.end);
        (
            at,
            format!("{}{body}", super::edit::lead_for_insert(text, at, nl)),
        )
    } else {
        (
            header.span.end,
            format!("{nl}{}", body.trim_end_matches(['\r', '\n'])) + nl,
        )
    }
}

/// Where the last unscoped `[credential]` section that resets the helper list or names a
/// credential store ends, in `f`: canonical sections before it would be cleared or answered
/// before, so they go after it.
fn last_unscoped_override(f: &crate::parse::gitconfig::GitConfigFile) -> Option<usize> {
    let last = f.entries.iter().rev().find(|e| {
        e.is("credential", "helper")
            && e.is_unscoped()
            && e.value.as_deref().is_some_and(|v| {
                v.is_empty() || matches!(Helper::parse(v).kind, HelperKind::Storage(_))
            })
    })?;
    Some(line_end(&f.source.text, last.line_span.end))
}

/// CodeCommit helpers outside the canonical sections: an unscoped one is replaced by the
/// scoped sections (removed); a scoped one (a per-repository profile, say) is kept, repaired,
/// and given its own reset so it answers first for its URLs.
fn repair_helper(
    plan: &mut Plan,
    cx: &Context,
    r: EntryRef,
    entry: &Entry,
    path: &Path,
    scope: Scope,
    opts: &FixOptions,
) -> Result<(), PlanError> {
    let Some(value) = entry.value.as_deref().filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    let helper = Helper::parse(value);
    if !helper.is_codecommit() && !helper.is_damaged_codecommit() {
        if entry.is_unscoped()
            || !endpoint::scope_covers_codecommit(entry.subsection.as_deref().unwrap_or(""))
        {
            return duplicate_of_earlier(plan, cx, r, entry, path, scope);
        }
        // A credential store in a section only CodeCommit URLs match can only ever answer
        // with a stale CodeCommit password: it goes (no other host uses it).
        if matches!(helper.kind, HelperKind::Storage(_)) {
            let i = plan.file_index(cx, path, scope)?;
            remove_store_line(&mut plan.files[i], entry);
        }
        return Ok(());
    }
    let i = plan.file_index(cx, path, scope)?;
    let fp = &mut plan.files[i];
    match entry.subsection.as_deref().filter(|_| !entry.is_unscoped()) {
        // Exact-host sections (git < 2.26) cover only this repository's hosts: an unscoped
        // helper still serves every other region, so it stays.
        None if !opts.wildcards => {}
        None => {
            fp.remove_entry(
                &entry.line_span,
                "remove the unscoped CodeCommit helper (the scoped sections replace it)",
            );
        }
        Some(_) => {
            fix_scoped_value(fp, cx, entry, &helper, opts);
            complete_scoped_section(fp, cx, r, entry);
        }
    }
    Ok(())
}

/// Removes a credential store's line from a CodeCommit section.
fn remove_store_line(fp: &mut FilePlan, entry: &Entry) {
    // an insertion at the start of this line (the `UseHttpPath` the helper before it gets)
    // composes with removing the line
    let (range, safe) = entry_line(fp.text(), &entry.line_span);
    if !fp.edits.iter().any(|e| e.range == range) {
        fp.push(
            range,
            "",
            safe,
            "remove a credential store from a CodeCommit section (it answers with stale passwords)",
        );
    }
}

/// A kept section signs with the profile asked for when its own profile is gone, or when it
/// names none (the default credential chain, which `--profile` replaces): only narrower sections
/// with a profile of their own that exists are the user's. Otherwise a damaged value is
/// repaired.
fn fix_scoped_value(
    fp: &mut FilePlan,
    cx: &Context,
    entry: &Entry,
    helper: &Helper,
    opts: &FixOptions,
) {
    // judged on the helper as repaired, so a second fix agrees with the first
    let effective = as_meant(helper);
    let unusable = effective.is_codecommit()
        && match effective.intended_profile() {
            Some(p) => cx.aws.readable_by_aws_cli() && cx.aws.profiles.get(&p).is_none(),
            None => true,
        };
    let wanted = canonical_helper(opts);
    if fp.touches(&entry.value_span) {
        return;
    }
    if unusable && opts.profile.is_some() && entry.value.as_deref() != Some(wanted.as_str()) {
        fp.push(
            entry.value_span.clone(),
            quote_value(&wanted),
            true,
            "point the helper at the profile asked for (its own is missing or gone)",
        );
    } else if let Some(repaired) = repaired_value(helper) {
        fp.push(
            entry.value_span.clone(),
            quote_value(&repaired),
            true,
            "repair the helper command",
        );
    }
}

/// Gives a scoped CodeCommit helper the reset before it and, as the section's last helper,
/// `UseHttpPath = true` after it, when the section lacks them.
fn complete_scoped_section(fp: &mut FilePlan, cx: &Context, r: EntryRef, entry: &Entry) {
    let entries = &cx.git.files[r.file].file.entries;
    let section_helpers: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.header_span == entry.header_span && e.name == "helper")
        .collect();
    let position = section_helpers
        .iter()
        .position(|e| e.key_span == entry.key_span)
        .unwrap_or(0);
    let has_reset = position > 0 && section_helpers[position - 1].value.as_deref() == Some("");
    let start = super::edit::line_start(fp.text(), entry.key_span.start);
    let prefix = fp.text()[start..entry.key_span.start].to_owned();
    let nl = fp.newline();
    // the key may share its line with the section header: `[credential "…"] helper = …`
    let own_line = prefix.trim().is_empty();
    let indent = if own_line { prefix } else { fp.indent() };
    if !has_reset {
        let (at, text) = if own_line {
            (start, format!("{indent}helper ={nl}"))
        } else {
            (entry.key_span.start, format!("helper ={nl}{indent}"))
        };
        fp.push(at..at, text, true, "reset inherited helpers for this scope");
    }
    let path_on = entries.iter().any(|e| {
        e.header_span == entry.header_span && e.name == "usehttppath" && e.as_bool() == Some(true)
    });
    // the last helper the section keeps (its stores are removed)
    let last_helper = section_helpers
        .iter()
        .rev()
        .find(|e| {
            !e.value
                .as_deref()
                .is_some_and(|v| matches!(Helper::parse(v).kind, HelperKind::Storage(_)))
        })
        .is_some_and(|e| e.key_span == entry.key_span);
    if !path_on && last_helper {
        let end = line_end(fp.text(), entry.line_span.end);
        let lead = super::edit::lead_for_insert(fp.text(), end, nl);
        fp.push(
            end..end,
            format!("{lead}{indent}UseHttpPath = true{nl}"),
            true,
            "send the repository path for this scope",
        );
    }
}

/// The same helper twice in the list for a CodeCommit URL: drop the later one.
fn duplicate_of_earlier(
    plan: &mut Plan,
    cx: &Context,
    r: EntryRef,
    entry: &Entry,
    path: &Path,
    scope: Scope,
) -> Result<(), PlanError> {
    // the earlier one must run wherever this one does (other hosts keep their helpers)
    let dup = cx.resolutions.iter().any(|res| {
        res.duplicate_steps().iter().any(|(step, earlier)| {
            step.entry == r
                && earlier.iter().any(|s| {
                    let earlier = cx.entry(s.entry);
                    earlier.is_unscoped() || earlier.subsection == entry.subsection
                })
        })
    });
    if !dup {
        return Ok(());
    }
    let i = plan.file_index(cx, path, scope)?;
    let fp = &mut plan.files[i];
    fp.remove_entry(
        &entry.line_span,
        "remove a helper that already runs earlier for this URL",
    );
    Ok(())
}

/// `UseHttpPath` turned off for CodeCommit URLs after the canonical sections: an unscoped
/// `false` is dropped (false is git's default for other hosts); a CodeCommit-scoped one is
/// set to true.
fn repair_use_http_path(
    plan: &mut Plan,
    cx: &Context,
    entry: &Entry,
    path: &Path,
    scope: Scope,
    opts: &FixOptions,
) -> Result<(), PlanError> {
    if entry.as_bool() == Some(true) {
        // An unscoped `true` that served only the unscoped CodeCommit helper the scoped
        // sections replace: it makes git store credentials per path for every other host
        // too, so it goes — unsafe, since another host may rely on it (CC111).
        if entry.is_unscoped() && opts.wildcards && !unscoped_use_http_path_kept(cx, opts) {
            let i = plan.file_index(cx, path, scope)?;
            let fp = &mut plan.files[i];
            let (range, _) = entry_line(fp.text(), &entry.line_span);
            if !fp.touches(&range) {
                fp.push(
                    range,
                    "",
                    false,
                    "drop the unscoped `UseHttpPath = true` (the CodeCommit sections set their own; other hosts would store credentials per path)",
                );
            }
        }
        return Ok(());
    }
    let i = plan.file_index(cx, path, scope)?;
    let fp = &mut plan.files[i];
    match entry.subsection.as_deref().filter(|_| !entry.is_unscoped()) {
        None => {
            fp.remove_entry(
                &entry.line_span,
                "drop `useHttpPath = false`, which turns the path off for CodeCommit",
            );
        }
        Some(s) if endpoint::scope_covers_codecommit(s) => {
            let range = if entry.value_span.is_empty() {
                entry.line_span.clone()
            } else {
                entry.value_span.clone()
            };
            let text = if entry.value_span.is_empty() {
                format!("{} = true", &fp.text()[entry.key_span.clone()])
            } else {
                "true".to_owned()
            };
            if !fp.touches(&range) {
                fp.push(range, text, true, "turn UseHttpPath on for CodeCommit");
            }
        }
        Some(_) => {}
    }
    Ok(())
}

/// Whether an unscoped `UseHttpPath = true` must stay after the plan: an unscoped helper that
/// signs for CodeCommit still needs it (the model's question, CC111's), counting the ones the
/// plan leaves — all but the known CodeCommit helpers in files it edits, which the scoped
/// sections replace.
fn unscoped_use_http_path_kept(cx: &Context, opts: &FixOptions) -> bool {
    cx.unscoped_use_http_path_serves(|r, h| !(h.is_codecommit() && editable(cx, r.file, opts)))
}

/// The helper as it was meant: repaired when damaged (a lost `!`, literal quotes, …), else
/// itself. Fix and its planner judge a damaged helper by what it was meant to be.
pub fn as_meant(helper: &Helper) -> Helper {
    repaired_value(helper).map_or_else(|| helper.clone(), |v| Helper::parse(&v))
}

/// A damaged or mis-quoted CodeCommit helper, as it was meant: `!` restored, literal quotes
/// dropped, stray words removed, the profile quoted for the shell.
pub fn repaired_value(helper: &Helper) -> Option<String> {
    let mut value = helper.value.trim().to_owned();
    let damaged =
        !value.starts_with('!') || value.starts_with(['\'', '"']) || !helper.stray.is_empty();
    if helper.is_codecommit() && !damaged {
        return None;
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        value = inner.to_owned();
    }
    if !value.starts_with('!') {
        value = format!("!{value}");
    }
    let h = Helper::parse(&value);
    if !h.is_codecommit() {
        return None;
    }
    let words = h.words.as_ref()?;
    let profile_name = h.intended_profile();
    let mut out: Vec<String> = Vec::new();
    let mut skip_next = false;
    for w in words {
        if skip_next {
            skip_next = false;
            continue;
        }
        if h.stray.iter().any(|s| s.start == w.start) {
            continue;
        }
        if w.text == "--profile" {
            if let Some(name) = &profile_name {
                out.push(format!("--profile {}", shell::quote(name)));
            }
            skip_next = true;
            continue;
        }
        if w.text.starts_with("--profile=") {
            if let Some(name) = &profile_name {
                out.push(format!("--profile={}", shell::quote(name)));
            }
            continue;
        }
        out.push(if w.quoted || w.text.contains(' ') {
            shell::quote(&w.text)
        } else {
            w.text.clone()
        });
    }
    let mut repaired = format!("!{}", out.join(" "));
    if h.kind == HelperKind::AwsCli && helper.value.contains("$@") {
        repaired.push_str(" $@");
    }
    (repaired != helper.value).then_some(repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_damaged_helpers() {
        let r = |v: &str| repaired_value(&Helper::parse(v));
        assert_eq!(
            r("!aws --profile My Profile codecommit credential-helper $@").as_deref(),
            Some("!aws --profile 'My Profile' codecommit credential-helper $@")
        );
        assert_eq!(
            r("aws codecommit credential-helper $@").as_deref(),
            Some("!aws codecommit credential-helper $@")
        );
        assert_eq!(
            r("'!aws codecommit credential-helper $@'").as_deref(),
            Some("!aws codecommit credential-helper $@")
        );
        assert_eq!(
            r("!aws codecommit credential-helper setup.sh prod").as_deref(),
            Some("!aws codecommit credential-helper")
        );
        assert_eq!(
            r("!aws --profile 'My Profile' codecommit credential-helper $@"),
            None
        );
    }

    #[test]
    fn canonical_helper_survives_git_and_sh() {
        let opts = FixOptions {
            profile: Some("My Profile".into()),
            helper: CanonicalHelper::Builtin {
                exe: "/opt/cc lint/cc-lint".into(),
            },
            target: "x".into(),
            target_scope: Scope::Global,
            all_endpoints: false,
            wildcards: true,
        };
        let v = canonical_helper(&opts);
        assert_eq!(
            v,
            "!'/opt/cc lint/cc-lint' credential-helper --profile 'My Profile'"
        );
        let h = Helper::parse(&v);
        assert_eq!(h.kind, HelperKind::CcLint);
        assert_eq!(h.profile.unwrap().value.unwrap().text, "My Profile");
    }
}
