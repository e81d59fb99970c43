//! The human and concise formats as a user reads them: severity, code and place first; fitted
//! to the width asked for; URLs, paths and `commands` whole; errors before warnings before
//! info; control characters from files escaped. Concise lines are the JSON findings, one to
//! one.

mod common;

use common::Machine;
use unicode_width::UnicodeWidthStr;

fn stdout(m: &Machine, args: &[&str]) -> String {
    String::from_utf8_lossy(&m.cc_lint(args).stdout).into_owned()
}

/// Unbreakable: one word (a URL, a path) or one `backticked command` after the indent.
fn unbreakable(line: &str) -> bool {
    let body = line.trim_start().trim_start_matches(['|', '=', ' ']);
    let body = body.split_once(" | ").map_or(body, |(_, b)| b).trim();
    !body.contains(' ') || (body.matches('`').count() == 2 && body.starts_with('`'))
}

#[test]
fn every_fixture_fits_80_and_60_columns_with_urls_whole() {
    for name in common::fixture_names() {
        for cols in ["80", "60"] {
            let mut m = Machine::fixture(&name);
            m.env.insert("COLUMNS".into(), cols.into());
            let out = stdout(&m, &["check", "--no-probe"]);
            let width: usize = cols.parse().unwrap();
            for line in out.lines() {
                // a source line shows whole words around the marked one; a word longer than
                // the room (a URL with a masked password) is kept whole
                let source_line = line.split_once(" | ").is_some_and(|(n, rest)| {
                    n.trim().parse::<usize>().is_ok() && !rest.trim_matches('…').contains(' ')
                        || rest.trim_start_matches(['^', '-']).is_empty()
                });
                assert!(
                    line.width() <= width
                        || unbreakable(line)
                        || source_line
                        || line
                            .trim()
                            .trim_start_matches(['(', '`'])
                            .starts_with("https://")
                        || line.split_whitespace().count() <= 2,
                    "{name} at {cols} columns: {} columns:\n{line}\n\n{out}",
                    line.width()
                );
            }
            // every URL the JSON messages name appears whole in the human output
            let (json, _, _) = m.check_json(&[]);
            for f in json["findings"].as_array().unwrap() {
                for word in f["message"]
                    .as_str()
                    .unwrap()
                    .split([' ', '(', ')', '`', ','])
                {
                    if word.starts_with("https://") {
                        let word = word.trim_end_matches([':', '.', ';']);
                        assert!(out.contains(word), "{name}: {word} split:\n{out}");
                    }
                }
            }
        }
    }
}

#[test]
fn each_finding_leads_with_severity_code_and_place_once() {
    for name in common::fixture_names() {
        let m = Machine::fixture(&name);
        let out = stdout(&m, &["check", "--no-probe"]);
        let (json, _, _) = m.check_json(&[]);
        let findings = json["findings"].as_array().unwrap();
        let heads: Vec<&str> = out
            .lines()
            .filter(|l| {
                l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("info[")
            })
            .collect();
        assert_eq!(heads.len(), findings.len(), "{name}:\n{out}");
        // errors, then warnings, then info
        let rank = |l: &str| match l.split('[').next() {
            Some("error") => 0,
            Some("warning") => 1,
            _ => 2,
        };
        let ranks: Vec<i32> = heads.iter().map(|h| rank(h)).collect();
        assert!(ranks.is_sorted(), "{name}: {heads:#?}");
        for f in findings {
            let head = format!(
                "{}[{}] {}: ",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["name"].as_str().unwrap()
            );
            assert!(
                heads.iter().any(|h| h.starts_with(&head)),
                "{name}: no `{head}`:\n{out}"
            );
        }
        let arrows = out
            .lines()
            .filter(|l| l.trim_start().starts_with("--> "))
            .count();
        assert_eq!(
            arrows,
            findings.len(),
            "{name}: one `-->` per finding:\n{out}"
        );
    }
}

