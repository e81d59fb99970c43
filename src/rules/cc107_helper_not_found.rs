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
            if helper.is_damaged_codecommit() && helper.command_offset == 0 {
                continue; // a lost `!` is CC104's
            }
            let Some(word) = helper.program_word() else {
                continue;
            };
            let Some(lookup) = helper.lookup_program() else {
                continue;
            };
            if !matches!(cx.probes.programs.get(&lookup), Some(None)) {
                continue;
            }
            if lookup != word.text {
                // `helper = vouch …` (no `!`): git runs `git credential-vouch`
                out.report(
                    Code::CC107,
                    cx.value_location(r),
                    format!("git runs this helper as `git credential-{}`, and `{lookup}` is neither on PATH nor in git's exec path", lookup.trim_start_matches("git-credential-")),
                )
                .label("git cannot run this")
                .help("Install the helper, or write the value as a shell command with its program's path: `helper = !'/path/to/program' …`.");
                continue;
            }
            let program = word.text.as_str();
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
