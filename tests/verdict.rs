//! Issue 10: the verdict per CodeCommit URL, through the binary — what `chain` says git ends
//! up with, and the findings that follow from it on this machine's offline signs.

mod common;

use common::Machine;

const GUIDE: &str = "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n";
const KEYS: &str = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
const URL: &str = "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/Demo";

fn verdict(m: &Machine) -> serde_json::Value {
    m.chain_json(URL)["verdict"].clone()
}

fn codes(m: &Machine) -> Vec<(String, String)> {
    let (json, _, _) = m.check_json(&[]);
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn chain_shows_the_verdict() {
    let m = Machine::empty();
    m.write("home/.gitconfig", GUIDE);
    m.write("home/.aws/credentials", KEYS);
    m.chmod("home/.aws/credentials", 0o600);
    let v = verdict(&m);
    assert_eq!(v["fresh_signature"], true, "{v}");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("fresh signature from profile `default`"),
        "{v}"
    );
    // Git Credential Manager's own setup appended after the guide's section
    m.write(
        "home/.gitconfig",
        &format!("{GUIDE}[credential]\n\thelper =\n\thelper = manager\n"),
    );
    let v = verdict(&m);
    assert_eq!(v["fresh_signature"], false, "{v}");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("stored by `manager`"),
        "{v}"
    );
    assert!(codes(&m).contains(&("CC108".into(), "error".into())));
}

#[test]
fn default_credentials_only_from_an_instance_role_are_a_warning_on_ec2() {
    let m = Machine::empty();
    m.write("home/.gitconfig", GUIDE);
    m.write("home/.aws/config", "[default]\nregion = us-east-2\n");
    // nothing supplies default credentials: an error, and git gets nothing
    assert!(codes(&m).contains(&("CC203".into(), "error".into())));
    assert_eq!(verdict(&m)["fresh_signature"], false);
    // the same files on an EC2 instance (DMI vendor): a warning, and the instance role signs
    let mut ec2 = Machine::empty();
    ec2.write("home/.gitconfig", GUIDE);
    ec2.write("home/.aws/config", "[default]\nregion = us-east-2\n");
    ec2.write("sys/sys/class/dmi/id/sys_vendor", "Amazon EC2\n");
    let sysroot = ec2.root().join("sys").to_string_lossy().into_owned();
    ec2.env.insert("CC_LINT_SYSROOT".into(), sysroot);
    assert!(codes(&ec2).contains(&("CC203".into(), "warning".into())));
    let v = verdict(&ec2);
    assert_eq!(v["fresh_signature"], true, "{v}");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("instance or container role"),
        "{v}"
    );
    // a container's credentials variable supplies them outright
    let mut ecs = Machine::empty();
    ecs.write("home/.gitconfig", GUIDE);
    ecs.env.insert(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI".into(),
        "/v2/credentials/x".into(),
    );
    assert!(!codes(&ecs).iter().any(|(c, _)| c == "CC203"));
}

#[test]
fn a_profile_assigned_on_the_helper_line_must_exist() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !AWS_PROFILE=research aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("reserch"));
    m.chmod("home/.aws/credentials", 0o600);
    let (json, got, _) = m.check_json(&[]);
    assert!(
        got.contains(&"CC201 home/.gitconfig:3".to_owned()),
        "{json:#}"
    );
    // no false "program not found" for the assignment, and it is the AWS CLI's helper
    assert!(!got.iter().any(|f| f.starts_with("CC107")), "{json:#}");
    let v = verdict(&m);
    assert!(
        v["failures"][0]
            .as_str()
            .unwrap()
            .contains("profile `research` does not exist"),
        "{v}"
    );
}

#[test]
fn a_profile_split_by_double_quotes_is_cc102_alone() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper --profile \"My Dev Profile\" $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("My Dev Profile"));
    m.chmod("home/.aws/credentials", 0o600);
    let (json, got, _) = m.check_json(&[]);
    assert_eq!(got, ["CC102 home/.gitconfig:3"], "{json:#}");
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("2 more words"), "{message}");
    assert_eq!(verdict(&m)["fresh_signature"], false);
}

/// A role whose `source_profile` does not exist: git gets nothing, so fix must not say the
/// setup is in place (it exits 1 and says what remains); a broken chain of a profile no
/// helper uses is only a warning.
#[test]
fn a_broken_role_chain_is_not_a_working_setup() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper --profile dev $@\n\tUseHttpPath = true\n",
    );
    m.write(
        "home/.aws/config",
        "[profile base]\nregion = us-east-2\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = basee\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("base"));
    m.chmod("home/.aws/credentials", 0o600);
    assert_eq!(verdict(&m)["fresh_signature"], false);
    assert!(codes(&m).contains(&("CC201".into(), "error".into())));
    let out = m.cc_lint(&["fix", "--dry-run", "--profile", "dev"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("already in place"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`basee`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the helper signs with `base` instead: the broken `dev` no longer matters to git
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper --profile base $@\n\tUseHttpPath = true\n",
    );
    assert_eq!(verdict(&m)["fresh_signature"], true);
    assert!(codes(&m).contains(&("CC201".into(), "warning".into())));
}

/// `${VAR:-default}` expands as sh expands it: the default profile when VAR is unset.
#[test]
fn a_parameter_default_names_the_profile() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper --profile ${AWS_PROFILE:-work} $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("work"));
    m.chmod("home/.aws/credentials", 0o600);
    let (json, got, code) = m.check_json(&[]);
    assert!(got.is_empty() && code == 0, "{json:#}");
    let v = verdict(&m);
    assert!(
        v["answer"].as_str().unwrap().contains("profile `work`"),
        "{v}"
    );
}

