//! CC107 helper-not-found (probe). Docs and examples: rules/CC107.toml.

use super::Rule;
use crate::base::shell::Word;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::helper_value::Helper;

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
                if let Some(f) = out.last_mut() {
                    shadowed(cx, r, f);
                }
                continue;
            }
            let program = word.text.as_str();
            let (message, help) = Missing::of(helper, word).explain(program);
            let f = out.report(
                Code::CC107,
                cx.value_part_location(r, &helper.command[word.start..word.end]),
                message,
            );
            f.label("git's shell cannot run this").help(help);
            shadowed(cx, r, f);
        }
    }
}

/// Why the shell cannot run a helper's program.
enum Missing {
    /// `f() { …` cut off by a `;` (git starts a comment there): shell syntax, no program.
    Syntax,
    /// `/opt/my tools/aws …`: the shell runs `/opt/my` with `tools/aws` as argument.
    SplitPath,
    /// A path that does not exist or is not executable.
    Path,
    /// A bare name not on PATH.
    NotOnPath,
}

impl Missing {
    fn of(helper: &Helper, word: &Word) -> Missing {
        let program = word.text.as_str();
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
        if program.contains(['(', ')', '{', '}']) {
            Missing::Syntax
        } else if split_path {
            Missing::SplitPath
        } else if program.contains('/') {
            Missing::Path
        } else {
            Missing::NotOnPath
        }
    }

    /// The finding's message and help.
    fn explain(&self, program: &str) -> (String, String) {
        match self {
            Missing::Syntax => (
                format!(
                    "the shell cannot run this helper: `{program}` is shell syntax, not a program (an unquoted `;` or `#` in a git config value starts a comment, so git may have cut the command short)"
                ),
                "Quote the whole value in double quotes so git keeps the `;`: `helper = \"!f() { aws codecommit credential-helper \\\"$@\\\"; }; f\"` — or, simpler, `helper = !aws codecommit credential-helper $@`.".to_owned(),
            ),
            Missing::SplitPath => (
                format!(
                    "the helper's program path has an unquoted space: the shell looks for `{program}`, which does not exist"
                ),
                "Quote the path for the shell inside the value: `helper = \"!'/path with space/aws' codecommit credential-helper $@\"`.".to_owned(),
            ),
            Missing::Path => (
                format!("the helper's program `{program}` does not exist or is not executable"),
                "Correct the path (AWS CLI v2 installs as /usr/local/bin/aws on Linux and macOS, `C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe` on Windows).".to_owned(),
            ),
            Missing::NotOnPath => (
                format!("the helper's program `{program}` is not on PATH"),
                format!(
                    "Install it, or write its absolute path in the helper: git runs helpers with `sh`, and GUI clients and IDEs often have a shorter PATH than your terminal (`{program}: command not found`, then a user name prompt)."
                ),
            ),
        }
    }
}

/// A helper git reaches only when an earlier one fails: wherever it runs, an earlier helper
/// already gives git a fresh signature, so it is a warning, not a broken setup.
fn shadowed(cx: &Context, r: crate::model::discover::EntryRef, f: &mut crate::finding::Finding) {
    let mut runs = cx
        .resolutions
        .iter()
        .filter(|res| res.helpers().any(|s| s.entry == r))
        .peekable();
    if runs.peek().is_none() {
        return;
    }
    let all_answered_before = runs.all(|res| match cx.verdict(res).answer {
        crate::model::verdict::Answer::Fresh { entry, .. } => {
            let pos = |e| res.steps.iter().position(|s| s.entry == e);
            pos(entry) < pos(r)
        }
        _ => false,
    });
    if all_answered_before {
        f.severity = crate::finding::Severity::Warning;
        f.message.push_str(
            " (an earlier helper answers first, so git reaches this one only when that one fails)",
        );
    }
}
