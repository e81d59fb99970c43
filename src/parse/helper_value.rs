//! What a `credential.helper` value is: the command git runs for it (credential.c
//! `credential_do`) and which kind of helper that command is.

use std::ops::Range;

use crate::base::shell::{self, Vars, Word};

/// Storage helpers that answer with whatever they stored: stale CodeCommit passwords.
pub const STORAGE_HELPERS: [&str; 7] = [
    "manager",
    "manager-core",
    "wincred",
    "osxkeychain",
    "libsecret",
    "store",
    "cache",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelperKind {
    /// `aws … codecommit credential-helper`.
    AwsCli,
    /// `cc-lint credential-helper`.
    CcLint,
    /// A credential store such as Git Credential Manager or the macOS keychain.
    Storage(&'static str),
    /// A CodeCommit helper of another project (`git-credential-codecommit…`, `vouch`):
    /// it answers for CodeCommit in ways cc-lint does not model.
    ThirdParty,
    Other,
}

/// A helper value as git will run it.
#[derive(Debug, Clone)]
pub struct Helper {
    /// The value after git's unquoting.
    pub value: String,
    /// The shell command git runs (without the action argument).
    pub command: String,
    /// Offset of `command` within `value` (1 after a `!`, 0 otherwise).
    pub command_offset: usize,
    /// `command` split by `sh` (parameters expanded when the environment is known); `None`
    /// when it does not split (unterminated quote).
    pub words: Option<Vec<Word>>,
    /// How many leading words are `NAME=value` assignments `sh` puts in the program's
    /// environment (`!AWS_PROFILE=dev aws …`); the program is the word after them.
    pub assignments: usize,
    pub kind: HelperKind,
    /// `--profile` and its value as the shell passes it.
    pub profile: Option<ProfileArg>,
    /// Positional words the helper does not expect (the rest of a split profile name,
    /// expanded `$@` text, …).
    pub stray: Vec<Word>,
}

#[derive(Debug, Clone)]
pub struct ProfileArg {
    pub option: Word,
    pub value: Option<Word>,
}

impl Helper {
    /// Parses a value with parameters left as written (`$HOME` stays `$HOME`).
    pub fn parse(value: &str) -> Helper {
        Helper::parse_with(value, None)
    }

    /// Parses a value as git's `sh` runs it where `vars` gives the variables: `$NAME` and
    /// `${NAME}` expand, unset ones to nothing.
    pub fn parse_in(value: &str, vars: Vars) -> Helper {
        Helper::parse_with(value, Some(vars))
    }

    fn parse_with(value: &str, vars: Option<Vars>) -> Helper {
        let (command, command_offset) = if let Some(cmd) = value.strip_prefix('!') {
            (cmd.to_owned(), 1)
        } else if is_absolute(value) {
            (value.to_owned(), 0)
        } else {
            (format!("git credential-{value}"), 0)
        };
        // `f() { aws codecommit credential-helper "$@"; }; f`: the command is the body
        let words = match function_body(&command) {
            Some(body) => shell::split_with(&command[body.clone()], vars)
                .ok()
                .map(|ws| shifted(ws, body.start)),
            None => shell::split_with(&command, vars).ok(),
        };
        let assignments = words.as_ref().map_or(0, |ws| {
            ws.iter().take_while(|w| is_assignment(&command, w)).count()
        });
        let mut helper = Helper {
            value: value.to_owned(),
            command,
            command_offset,
            words,
            assignments,
            kind: HelperKind::Other,
            profile: None,
            stray: Vec::new(),
        };
        helper.classify();
        helper
    }

    /// Whether this helper signs CodeCommit requests in a way cc-lint knows (the AWS CLI's or
    /// cc-lint's own).
    pub fn is_codecommit(&self) -> bool {
        matches!(self.kind, HelperKind::AwsCli | HelperKind::CcLint)
    }

    /// Whether this helper answers for CodeCommit with a signature: the known ones, and
    /// third-party CodeCommit helpers.
    pub fn signs_codecommit(&self) -> bool {
        self.is_codecommit() || self.kind == HelperKind::ThirdParty
    }

    /// The value meant a CodeCommit helper, but git cannot run it as one (a lost or escaped
    /// `!`, a split or emptied argument, a literal quote).
    pub fn is_damaged_codecommit(&self) -> bool {
        !self.signs_codecommit() && self.value.contains("credential-helper")
    }

    /// The profile name as meant: the `--profile` value plus the words the shell split off
    /// right after it (`--profile My Profile` means `My Profile`).
    pub fn intended_profile(&self) -> Option<String> {
        let value = self.profile.as_ref()?.value.as_ref()?;
        let mut name = value.text.clone();
        for w in self.split_profile_words() {
            name.push(' ');
            name.push_str(&w.text);
        }
        Some(name)
    }

    /// The words the shell split off the profile name: the stray words right after the
    /// `--profile` value, separated from it and each other by blanks only.
    pub fn split_profile_words(&self) -> Vec<&Word> {
        let Some(value) = self.profile.as_ref().and_then(|p| p.value.as_ref()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut end = value.end;
        for w in self.stray.iter().filter(|w| w.start >= value.end) {
            if !self.command[end..w.start].trim().is_empty() {
                break;
            }
            out.push(w);
            end = w.end;
        }
        out
    }

    /// The profile name the program really receives after `--profile` (only the first word
    /// when the shell split the name).
    pub fn passed_profile(&self) -> Option<&str> {
        Some(self.profile.as_ref()?.value.as_ref()?.text.as_str())
    }

    /// The `NAME=value` assignments before the program, as `sh` passes them.
    pub fn env_assignments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words
            .iter()
            .flatten()
            .take(self.assignments)
            .filter_map(|w| w.text.split_once('='))
    }

    /// The value an assignment before the program gives `name`.
    pub fn assigned(&self, name: &str) -> Option<&str> {
        self.env_assignments()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .last()
    }

    /// The word `sh` runs as the program (after any assignments).
    pub fn program_word(&self) -> Option<&Word> {
        self.words.as_ref()?.get(self.assignments)
    }

    /// The program that must exist for git to run this helper: the program word, or for a
    /// value without `!` (`vouch credential …`) the `git-credential-<name>` git looks for.
    pub fn lookup_program(&self) -> Option<String> {
        if self.command_offset == 0 && !is_absolute(&self.value) {
            let name = self.value.split_whitespace().next()?;
            return Some(format!("git-credential-{name}"));
        }
        self.program().map(str::to_owned)
    }

    /// The program name git's `sh` looks up.
    pub fn program(&self) -> Option<&str> {
        self.program_word().map(|w| w.text.as_str())
    }

    /// Parameters in the command that were unset, so expanded to nothing.
    pub fn unset_parameters(&self) -> Vec<&str> {
        self.words
            .iter()
            .flatten()
            .flat_map(|w| &w.expansions)
            .filter(|e| e.value.is_none())
            .map(|e| e.name.as_str())
            .collect()
    }

    fn classify(&mut self) {
        let Some(all) = self.words.clone() else {
            return;
        };
        let words = &all[self.assignments.min(all.len())..];
        let Some(first) = words.first() else { return };
        let base = program_base(&first.text);
        // `helper = store`: git runs `git credential-store`
        let short_name = (self.command_offset == 0 && !is_absolute(&self.value))
            .then(|| self.value.split_whitespace().next().unwrap_or(""));
        if let Some(name) = short_name.or_else(|| base.strip_prefix("git-credential-")) {
            if let Some(s) = STORAGE_HELPERS.iter().find(|s| **s == name) {
                self.kind = HelperKind::Storage(s);
            } else if is_third_party_codecommit(name) {
                self.kind = HelperKind::ThirdParty;
            }
            return;
        }
        if is_third_party_codecommit(&base) {
            self.kind = HelperKind::ThirdParty;
            return;
        }
        let Some((expected, options_with_value)) = command_line_of(&base) else {
            return;
        };
        let positional = self.options(&words[1..], options_with_value);
        // The expected words, in order; anything else positional is stray.
        let mut want = expected.iter().peekable();
        for w in positional {
            if want.peek().is_some_and(|e| **e == w.text) {
                want.next();
            } else {
                self.stray.push(w);
            }
        }
        if want.peek().is_none() {
            self.kind = if base == "aws" {
                HelperKind::AwsCli
            } else {
                HelperKind::CcLint
            };
        }
    }

    /// Reads the options of a CodeCommit helper's words after the program (`--profile`
    /// remembered); returns the positional words.
    fn options(&mut self, rest: &[Word], options_with_value: &[&str]) -> Vec<Word> {
        let mut positional = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let w = &rest[i];
            if let Some(opt) = options_with_value.iter().find(|o| w.text == **o) {
                if *opt == "--profile" {
                    self.profile = Some(ProfileArg {
                        option: w.clone(),
                        value: rest.get(i + 1).cloned(),
                    });
                }
                i += 2;
                continue;
            }
            if let Some(v) = w.text.strip_prefix("--profile=") {
                let mut value = w.clone();
                value.text = v.to_owned();
                value.start += "--profile=".len();
                self.profile = Some(ProfileArg {
                    option: w.clone(),
                    value: Some(value),
                });
            } else if !w.text.starts_with('-') {
                positional.push(w.clone());
            }
            i += 1;
        }
        positional
    }
}

/// CodeCommit helpers of other projects, by program name: `git-credential-codecommit`,
/// `git-credential-codecommit-osx`, `codecommit-credential-helper`, Vouch.
fn is_third_party_codecommit(name: &str) -> bool {
    let base = program_base(name);
    base.contains("codecommit") || base == "vouch"
}

/// `NAME=value` with an unquoted name: `sh` takes it as an assignment.
fn is_assignment(command: &str, w: &Word) -> bool {
    let Some((name, _)) = command[w.start..w.end].split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `C:/Program Files/Amazon/AWSCLIV2/aws.exe` → `aws`.
pub fn program_base(program: &str) -> String {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let lower = base.to_ascii_lowercase();
    for ext in [".exe", ".cmd", ".bat"] {
        if let Some(stem) = lower.strip_suffix(ext) {
            return stem.to_owned();
        }
    }
    lower
}

fn is_absolute(value: &str) -> bool {
    let b = value.as_bytes();
    value.starts_with('/')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'/' | b'\\'))
}

