//! CC103 conflicting-helper. Docs and examples: rules/CC103.toml.

use std::collections::BTreeSet;

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct ConflictingHelper;

impl Rule for ConflictingHelper {
    fn code(&self) -> Code {
        Code::CC103
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for res in &cx.resolutions {
            for store in res.stores_beside_signer() {
                let (step, cc, name) = (store.step, store.signer, store.name);
                if !reported.insert((
                    step.entry.file,
                    step.entry.entry,
                    cc.entry.file,
                    cc.entry.entry,
                )) {
                    continue;
                }
                let what = match name {
                    "manager" | "manager-core" => "Git Credential Manager",
                    "wincred" => "the Windows credential store",
                    "osxkeychain" => "the macOS keychain",
                    "libsecret" => "the libsecret keyring",
                    "store" => "the plaintext `store` helper",
                    _ => "the credential cache",
                };
                let scope = crate::parse::endpoint::parse_host(&res.url.host).map_or_else(
                    || crate::parse::endpoint::HostForm::STANDARD.pattern(),
                    |h| h.form().pattern(),
                );
                if store.before {
                    out.report(
                        Code::CC103,
                        cx.entry_location(step.entry),
                        format!(
                            "{what} (`{name}`) runs before the CodeCommit helper for {}: it answers with stored passwords that expire after 15 minutes",
                            res.describe(cx)
                        ),
                    )
                    .label("asked first; its stale answer wins")
                    .also(cx.entry_location(cc.entry), "the CodeCommit helper only runs after it")
                    .help(format!(
                        "Put an empty `helper =` line before the CodeCommit helper, in a section scoped to CodeCommit (`[credential \"{scope}\"]`), so other hosts keep `{name}`. Then remove stored CodeCommit entries from {what}."
                    ));
                } else {
                    // It never answers while the CodeCommit helper works: a warning.
                    let f = out.report(
                        Code::CC103,
                        cx.entry_location(step.entry),
                        format!(
                            "{what} (`{name}`) also runs for {}: git stores every CodeCommit password in it{}, and it answers with a stale one whenever the CodeCommit helper does not",
                            res.describe(cx),
                            if name == "store" { " in plain text" } else { "" }
                        ),
                    )
                    .label("runs after the CodeCommit helper, and stores its passwords");
                    f.severity = crate::finding::Severity::Warning;
                    f
                    .also(cx.entry_location(cc.entry), "the CodeCommit helper")
                    .help(format!(
                        "Reset it for CodeCommit: put `[credential \"{scope}\"]` with `helper =`, the CodeCommit helper and `UseHttpPath = true` after this line (in this file, or one git reads later), so other hosts keep `{name}`."
                    ));
                }
            }
        }
    }
}