#[test]
fn errors_come_before_warnings_whatever_the_file_order() {
    // in git's reading order a warning (CC402, the credentials file's mode) comes between
    // errors
    let m = Machine::fixture("git-credentials-store");
    let (json, _, _) = m.check_json(&[]);
    let sev: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, ["error", "warning", "error", "error"]);
    let out = stdout(&m, &["check", "--no-probe"]);
    let heads: Vec<&str> = out
        .lines()
        .filter_map(|l| {
            l.split('[')
                .next()
                .filter(|w| ["error", "warning"].contains(w))
        })
        .collect();
    assert_eq!(heads, ["error", "error", "error", "warning"], "{out}");
}

#[test]
fn concise_is_one_line_per_json_finding() {
    for name in common::fixture_names() {
        let m = Machine::fixture(&name);
        let out = stdout(&m, &["check", "--no-probe", "--format", "concise"]);
        let (json, _, _) = m.check_json(&[]);
        let expected: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}: {} [{}] {}",
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["column"],
                    f["code"].as_str().unwrap(),
                    f["severity"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect();
        let got: Vec<&str> = out.lines().collect();
        assert_eq!(got, expected, "{name}");
        let code = m
            .cc_lint(&["check", "--no-probe", "--format", "concise"])
            .status
            .code();
        let json_code = m
            .cc_lint(&["check", "--no-probe", "--format", "json"])
            .status
            .code();
        assert_eq!(code, json_code, "{name}");
    }
}

/// issue 11 item 9: an ESC or BEL in a config file never reaches the terminal raw.
#[test]
fn control_characters_from_files_are_escaped() {
    let m = Machine::fixture("guide-recommended");
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !aws codecommit credential-helper $@ ; \x1b]0;pwned\x07\n\tUseHttpPath = true\n",
    );
    m.init_repo("[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x\x1b[2J\n");
    for format in ["human", "concise", "github", "json", "sarif"] {
        let out = m.cc_lint(&["check", "--no-probe", "--format", format]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\x1b') && !text.contains('\x07'),
            "{format}: raw control bytes:\n{text:?}"
        );
        assert!(!text.is_empty());
        if format == "human" {
            assert!(
                text.contains("\\x1b"),
                "{format}: escape not shown:\n{text}"
            );
        }
    }
}

#[test]
fn human_width_follows_columns() {
    let mut m = Machine::fixture("windows-gcm");
    m.env.insert("COLUMNS".into(), "200".into());
    let wide = stdout(&m, &["check", "--no-probe"]);
    m.env.insert("COLUMNS".into(), "60".into());
    let narrow = stdout(&m, &["check", "--no-probe"]);
    assert!(
        wide.lines().count() < narrow.lines().count(),
        "{wide}\n{narrow}"
    );
    assert!(wide.lines().next().unwrap().width() > 80, "{wide}");
    // without COLUMNS and not on a terminal: 100 columns
    m.env.remove("COLUMNS");
    let default = stdout(&m, &["check", "--no-probe"]);
    assert!(
        default.lines().all(|l| l.width() <= 100 || unbreakable(l)),
        "{default}"
    );
}

/// issue 11 item 9, beyond `check`: `chain` and `fix`'s diff show control characters from the
/// files escaped too (tabs and line endings of the diff kept).
#[test]
fn chain_and_fix_escape_control_characters() {
    let m = Machine::fixture("guide-recommended");
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !aws codecommit credential-helper $@ \x1b[31mx\x07\n\tUseHttpPath = true\n[user]\n\tname = \x1b[2JMary\n",
    );
    let out = m.cc_lint(&[
        "chain",
        "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("\\x1b[31mx\\x07"), "{text}");
    let out = m.cc_lint(&["fix", "--dry-run", "--helper", "aws"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("--- a/~/.gitconfig"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("\\x1b"), "{text}");
    assert!(text.contains("\n-\thelper = !aws"), "tabs kept: {text}");
}

#[test]
fn chain_fits_the_width() {
    let mut m = Machine::fixture("windows-gcm");
    m.env.insert("COLUMNS".into(), "60".into());
    let out = m.cc_lint(&[
        "chain",
        "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/MyDemoRepo",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    for l in text.lines() {
        assert!(
            l.width() <= 60
                || unbreakable(l)
                || !l.trim().contains(' ')
                || l.trim_start().starts_with("https://")
                || l.contains("/system/gitconfig"),
            "{l}\n{text}"
        );
    }
    assert!(text.contains("Answers first: manager"), "{text}");
}