/// The words a CodeCommit helper program expects after its name, and its options that take a
/// value; `None` for other programs.
fn command_line_of(program: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    match program {
        "aws" => Some((
            &["codecommit", "credential-helper"],
            &[
                "--profile",
                "--region",
                "--endpoint-url",
                "--output",
                "--query",
                "--cli-read-timeout",
                "--cli-connect-timeout",
                "--ca-bundle",
                "--color",
            ],
        )),
        "cc-lint" => Some((
            &["credential-helper"],
            &["--profile", "--region", "--timestamp"],
        )),
        _ => None,
    }
}

/// The body of a helper written as a shell function that it then calls, as guides suggest:
/// `f() { aws codecommit credential-helper "$@"; }; f` — the body without its final `;`.
/// `None` for anything else, a function git cut short at an unquoted `;` included (its `}`
/// is gone: sh fails, CC107 says why).
fn function_body(command: &str) -> Option<Range<usize>> {
    let c = command.trim_end();
    let paren = c.find('(')?;
    let name = c[..paren].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    {
        return None;
    }
    let rest = c[paren + 1..].trim_start().strip_prefix(')')?.trim_start();
    let open = c.len() - rest.len();
    rest.strip_prefix('{')?;
    let close = c.rfind('}')?;
    let call = c[close + 1..].trim_start().strip_prefix(';')?.trim();
    let args = call.strip_prefix(name)?.trim();
    if !matches!(args, "" | "$@" | "\"$@\"") {
        return None;
    }
    // sh wants a `;` (or a newline) before the closing brace
    let body = c.get(open + 1..close)?.trim_end().strip_suffix(';')?;
    let lead = body.len() - body.trim_start().len();
    Some(open + 1 + lead..open + 1 + body.len())
}

