//! git-remote-codecommit remotes (issue 12 item 5): `check` knows them, asks for no HTTPS
//! helper, wants the remote helper on PATH and a usable profile and region; `chain` says the
//! remote helper signs by itself; `fix` leaves them alone.

mod common;

use common::Machine;

const CONFIG: &str = "[remote \"origin\"]\n\turl = codecommit::us-east-2://dev@MyDemoRepo\n";
const AWS: &str = "[profile dev]\nregion = us-east-2\ncredential_process = /bin/false\n";

fn machine(with_helper: bool) -> Machine {
    let mut m = Machine::empty();
    m.init_repo(CONFIG);
    m.write("home/.aws/config", AWS);
    m.program("git", "#!/bin/sh\necho 'git version 2.47.3'\n");
    if with_helper {
        m.program("git-remote-codecommit", "#!/bin/sh\nexit 0\n");
    }
    m.probe = true;
    m
}

fn out(m: &Machine, args: &[&str]) -> (String, String, i32) {
    let o = m.cc_lint(args);
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_working_remote_needs_no_credential_helper() {
    let m = machine(true);
    let (json, got, code) = m.check_json(&[]);
    assert!(got.is_empty(), "{json:#}");
    assert_eq!(code, 0);
    // and it counts as a CodeCommit setup
    let (text, _, _) = out(&m, &["check"]);
    assert!(text.contains("No problems found"), "{text}");
    assert!(!text.contains("no CodeCommit setup"), "{text}");
}

#[test]
fn a_missing_remote_helper_is_an_error_saying_how_to_install_it() {
    let m = machine(false);
    let (json, got, code) = m.check_json(&[]);
    assert_eq!(got, ["CC304 repo/.git/config:2"], "{json:#}");
    assert_eq!(code, 1);
    let f = &json["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("git-remote-codecommit, which is not on PATH"),
        "{f}"
    );
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("pip install git-remote-codecommit"),
        "{f}"
    );
    // without probes nothing is said about programs
    let (_, got, _) = {
        let mut m = machine(false);
        m.probe = false;
        m.check_json(&[])
    };
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn profile_and_region_problems() {
    let m = machine(true);
    m.init_repo("[remote \"a\"]\n\turl = codecommit://nobody@MyDemoRepo\n[remote \"b\"]\n\turl = codecommit://MyDemoRepo\n[remote \"c\"]\n\turl = codecommit::xx-nowhere-9://dev@MyDemoRepo\n[remote \"d\"]\n\turl = codecommit://dev@MyDemoRepo\n");
    let (json, _, _) = m.check_json(&[]);
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`a` signs with profile `nobody`, which does not exist")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("`b`: no region")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`c`: region `xx-nowhere-9`")),
        "{messages:#?}"
    );
    // `d` takes the profile's region
    assert!(!messages.iter().any(|m| m.contains("`d`")), "{messages:#?}");
    assert_eq!(messages.len(), 3, "{messages:#?}");
}

#[test]
fn chain_says_the_remote_helper_signs_by_itself() {
    let m = machine(false);
    let (text, err, code) = out(&m, &["chain"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.starts_with("codecommit::us-east-2://dev@MyDemoRepo (remote origin)\n"),
        "{text}"
    );
    assert!(
        text.contains("git-remote-codecommit, which signs each request itself"),
        "{text}"
    );
    assert!(
        text.contains("no credential.helper is asked and none is needed"),
        "{text}"
    );
    assert!(text.contains("Profile: dev\n"), "{text}");
    assert!(text.contains("Region: us-east-2 (from the URL)"), "{text}");
    assert!(
        text.contains("Remote helper: git-remote-codecommit is not on PATH")
            && text.contains("`pip install git-remote-codecommit`"),
        "{text}"
    );
    let (text, _, code) = out(&m, &["chain", "codecommit://dev@Other"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("Region: us-east-2 (from profile `dev`)"),
        "{text}"
    );
    let (json, _, _) = out(&m, &["chain", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["remote_helper"], "git-remote-codecommit");
    assert_eq!(v[0]["profile"], "dev");
    assert_eq!(v[0]["region"], "us-east-2");
}

#[test]
fn fix_leaves_them_alone() {
    let m = machine(true);
    let (_, err, code) = out(
        &m,
        &[
            "fix",
            "--yes",
            "--helper",
            "aws",
            "--profile",
            "dev",
            "--no-backup",
        ],
    );
    assert!(code == 0, "{err}");
    let config = std::fs::read_to_string(m.root().join("repo/.git/config")).unwrap();
    assert_eq!(config, CONFIG);
}

/// issue 12 item 8: for a non-CodeCommit URL, chain says an unscoped CodeCommit helper runs
/// there too.
#[test]
fn chain_notes_an_unscoped_codecommit_helper_on_other_hosts() {
    let m = Machine::fixture("guide-recommended");
    let (text, _, code) = out(&m, &["chain", "https://github.com/org/repo"]);
    assert_eq!(code, 0);
    assert!(text.contains("note: the CodeCommit helper `!aws codecommit credential-helper $@` runs for this host too"), "{text}");
    assert!(
        text.contains("Answers first: nobody (git prompts)"),
        "{text}"
    );
    let scoped = Machine::fixture("correct-scoped");
    let (text, _, _) = out(&scoped, &["chain", "https://github.com/org/repo"]);
    assert!(!text.contains("runs for this host too"), "{text}");
}

/// `check --online` tries `git ls-remote` through the remote helper.
#[test]
fn online_runs_git_ls_remote_through_the_remote_helper() {
    let mut m = machine(false);
    m.env
        .insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    // a remote helper that speaks just enough of gitremote-helpers(7) for ls-remote
    m.program(
        "git-remote-codecommit",
        "#!/bin/sh\nwhile read line; do\n  case \"$line\" in\n    capabilities) printf 'list\\n\\n' ;;\n    list*) printf '0123456789012345678901234567890123456789 refs/heads/main\\n@refs/heads/main HEAD\\n\\n' ;;\n    '') exit 0 ;;\n  esac\ndone\n",
    );
    // git itself, not the version stub
    let real_path = std::env::var("PATH").unwrap_or_default();
    m.env.insert(
        "PATH".into(),
        format!("{}:{real_path}", m.root().join("bin").display()),
    );
    std::fs::remove_file(m.root().join("bin/git")).unwrap();
    let (text, err, _) = out(&m, &["check", "--online"]);
    assert!(
        text.contains(
            "✓ git         remote `origin`: git ls-remote works through git-remote-codecommit"
        ),
        "{text}{err}"
    );
    assert!(!text.contains("CC304"), "{text}");

    m.program(
        "git-remote-codecommit",
        "#!/bin/sh\necho 'The following profile does not have credentials configured: dev' >&2\nexit 1\n",
    );
    let (json, got, code) = m.check_json(&["--online"]);
    assert!(got.iter().any(|g| g.starts_with("CC304")), "{json:#}");
    assert_eq!(code, 1);
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CC304")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("through git-remote-codecommit"),
        "{f}"
    );
    let online = json["online"].as_array().unwrap();
    assert!(
        online
            .iter()
            .any(|l| l["step"] == "git" && l["ok"] == false),
        "{json:#}"
    );
}
