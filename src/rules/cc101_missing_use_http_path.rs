//! CC101 missing-use-http-path. Docs and examples: rules/CC101.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct MissingUseHttpPath;

impl Rule for MissingUseHttpPath {
    fn code(&self) -> Code {
        Code::CC101
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for res in &cx.resolutions {
            let Some(helper) = res.signing_helper() else {
                continue;
            };
            let setting = res.use_http_path;
            if setting.is_some_and(|r| cx.entry(r).as_bool() == Some(true)) {
                continue;
            }
            let message = match setting {
                Some(r) => format!(
                    "`credential.UseHttpPath` is `{}` for {}: the CodeCommit helper gets no repository path",
                    cx.entry(r).value.as_deref().unwrap_or(""),
                    res.describe(cx)
                ),
                None => format!(
                    "`credential.UseHttpPath` is not set for {}: the CodeCommit helper gets no repository path",
                    res.describe(cx)
                ),
            };
            // name the helper really configured, and what it does without the path
            let h = helper
                .helper
                .as_ref()
                .expect("a CodeCommit step has a helper");
            let fails = match h.kind {
                crate::parse::helper_value::HelperKind::CcLint => format!(
                    "without the path `{}` refuses to sign (`quit=1`) and git stops",
                    h.value
                ),
                _ => format!(
                    "without the path `{}` fails (`'path'`) and git prompts or gets 403",
                    h.value
                ),
            };
            let e = cx.entry(helper.entry);
            let section = match &e.subsection {
                Some(url) => format!("[credential \"{url}\"]"),
                None => "[credential]".to_owned(),
            };
            match setting {
                // The line that turns it off is the cause; the helper is why it matters.
                Some(r) => {
                    let place = cx.describe(r);
                    out.report(Code::CC101, cx.entry_location(r), message)
                        .label("UseHttpPath turned off here")
                        .also(cx.entry_location(helper.entry), "this helper signs the repository path, which git does not send")
                        .help(format!("Remove `useHttpPath = {}` at {place} (git reads it after the helper's section, so it wins), or scope it to the hosts that need it. The signature covers /v1/repos/<name>; {fails}.", cx.entry(r).value.as_deref().unwrap_or("")));
                }
                None => {
                    out.report(Code::CC101, cx.entry_location(helper.entry), message)
                        .label("this helper signs the repository path, which git does not send")
                        .help(format!("Add `UseHttpPath = true` to `{section}`, the section of `{}`. The signature covers /v1/repos/<name>; {fails}.", h.value));
                }
            }
        }
    }
}