/// Words split from a part of the command at `offset`, with their spans in the command.
fn shifted(words: Vec<Word>, offset: usize) -> Vec<Word> {
    words
        .into_iter()
        .map(|mut w| {
            w.start += offset;
            w.end += offset;
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_usual_helpers() {
        let h = Helper::parse("!aws codecommit credential-helper $@");
        assert_eq!(h.kind, HelperKind::AwsCli);
        assert!(h.stray.is_empty());
        let h = Helper::parse("!aws --profile 'My Profile' codecommit credential-helper $@");
        assert_eq!(h.profile.unwrap().value.unwrap().text, "My Profile");
        let h = Helper::parse("!aws codecommit credential-helper --profile=dev $@");
        assert_eq!(h.profile.unwrap().value.unwrap().text, "dev");
        let h = Helper::parse(
            "!\"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe\" codecommit credential-helper $@",
        );
        assert_eq!(h.kind, HelperKind::AwsCli);
        let h = Helper::parse("!'/opt/my tools/cc-lint' credential-helper --profile dev");
        assert_eq!(h.kind, HelperKind::CcLint);
        assert_eq!(
            Helper::parse("manager").kind,
            HelperKind::Storage("manager")
        );
        assert_eq!(
            Helper::parse("cache --timeout=3600").kind,
            HelperKind::Storage("cache")
        );
        assert_eq!(
            Helper::parse("/usr/local/share/gcm-core/git-credential-manager").kind,
            HelperKind::Storage("manager")
        );
        assert_eq!(
            Helper::parse("aws codecommit credential-helper $@").kind,
            HelperKind::Other
        );
        assert_eq!(Helper::parse("!f() { echo x; }; f").kind, HelperKind::Other);
    }

    #[test]
    fn split_profile_leaves_stray_words() {
        let h = Helper::parse("!aws --profile My Profile codecommit credential-helper $@");
        assert_eq!(h.kind, HelperKind::AwsCli);
        assert_eq!(
            h.profile.as_ref().unwrap().value.as_ref().unwrap().text,
            "My"
        );
        assert_eq!(
            h.stray.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["Profile"]
        );
        let h = Helper::parse("!aws codecommit credential-helper --profile My Profile $@");
        assert_eq!(
            h.stray.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["Profile"]
        );
    }

    #[test]
    fn a_shell_function_wrapper_is_read_by_its_body() {
        let h = Helper::parse("!f() { aws codecommit credential-helper --profile dev \"$@\"; }; f");
        assert_eq!(h.kind, HelperKind::AwsCli);
        assert_eq!(h.passed_profile(), Some("dev"));
        let w = h.program_word().unwrap();
        assert_eq!(&h.command[w.start..w.end], "aws");
        // cut short at an unquoted `;` (git's comment): not a function, sh fails
        let cut = Helper::parse("!f() { aws codecommit credential-helper $@");
        assert_ne!(cut.kind, HelperKind::AwsCli);
        // a function that calls something else is not read as its body
        let other = Helper::parse("!f() { aws codecommit credential-helper; }; g");
        assert_eq!(other.kind, HelperKind::Other);
    }
}
