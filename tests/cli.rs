//! The command line as a user meets it: exit codes, formats, selection, settings, explain,
//! rules, chain, completions — on fixture homes, in a clean environment.

mod common;

use common::Machine;

fn text(out: &std::process::Output) -> (String, String, i32) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn exit_codes_follow_fail_on() {
    let m = Machine::fixture("guide-recommended"); // one warning (CC105)
    assert_eq!(text(&m.cc_lint(&["check", "--no-probe"])).2, 1);
    assert_eq!(
        text(&m.cc_lint(&["check", "--no-probe", "--fail-on", "error"])).2,
        0
    );
    assert_eq!(
        text(&m.cc_lint(&["check", "--no-probe", "--ignore", "CC105"])).2,
        0
    );
    assert_eq!(
        text(&m.cc_lint(&["check", "--no-probe", "--ignore", "unscoped-helper"])).2,
        0
    );
    assert_eq!(
        text(&m.cc_lint(&["check", "--no-probe", "--select", "CC101,CC103"])).2,
        0
    );
    let clean = Machine::fixture("correct-scoped");
    let (out, _, code) = text(&clean.cc_lint(&["check", "--no-probe"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No problems found in 4 files."), "{out}");
}

#[test]
fn usage_errors_exit_2_with_nothing_on_stdout() {
    let m = Machine::fixture("guide-recommended");
    for args in [
        &["check", "--select", "CC999"][..],
        &["check", "--format", "xml"][..],
        &["check", "--repo", "/nonexistent/dir"][..],
        &["explain", "CC999"][..],
    ] {
        let (out, err, code) = text(&m.cc_lint(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert!(!err.is_empty());
    }
}

#[test]
fn settings_file_changes_severity_and_ignores() {
    let m = Machine::fixture("guide-recommended");
    m.write("home/.cc-lint.toml", "[severity]\nCC105 = \"info\"\n");
    let (json, _, code) = m.check_json(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["findings"][0]["severity"], "info");
    m.write("home/.cc-lint.toml", "ignore = [\"CC105\"]\n");
    let (json, got, _) = m.check_json(&[]);
    assert!(got.is_empty(), "{json:#}");
    m.write("home/.cc-lint.toml", "\nignore = \"CC105\"\n");
    let (_, err, code) = text(&m.cc_lint(&["check"]));
    assert_eq!(code, 2);
    assert!(err.contains(".cc-lint.toml:2"), "{err}");
    let other = m.root().join("other.toml");
    std::fs::write(&other, "ignore = []\n").unwrap();
    let (json, got, _) = m.check_json(&["--config", other.to_str().unwrap()]);
    assert_eq!(got.len(), 1, "{json:#}");
}

#[test]
fn human_output_shows_the_line_the_label_and_the_help() {
    let m = Machine::fixture("windows-gcm");
    let (out, _, code) = text(&m.cc_lint(&["check", "--no-probe"]));
    assert_eq!(code, 1);
    // severity, code and name lead; the place follows once, as `--> file:line:col (scope)`
    assert!(
        out.starts_with("error[CC103] conflicting-helper: Git Credential Manager (`manager`)"),
        "{out}"
    );
    let system = m.root().join("system/gitconfig");
    assert!(
        out.contains(&format!(" --> {}:8:2 (system)\n", system.display())),
        "{out}"
    );
    assert_eq!(out.matches(":8:2").count(), 1, "location once: {out}");
    assert!(out.contains("8 |     helper = manager\n"), "{out}");
    assert!(
        out.contains("^^^^ asked first; its stale answer wins"),
        "{out}"
    );
    assert!(out.contains(" ::: ~/.gitconfig:5:2 (global)"), "{out}");
    assert!(
        out.contains("the CodeCommit helper only runs after it"),
        "{out}"
    );
    assert!(
        out.contains("= help: Put an empty `helper =` line"),
        "{out}"
    );
    assert!(out.contains("Found 1 error in 4 files."), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn github_and_sarif_formats() {
    let m = Machine::fixture("macos-keychain");
    let (out, _, code) = text(&m.cc_lint(&["check", "--format", "github", "--no-probe"]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("::error file=")
            && l.contains(",line=2,col=2,title=CC103 conflicting-helper::")),
        "{out}"
    );
    // machine formats carry absolute paths (`:` and `,` escaped as GitHub asks)
    let global = m
        .home()
        .join(".gitconfig")
        .to_string_lossy()
        .replace(':', "%3A");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("::warning file={global},line=2,col=2,title=CC105"))),
        "{out}"
    );

    let (out, _, _) = text(&m.cc_lint(&["check", "--format", "sarif", "--no-probe"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cc-lint");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], id);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn secrets_never_appear_in_any_format() {
    let m = Machine::fixture("guide-recommended");
    m.init_repo("[remote \"origin\"]\n\turl = https://alice:hunter2-SECRET@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\n[credential]\n\thelper = manager\n");
    for format in ["human", "json", "sarif", "github"] {
        let (out, err, _) = text(&m.cc_lint(&["check", "--format", format, "--no-probe"]));
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{format}: {out}"
        );
    }
    let (out, err, _) = text(&m.cc_lint(&["chain", "--format", "json"]));
    assert!(
        !out.contains("hunter2") && !err.contains("hunter2"),
        "{out}{err}"
    );
}

#[test]
fn explain_and_rules() {
    let m = Machine::empty();
    let (out, _, code) = text(&m.cc_lint(&["explain", "CC102"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("CC102 profile-name-split (error)"), "{out}");
    assert!(
        out.contains("Problematic:") && out.contains("Correct:"),
        "{out}"
    );
    assert!(out.contains("single quotation marks"), "{out}");
    assert!(out.contains("After `cc-lint fix --helper aws`:"), "{out}");
    let (by_name, _, _) = text(&m.cc_lint(&["explain", "profile-name-split"]));
    assert_eq!(by_name, out);

    let (out, _, code) = text(&m.cc_lint(&["rules"]));
    assert_eq!(code, 0);
    for c in cc_lint::finding::Code::ALL {
        assert!(out.contains(c.as_str()), "{c} missing");
    }
    let (out, _, _) = text(&m.cc_lint(&["rules", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        cc_lint::finding::Code::ALL.len()
    );
}

#[test]
fn chain_names_each_helper_its_file_and_who_answers_first() {
    let m = Machine::fixture("windows-gcm");
    let (out, err, code) = text(&m.cc_lint(&[
        "chain",
        "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/MyDemoRepo",
    ]));
    assert_eq!(code, 0, "{err}");
    let system = m.root().join("system/gitconfig");
    assert!(
        out.contains(&format!(
            "1. manager [store]\n       {}:8 (system)",
            system.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "2. !aws codecommit credential-helper $@ [CodeCommit]\n       ~/.gitconfig:5 (global)"
        ),
        "{out}"
    );
    assert!(
        out.contains("UseHttpPath: true  ~/.gitconfig:6 (global)"),
        "{out}"
    );
    assert!(out.contains("Answers first: manager"), "{out}");

    let outside = Machine::fixture("guide-recommended");
    let (_, err, code) = text(&outside.cc_lint(&["chain"]));
    assert_eq!(code, 2);
    assert!(err.contains("pass a URL"), "{err}");
}

#[test]
fn completions_for_every_shell() {
    let m = Machine::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (out, _, code) = text(&m.cc_lint(&["completions", shell]));
        assert_eq!(code, 0);
        assert!(out.contains("cc-lint"), "{shell}");
        assert!(out.contains("credential-helper"), "{shell}");
    }
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<String> = readme
        .lines()
        .filter(|l| l.starts_with("| CC"))
        .map(|l| {
            l.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let expected: Vec<String> = cc_lint::finding::Code::ALL
        .iter()
        .map(|c| {
            let d = c.doc();
            let fix = match d.fix {
                cc_lint::finding::FixKind::None => "",
                cc_lint::finding::FixKind::Safe => " safe",
                cc_lint::finding::FixKind::Unsafe => " unsafe",
            };
            format!("{c} {} {}{fix}", d.name, d.severity.as_str())
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn chain_explains_urls_that_ask_no_helper() {
    let m = Machine::fixture("correct-scoped");
    let (out, _, code) = text(&m.cc_lint(&[
        "chain",
        "https://u:pw@git-codecommit.us-east-1.amazonaws.com/v1/repos/d",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.contains("git uses them and asks no credential helper"),
        "{out}"
    );
    assert!(
        out.contains("Answers first: the user name and password in the URL"),
        "{out}"
    );
    assert!(!out.contains("pw@") && !out.contains(":pw"), "{out}");
    let (out, _, _) = text(&m.cc_lint(&[
        "chain",
        "ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/d",
    ]));
    assert!(
        out.contains("`ssh` URLs do not use credential helpers"),
        "{out}"
    );
    assert!(!out.contains("prompts"), "{out}");
}

/// `cc-lint completions zsh | head -1` must not panic when the reader goes away.
#[test]
fn completions_survive_a_closed_pipe() {
    let m = Machine::empty();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' completions zsh | head -1", common::BIN))
        .env_clear()
        .envs(m.base_env())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "#compdef cc-lint\n");
}

/// `explain` fits its prose to the terminal (issue 12 item 2); example files stay as written.
#[test]
fn explain_prose_fits_80_columns() {
    let mut m = Machine::empty();
    m.env.insert("COLUMNS".into(), "80".into());
    for code in cc_lint::finding::Code::ALL {
        let (out, _, status) = text(&m.cc_lint(&["explain", code.as_str()]));
        assert_eq!(status, 0, "{code}");
        let prose = out.split("\nExample: ").next().unwrap();
        for line in prose.lines() {
            assert!(line.chars().count() <= 80, "{code}: {line:?}");
        }
    }
}

/// For another host the AWS CLI's helper prints nothing and exits 0 (checked with git 2.47
/// and aws-cli 1.45: `git credential fill` for github.com then runs `git credential-store
/// get`, whose stored password git takes), so the store answers first — in the human report
/// and in the JSON, which ask the model's one `Resolution::answers_first`.
#[test]
fn chain_names_the_same_first_answer_in_text_and_json() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !aws codecommit credential-helper $@\n\thelper = store\n",
    );
    let url = "https://github.com/o/r";
    let (out, err, code) = text(&m.cc_lint(&["chain", url]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Answers first: store"), "{out}");
    let json = m.chain_json(url);
    assert_eq!(json["answers_first"], "store", "{json}");
    // for a CodeCommit URL the AWS CLI's helper answers first, in both
    let url = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r";
    let (out, _, _) = text(&m.cc_lint(&["chain", url]));
    assert!(
        out.contains("Answers first: !aws codecommit credential-helper $@"),
        "{out}"
    );
    let json = m.chain_json(url);
    assert_eq!(
        json["answers_first"], "!aws codecommit credential-helper $@",
        "{json}"
    );
}

/// botocore reads `AWS_DEFAULT_PROFILE` before `AWS_PROFILE` (configprovider's `profile`:
/// `['AWS_DEFAULT_PROFILE', 'AWS_PROFILE']`; with `AWS_DEFAULT_PROFILE=a AWS_PROFILE=b`,
/// `botocore.session.Session().profile` is `a` and `aws configure get region` reads profile
/// `a`, botocore 1.43): a missing profile `b` is never looked for, so CC201 does not name it,
/// and `chain` signs with `a` — every rule asks `choose_profile`.
#[test]
fn aws_default_profile_wins_over_aws_profile_everywhere() {
    let mut m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/config", "[profile a]\nregion = us-east-1\n");
    m.env.insert("AWS_DEFAULT_PROFILE".into(), "a".into());
    m.env.insert("AWS_PROFILE".into(), "b".into());
    let (json, _, _) = m.check_json(&[]);
    assert!(
        !json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "CC201"),
        "{json}"
    );
    let chain = m.chain_json("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r");
    assert!(
        chain["verdict"]["answer"]
            .as_str()
            .unwrap()
            .contains("profile `a`")
            || chain["verdict"]["failures"]
                .to_string()
                .contains("profile `a`"),
        "{chain}"
    );
}
