//! Property tests (proptest) standing in for a fuzzer in CI: mutated versions of realistic
//! configs and garbage helper input never make cc-lint panic, and the fix of any input git
//! parses gives a file git still parses, and a second fix changes nothing.
//!
//! A short bounded run happens in `cargo test`; `PROPTEST_CASES=20000 cargo test --test fuzz`
//! runs longer (see the README for the counts reached).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use cc_lint::awscreds::creds::{CredentialSource, Credentials, CredsError};
use cc_lint::base::env::Env;
use cc_lint::base::source::{Scope, Source};
use cc_lint::fix::plan::{self, CanonicalHelper, FixOptions};
use cc_lint::helper::Args;
use cc_lint::parse::awsconfig::{self, AwsFileKind};
use cc_lint::parse::gitconfig::GitConfigFile;
use cc_lint::report::Format;
use cc_lint::rules::outcome::{self, Selection};
use proptest::prelude::*;

/// Realistic git config lines to build and mutate inputs from.
const GIT_LINES: &[&str] = &[
    "[credential]",
    "[credential \"https://git-codecommit.*.amazonaws.com\"]",
    "[credential \"https://git-codecommit-fips.*.amazonaws.com\"]",
    "[credential \"https://github.com\"]",
    "[Credential \"https://git-codecommit.us-east-1.amazonaws.com/v1/repos/A\"]",
    "[include]",
    "[includeIf \"gitdir:~/work/\"]",
    "[remote \"origin\"]",
    "[user]",
    "[alias]",
    "[url \"https://git-codecommit.us-east-1.amazonaws.com/v1/repos/\"]",
    "\thelper =",
    "\thelper = !aws codecommit credential-helper $@",
    "\thelper = !aws --profile \"My Profile\" codecommit credential-helper $@",
    "\thelper = !aws --profile 'My Profile' codecommit credential-helper $@",
    "\thelper = aws codecommit credential-helper $@",
    "\thelper = '!aws codecommit credential-helper $@'",
    "\thelper = manager",
    "\thelper = osxkeychain",
    "\thelper = store",
    "\tUseHttpPath = true",
    "\tuseHttpPath = false",
    "\tusehttppath",
    "\tpath = ~/.gitconfig-work",
    "\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app",
    "\turl = https://git-codecommit-fips.us-gov-west-1.amazonaws.com/v1/repos/app",
    "\turl = https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app",
    "\tinsteadOf = cc:",
    "\tname = Mary Major ; comment",
    "\tlg = log --graph \\",
    "\t\t--oneline",
    "# a comment",
    "",
];

const AWS_LINES: &[&str] = &[
    "[default]",
    "[profile dev]",
    "[profile 'My Profile']",
    "[profile my profile]",
    "[dev]",
    "[sso-session corp]",
    "[services local]",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG ; rotated",
    "region = us-east-1",
    "role_arn = arn:aws:iam::111111111111:role/x",
    "source_profile = dev",
    "sts =",
    "  endpoint_url = http://127.0.0.1:1",
    "s3 =",
    "key without equals",
    "= no key",
    "  continuation",
    "# comment",
    "",
];

/// Lines a renderer finds hard: very long, wide and combining characters, tabs, control
/// bytes, bidirectional overrides; mixed with the realistic ones. Non-UTF-8 bytes come from
/// the mutations.
const ODD_LINES: &[&str] = &[
    "[credential]",
    "[credential \"https://git-codecommit.*.amazonaws.com\"]",
    "[remote \"orígin\u{301}\"]",
    "\thelper = store",
    "\thelper = manager\u{1b}[31m",
    "\thelper = !aws --profile 'プロファイル 開発' codecommit credential-helper $@",
    "\thelper = !aws\tcodecommit\tcredential-helper $@",
    "\thelper = !aws codecommit credential-helper $@ ; \u{1b}]0;title\u{7}",
    "\thelper = !aws codecommit credential-helper $@ \u{202e}gnp.exe",
    "\thelper = !aws --profile aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa codecommit credential-helper $@",
    "\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/🦀🦀🦀",
    "\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/e\u{301}\u{301}\u{7f}",
    "\tUseHttpPath = true",
    "\tuseHttpPath = \u{0}false",
    "\tname = 名前\t\t\ttab",
    "\u{feff}# zero\u{200b}width",
    // issue 11: `%` next to multi-byte characters, secrets of whitespace
    "\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/café%20x",
    "# 成功率100%",
    "[remote \"café%\"]",
    "\turl = https://AKIAIOSFODNN7EXAMPLE:é%2Fsecret@git-codecommit.us-east-1.amazonaws.com/v1/repos/x",
    "",
];

