//! Every fixture home gives exactly the findings in its `expected.txt` (`CODE file:line`),
//! and the exit code the README's "Exit codes" section gives.

mod common;

use common::Machine;

#[test]
fn fixtures_give_exactly_the_expected_findings() {
    let names = common::fixture_names();
    assert!(names.len() >= 12, "fixtures: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let m = Machine::fixture(name);
        let expected_text = std::fs::read_to_string(m.root().join("expected.txt")).unwrap();
        let mut expected: Vec<String> = expected_text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        expected.sort();
        let (json, mut got, code) = m.check_json(&[]);
        got.sort();
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}\n  {json:#}"
            ));
            continue;
        }
        let want_code = if expected.is_empty() { 0 } else { 1 };
        if code != want_code {
            failures.push(format!("{name}: exit {code}, expected {want_code}"));
        }
        assert_eq!(json["version"], 1);
        assert_eq!(
            json["summary"]["error"].as_u64().unwrap()
                + json["summary"]["warning"].as_u64().unwrap()
                + json["summary"]["info"].as_u64().unwrap(),
            expected.len() as u64,
            "{name}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_finding_has_the_spec_fields() {
    let m = Machine::fixture("windows-gcm");
    let (json, _, _) = m.check_json(&[]);
    let f = &json["findings"][0];
    for key in [
        "code", "name", "severity", "message", "file", "line", "column", "scope", "help", "fix",
    ] {
        assert!(!f[key].is_null(), "missing {key}: {f:#}");
    }
    assert_eq!(f["scope"], "system");
    assert_eq!(f["column"], 2);
    assert!(f["fix"]["available"].is_boolean() && f["fix"]["safe"].is_boolean());
    assert_eq!(f["related"][0]["scope"], "global");
}

#[test]
fn included_entries_name_their_include_chain() {
    let m = Machine::fixture("includes");
    std::fs::remove_file(m.root().join("home/.config/git/work.inc")).unwrap();
    let (json, got, _) = m.check_json(&[]);
    assert!(
        got.contains(&"CC101 home/.gitconfig-aws:4".to_owned()),
        "{got:?}"
    );
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CC101")
        .unwrap();
    assert_eq!(f["included_from"][0], "~/.gitconfig:4", "{f:#}");
}
