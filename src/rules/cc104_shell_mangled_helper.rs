//! CC104 shell-mangled-helper. Docs and examples: rules/CC104.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::helper_value::{Helper, HelperKind, program_base};

pub(crate) struct ShellMangledHelper;

impl Rule for ShellMangledHelper {
    fn code(&self) -> Code {
        Code::CC104
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (r, _, helper) in cx.helper_entries() {
            let Some((message, help)) = diagnose(helper) else {
                continue;
            };
            out.report(Code::CC104, cx.value_location(r), message)
                .label("git runs this value as written")
                .help(help);
        }
    }
}

fn diagnose(helper: &Helper) -> Option<(String, String)> {
    let value = helper.value.trim();
    let mentions_codecommit = value.contains("credential-helper");
    literal_quote(value, mentions_codecommit)
        .or_else(|| escaped_bang(value, mentions_codecommit))
        .or_else(|| unset_parameter(helper, mentions_codecommit))
        .or_else(|| lost_bang(helper, value, mentions_codecommit))
        .or_else(|| stray_words(helper))
}

/// cmd.exe passes single quotes through: the value starts with a literal quote.
fn literal_quote(value: &str, mentions_codecommit: bool) -> Option<(String, String)> {
    let inner = value
        .strip_prefix('\'')
        .or_else(|| value.strip_prefix('"'))?;
    if !(inner.starts_with('!') || mentions_codecommit) {
        return None;
    }
    let fixed = inner.trim_end_matches(['\'', '"']);
    Some((
        format!(
            "the helper value starts with a literal quote, so git runs `git credential-{}`",
            first_word(value)
        ),
        format!(
            "cmd.exe does not strip single quotes. Write the value without them: `helper = {fixed}`"
        ),
    ))
}

/// `\!aws …`: Bash keeps the backslash before `!` inside double quotes, and git runs
/// `git credential-!aws`.
fn escaped_bang(value: &str, mentions_codecommit: bool) -> Option<(String, String)> {
    let rest = value.strip_prefix("\\!").filter(|_| mentions_codecommit)?;
    Some((
        format!(
            "the value starts with `\\!`, so git runs `git credential-!{}`, which does not exist",
            first_word(rest)
        ),
        format!(
            "Remove the backslash: `helper = !{rest}`. In Bash, inside double quotes `\\!` keeps its backslash; type the `git config` value in single quotes instead."
        ),
    ))
}

/// A parameter the shell expands to nothing when git runs the helper.
fn unset_parameter(helper: &Helper, mentions_codecommit: bool) -> Option<(String, String)> {
    let unset = helper.unset_parameters();
    if !mentions_codecommit || unset.is_empty() {
        return None;
    }
    let words: Vec<&str> = helper
        .words
        .as_ref()?
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    let profile = helper
        .passed_profile()
        .map(|p| format!(" (`--profile` receives `{p}`)"))
        .unwrap_or_default();
    Some((
        format!(
            "`${}` is not set where git runs the helper, so the shell drops it: the program receives `{}`{profile}",
            unset.join("`, `$"),
            words.join(" ")
        ),
        format!(
            "Write the value itself into the helper (for example `--profile 'my-profile'`), or set `{}` in the environment git runs in — GUI clients and IDEs often do not have your shell's variables.",
            unset.join("`, `")
        ),
    ))
}

/// The `!` was lost: git runs `git credential-aws …`, which does not exist.
fn lost_bang(helper: &Helper, value: &str, mentions_codecommit: bool) -> Option<(String, String)> {
    if helper.kind != HelperKind::Other || value.starts_with('!') || !mentions_codecommit {
        return None;
    }
    let first = first_word(value);
    if !matches!(program_base(first).as_str(), "aws" | "cc-lint") {
        return None;
    }
    Some((
        format!(
            "the leading `!` is missing, so git runs `git credential-{first}`, which does not exist"
        ),
        format!(
            "Start the value with `!` so git runs it as a shell command: `helper = !{value}`. In Bash, type the `git config` value in single quotes so `!` is not history-expanded."
        ),
    ))
}

/// Words left over after `credential-helper` other than options: an expanded `$@`.
fn stray_words(helper: &Helper) -> Option<(String, String)> {
    if !helper.is_codecommit() {
        return None;
    }
    let words = helper.words.as_ref()?;
    let after = words.iter().position(|w| w.text == "credential-helper")?;
    let stray: Vec<&str> = helper
        .stray
        .iter()
        .filter(|s| words.iter().position(|w| w == *s) > Some(after))
        // a split profile name is CC102's
        .filter(|s| !helper.split_profile_words().contains(s))
        .map(|w| w.text.as_str())
        .collect();
    if stray.is_empty() {
        return None;
    }
    Some((
        format!("unexpected words after `credential-helper`: `{}` (a shell expanded `$@` when the command was typed)", stray.join(" ")),
        "Remove the extra words; git passes the action (get/store/erase) itself. When setting the value from a script, quote it with single quotes so `$@` stays literal.".to_owned(),
    ))
}

fn first_word(value: &str) -> &str {
    value.split_whitespace().next().unwrap_or(value)
}
