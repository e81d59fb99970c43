//! CC110 scope-misses-host-form. Docs and examples: rules/CC110.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::{Context, Resolution, TargetOrigin};
use crate::model::discover::EntryRef;
use crate::parse::endpoint;

pub(crate) struct ScopeMissesHostForm;

/// For a remote with no CodeCommit helper: a CodeCommit helper scoped to some other host form
/// (the scope the user meant for it), if there is one.
pub(crate) fn missed_by(cx: &Context, res: &Resolution) -> Option<EntryRef> {
    if res.signing_helper().is_some()
        || res.has_damaged_codecommit_helper()
        || cx.verdict(res).cleared.is_some()
    {
        return None;
    }
    endpoint::parse_host(&res.url.host)?;
    cx.helper_entries()
        .find(|(_, e, h)| h.is_codecommit() && !e.is_unscoped())
        .map(|(r, _, _)| r)
}

impl Rule for ScopeMissesHostForm {
    fn code(&self) -> Code {
        Code::CC110
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for res in &cx.resolutions {
            let TargetOrigin::Remote(i) = res.origin else {
                continue;
            };
            let Some(helper) = missed_by(cx, res) else {
                continue;
            };
            let remote = &cx.remotes[i];
            let Some(host) = endpoint::parse_host(&res.url.host) else {
                continue;
            };
            let scope = cx.entry(helper).subsection.clone().unwrap_or_default();
            let header = cx.file_location(helper.file, cx.entry(helper).header_span.clone());
            out.report(
                Code::CC110,
                cx.value_location(remote.entry),
                format!(
                    "remote `{}` uses a {} host ({}), which the helper's scope `{scope}` does not match",
                    remote.name,
                    host.form().describe(),
                    res.url.host
                ),
            )
            .label("no CodeCommit helper applies to this URL")
            .also(header, "`*` matches exactly one DNS label, so this scope misses that host")
            .help(format!(
                "Add a section for this host form: `[credential \"{}\"]` with `helper =`, the same helper line, and `UseHttpPath = true`.",
                host.form().pattern()
            ));
        }
    }
}