/// Two conditional includes with their own CodeCommit profile: fix run where one applies
/// cannot check the other's repositories, and says so.
#[test]
fn fix_warns_about_a_conditional_include_it_cannot_check() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[includeIf \"gitdir:~/work/\"]\n\tpath = ~/.gitconfig-work\n[includeIf \"gitdir:~/personal/\"]\n\tpath = ~/.gitconfig-personal\n",
    );
    for who in ["work", "personal"] {
        m.write(
            &format!("home/.gitconfig-{who}"),
            &format!("[credential \"https://git-codecommit.us-east-2.amazonaws.com\"]\n\thelper = !aws codecommit credential-helper --profile {who} $@\n\tUseHttpPath = true\n"),
        );
    }
    m.write(
        "home/.aws/credentials",
        "[work]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n[personal]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
    );
    m.chmod("home/.aws/credentials", 0o600);
    let mut m = m;
    let work = m.home().join("work/Demo");
    std::fs::create_dir_all(&work).unwrap();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&work)
        .status()
        .unwrap();
    assert!(git.success());
    m.env
        .insert("PWD".into(), work.to_string_lossy().into_owned());
    let out = std::process::Command::new(common::BIN)
        .args(["fix", "--dry-run", "--profile", "work"])
        .env_clear()
        .envs(m.base_env())
        .current_dir(&work)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("~/.gitconfig-personal (included where `gitdir:~/personal/`, not here)"),
        "{err}"
    );
    assert!(!err.contains(".gitconfig-work (included"), "{err}");
}

/// A helper that only runs after one that already signs is not a broken setup: CC107 is then
/// a warning; shell syntax cut short by a `;` comment is named as such.
#[test]
fn a_missing_program_behind_a_working_helper_is_a_warning() {
    let mut m = Machine::empty();
    m.probe = true;
    m.write(
        "home/.gitconfig",
        &format!(
            "{}\thelper = !f() {{ aws codecommit credential-helper \"$@\"; }}; f\n",
            GUIDE
        ),
    );
    m.write("home/.aws/credentials", KEYS);
    m.chmod("home/.aws/credentials", 0o600);
    let (json, _, _) = m.check_json(&[]);
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CC107")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(f["severity"], "warning", "{json:#}");
    assert!(
        f["message"].as_str().unwrap().contains("shell syntax"),
        "{json:#}"
    );
    // alone, the same line is an error: git gets nothing
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\tUseHttpPath = true\n\thelper = !f() { aws codecommit credential-helper \"$@\"; }; f\n",
    );
    let (json, _, _) = m.check_json(&[]);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "CC107" && f["severity"] == "error"),
        "{json:#}"
    );
}

/// The guides' shell-function form, quoted so git keeps the `;`s, runs the AWS CLI helper: the
/// model reads the function's body (no CC107, a fresh verdict), and real git with the real AWS
/// CLI agrees.
#[test]
fn a_quoted_shell_function_helper_is_the_aws_cli_helper() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = \"!f() { aws codecommit credential-helper $@; }; f\"\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", KEYS);
    m.chmod("home/.aws/credentials", 0o600);
    assert!(
        !codes(&m).iter().any(|(_, severity)| severity == "error"),
        "{:?}",
        codes(&m)
    );
    assert_eq!(verdict(&m)["fresh_signature"], true, "{}", verdict(&m));
    let out = common::run_with_input(
        std::process::Command::new("git")
            .args(["credential", "fill"])
            .env_clear()
            .envs(m.base_env())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("GIT_TERMINAL_PROMPT", "0")
            .current_dir(m.home()),
        "protocol=https\nhost=git-codecommit.us-east-2.amazonaws.com\npath=v1/repos/Demo\n\n",
    );
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(
        answer.contains("username=AKIAIOSFODNN7EXAMPLE\n"),
        "{answer}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = answer
        .lines()
        .find_map(|l| l.strip_prefix("password="))
        .unwrap_or_default();
    assert!(
        password.len() > 16
            && password[..8].bytes().all(|b| b.is_ascii_digit())
            && password.as_bytes()[8] == b'T',
        "a SigV4 password: {answer}"
    );
}