/// Lines picked from `pool`, then a few random byte mutations, joined by LF or CRLF, with or
/// without a BOM.
fn config_text(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(prop::sample::select(pool), 0..24),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, mutations, crlf, bom)| {
            let mut text = lines.join(if crlf { "\r\n" } else { "\n" }).into_bytes();
            for (at, byte, op) in mutations {
                if text.is_empty() {
                    text.push(byte);
                    continue;
                }
                let i = at.index(text.len());
                match op {
                    0 => text[i] = byte,
                    1 => text.insert(i, byte),
                    _ => {
                        text.remove(i);
                    }
                }
            }
            if bom {
                text.splice(0..0, *b"\xEF\xBB\xBF");
            }
            text
        })
}

/// A machine that exists only in memory: files come from the overlay.
fn virtual_env() -> Env {
    Env::new(
        [
            (
                "HOME".to_owned(),
                "/nonexistent-cc-lint-fuzz/home".to_owned(),
            ),
            ("GIT_CONFIG_NOSYSTEM".to_owned(), "1".to_owned()),
        ],
        "/nonexistent-cc-lint-fuzz/home",
    )
}

fn global_path() -> PathBuf {
    PathBuf::from("/nonexistent-cc-lint-fuzz/home/.gitconfig")
}

fn fix_options() -> FixOptions {
    FixOptions {
        profile: Some("My Profile".into()),
        helper: CanonicalHelper::Builtin {
            exe: "/opt/cc lint/cc-lint".into(),
        },
        target: global_path(),
        target_scope: Scope::Global,
        all_endpoints: false,
        wildcards: true,
    }
}

fn git_parses(bytes: &[u8]) -> bool {
    git_list(bytes).is_some()
}

