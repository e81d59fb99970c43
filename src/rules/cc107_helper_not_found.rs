//! CC107 helper-not-found (probe). Docs and examples: rules/CC107.toml.

use super::{Code, Rule};
use crate::context::Context;
use crate::finding::Findings;

pub(crate) struct HelperNotFound;

impl Rule for HelperNotFound {
    fn code(&self) -> Code {
        Code::CC107
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        if !cx.probes.ran {
            return;
        }
        for (r, _, helper) in cx.codecommit_helper_entries() {
            let Some(word) = helper.words.as_ref().and_then(|w| w.first()) else {
                continue;
            };
            let program = word.text.as_str();
            if !matches!(cx.probes.programs.get(program), Some(None)) {
                continue;
            }
            // `/opt/my tools/aws …`: the shell runs `/opt/my` with `tools/aws` as argument.
            let split_path = !word.quoted
                && program.contains('/')
                && helper
                    .words
                    .as_ref()
                    .and_then(|w| w.get(1))
                    .is_some_and(|next| {
                        next.start == word.end + 1
                            && !next.text.starts_with('-')
                            && (next.text.contains('/') || next.text.contains('\\'))
                    });
            let message = if split_path {
                format!(
                    "the helper's program path has an unquoted space: the shell looks for `{program}`, which does not exist"
                )
            } else if program.contains('/') {
                format!("the helper's program `{program}` does not exist or is not executable")
            } else {
                format!("the helper's program `{program}` is not on PATH")
            };
            let help = if split_path {
                "Quote the path for the shell inside the value: `helper = \"!'/path with space/aws' codecommit credential-helper $@\"`.".to_owned()
            } else if program.contains('/') {
                "Correct the path (AWS CLI v2 installs as /usr/local/bin/aws on Linux and macOS, `C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe` on Windows).".to_owned()
            } else {
                format!(
                    "Install it, or write its absolute path in the helper: git runs helpers with `sh`, and GUI clients and IDEs often have a shorter PATH than your terminal (`{program}: command not found`, then a user name prompt)."
                )
            };
            out.report(
                Code::CC107,
                cx.value_part_location(r, &helper.command[word.start..word.end]),
                message,
            )
            .label("git's shell cannot run this")
            .help(help);
        }
    }
}
