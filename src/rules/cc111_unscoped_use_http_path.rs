//! CC111 unscoped-use-http-path. Docs and examples: rules/CC111.toml.

use super::Rule;
use crate::base::source::Scope;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct UnscopedUseHttpPath;

impl Rule for UnscopedUseHttpPath {
    fn code(&self) -> Code {
        Code::CC111
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        // it serves CodeCommit only while a CodeCommit helper is itself unscoped (CC105)
        let scoped_setup = cx
            .helper_entries()
            .any(|(_, e, h)| h.signs_codecommit() && !e.is_unscoped());
        if !scoped_setup || cx.unscoped_use_http_path_serves(|_, _| true) {
            return;
        }
        for (r, e) in cx.git.entries() {
            if !e.is("credential", "usehttppath")
                || !e.is_unscoped()
                || e.as_bool() != Some(true)
                || cx.git.files[r.file].scope == Scope::Command
            {
                continue;
            }
            out.report(
                Code::CC111,
                cx.entry_location(r),
                "an unscoped `UseHttpPath = true` is left over: the CodeCommit helpers are scoped, so it only makes git store credentials per repository path for every other host",
            )
            .label("applies to every HTTPS host")
            .help("Remove it if no other host needs it (`cc-lint fix --unsafe` does): the CodeCommit sections set `UseHttpPath = true` themselves. Git Credential Manager and the keychain then keep one login per host again instead of one per repository.");
        }
    }
}