/// `git config -l -z` of a file: `key\nvalue` (or `key`) items, `None` when git refuses it.
fn git_list(bytes: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config");
    std::fs::write(&p, bytes).unwrap();
    let out = std::process::Command::new("git")
        .args(["config", "--no-includes", "-l", "-z", "-f"])
        .arg(&p)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// 256 cases per property in `cargo test`; `PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_global_rejects: 1_000_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The git config model: never panics; spans lie inside the text; a file git refuses is
    /// one cc-lint refuses (CC001), and the other way round.
    #[test]
    fn git_config_model(bytes in config_text(GIT_LINES)) {
        let source = Arc::new(Source::new("fuzz", &bytes));
        let parsed = GitConfigFile::parse(source.clone());
        for e in &parsed.entries {
            prop_assert!(e.key_span.end <= source.text.len() && e.value_span.end <= source.text.len());
            prop_assert!(e.line_span.start <= e.line_span.end);
        }
        if let Some(err) = &parsed.error {
            prop_assert!(err.span.end <= source.text.len());
        }
        let git = git_list(&bytes);
        prop_assert_eq!(parsed.error.is_none(), git.is_some(), "{:?}", String::from_utf8_lossy(&bytes));
        // A NUL byte inside a section header cuts git's whole key name short (a C string);
        // cc-lint does not model that, and no real config has one.
        let nul_in_header = String::from_utf8_lossy(&bytes).lines().any(|l| l.trim_start_matches('\u{feff}').trim_start().starts_with('[') && l.contains('\0'));
        // Values of a file that is not UTF-8 are read lossily (U+FFFD), git keeps their bytes:
        // for those, acceptance is compared but not the values.
        let utf8 = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).is_ok();
        if let Some(git) = git.filter(|_| !nul_in_header && utf8) {
            let ours: Vec<String> = parsed
                .entries
                .iter()
                .map(|e| match &e.value {
                    Some(v) => format!("{}\n{v}", e.key()),
                    None => e.key(),
                })
                .collect();
            prop_assert_eq!(ours, git, "{:?}", String::from_utf8_lossy(&bytes));
        }
    }

    /// The AWS reader: never panics; spans lie inside the text.
    #[test]
    fn aws_reader(bytes in config_text(AWS_LINES), credentials in any::<bool>()) {
        let text = String::from_utf8_lossy(&bytes);
        let kind = if credentials { AwsFileKind::Credentials } else { AwsFileKind::Config };
        let file = awsconfig::parse(&text, kind);
        for s in &file.sections {
            prop_assert!(s.header.end <= text.len());
            for p in &s.properties {
                prop_assert!(p.value_span.end <= text.len() && p.key_span.end <= text.len());
            }
        }
        let other = awsconfig::parse("", if credentials { AwsFileKind::Config } else { AwsFileKind::Credentials });
        let _ = awsconfig::profiles(&file, &other);
    }

    /// The resolved view and every rule: never panic on any pair of git and AWS files.
    #[test]
    fn resolved_view_and_rules(git in config_text(GIT_LINES), aws in config_text(AWS_LINES)) {
        let mut overlay = HashMap::new();
        overlay.insert(global_path(), git);
        overlay.insert(PathBuf::from("/nonexistent-cc-lint-fuzz/home/.aws/config"), aws);
        let cx = cc_lint::model::load::context_with(&virtual_env(), None, false, Some(&overlay));
        let outcome = outcome::outcome(&cx, None, &Selection::default());
        for f in &outcome.findings {
            prop_assert!(f.location.span.end <= f.location.source.text.len());
        }
    }

    /// The human and concise renderers (issue 11 item 2): any findings on odd lines, at any
    /// width, render without a panic; concise is one line per finding; neither lets a raw
    /// control character through.
    #[test]
    fn human_and_concise_render(git in config_text(ODD_LINES), local in config_text(ODD_LINES), aws in config_text(AWS_LINES), width in 1usize..240, color in any::<bool>()) {
        let mut overlay = HashMap::new();
        overlay.insert(global_path(), git);
        overlay.insert(PathBuf::from("/nonexistent-cc-lint-fuzz/home/.config/git/config"), local);
        overlay.insert(PathBuf::from("/nonexistent-cc-lint-fuzz/home/.aws/config"), aws);
        let cx = cc_lint::model::load::context_with(&virtual_env(), None, false, Some(&overlay));
        let outcome = outcome::outcome(&cx, None, &Selection::default());
        let home = PathBuf::from("/nonexistent-cc-lint-fuzz/home");
        let style = cc_lint::report::Style { color, width, base: Some(&home) };
        for format in [Format::Human, Format::Concise, Format::Github] {
            let mut out = Vec::new();
            cc_lint::report::render(format, &outcome, style, &mut out).expect("renders to memory");
            let text = String::from_utf8(out).expect("UTF-8 out");
            let stray = text.chars().any(|c| c != '\n' && (c.is_control() && !(color && c == '\u{1b}')));
            prop_assert!(!stray, "{:?}: {:?}", format, text);
            if format != Format::Human {
                prop_assert_eq!(text.lines().count(), outcome.findings.len());
            } else {
                let heads = text.lines().filter(|l| ["error[", "warning[", "info["].iter().any(|p| l.contains(p))).count();
                prop_assert!(heads >= outcome.findings.len());
            }
        }
    }

    /// The fix planner: for any input git parses, the fixed file parses (for git too), and a
    /// second fix changes nothing.
    #[test]
    fn fix_planner(git in config_text(GIT_LINES)) {
        prop_assume!(git_parses(&git) && GitConfigFile::parse(Arc::new(Source::new("x", &git))).error.is_none());
        prop_assume!(std::str::from_utf8(git.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&git)).is_ok());
        let env = virtual_env();
        let original = git.clone();
        let mut overlay = HashMap::new();
        overlay.insert(global_path(), git.clone());
        let cx = cc_lint::model::load::context_with(&env, None, false, Some(&overlay));
        let reload = |o: &HashMap<PathBuf, Vec<u8>>| cc_lint::model::load::context_with(&env, None, false, Some(o));
        let planned = plan::plan_with_followup(&cx, &fix_options(), &reload).expect("a parseable file plans");
        let fixed = planned.files.iter().find(|f| f.path == global_path()).map(|f| f.apply(true)).unwrap_or(git);
        prop_assert!(git_parses(&fixed), "git refuses the fixed file:\n{}", String::from_utf8_lossy(&fixed));
        overlay.insert(global_path(), fixed.clone());
        let cx = cc_lint::model::load::context_with(&env, None, false, Some(&overlay));
        let again = plan::plan_with_followup(&cx, &fix_options(), &reload).expect("the fixed file plans");
        for f in again.changed() {
            prop_assert!(f.apply(true) == f.original().unwrap_or_default(), "second fix changes {}: {:?} -> {:?} -> {:?}", f.path.display(), String::from_utf8_lossy(&original), String::from_utf8_lossy(&fixed), String::from_utf8_lossy(&f.apply(true)));
        }
    }

    /// The helper's stdin reader: garbage in, a status out (exit 0 or 1), never a panic,
    /// and never credentials for anything but a CodeCommit host.
    #[test]
    fn helper_stdin(input in prop::collection::vec(any::<u8>(), 0..2048), prefix in prop::sample::select(vec!["", "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\n", "protocol=https\nhost=evil.example\npath=v1/repos/x\n"])) {
        let mut bytes = prefix.as_bytes().to_vec();
        bytes.extend_from_slice(&input);
        let args = Args { profile: None, region: None, timestamp: Some("20171224T115320Z".into()), action: "get".into() };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = cc_lint::helper::run_with(&args, &mut bytes.as_slice(), &mut out, &mut err, &FixedCredentials);
        // a status (exit 0 or 1), never a usage error (2): the arguments are valid
        prop_assert!(status.is_ok(), "{:?}", status);
        let out = String::from_utf8_lossy(&out);
        if out.contains("username=") {
            prop_assert!(out.contains("password="));
        }
        prop_assert!(!String::from_utf8_lossy(&err).contains("SECRETFUZZ"));
    }
}

struct FixedCredentials;

impl CredentialSource for FixedCredentials {
    fn credentials(&self, _: Option<&str>, _: &str) -> Result<Credentials, CredsError> {
        Ok(Credentials {
            access_key_id: "AKIDFUZZ".into(),
            secret_access_key: "SECRETFUZZ".into(),
            session_token: None,
            expiry: None,
        })
    }
}
