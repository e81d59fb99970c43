//! `cc-lint fix` on every fixture home: afterwards check reports no CC1xx error, a second fix
//! changes nothing, real git runs the CodeCommit helper alone with the path, and every byte the
//! fix did not mean to change survives (comments, order, CRLF, BOM, modes, symlinks).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::process::Command;

use common::{Machine, ask_git};

/// Every regular file under the machine, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()) {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn cc1_errors(m: &Machine) -> Vec<String> {
    let (json, _, _) = m.check_json(&[]);
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("CC1") && f["severity"] == "error")
        .map(|f| format!("{} {}:{} {}", f["code"], f["file"], f["line"], f["message"]))
        .collect()
}

/// Lines of `old` that the fix had no reason to touch appear in `new`, in order.
fn unrelated_lines_survive(old: &str, new: &str) -> Result<(), String> {
    let mut rest = new.split_inclusive('\n');
    for line in old.split_inclusive('\n') {
        let lower = line.to_ascii_lowercase();
        if lower.contains("helper")
            || lower.contains("usehttppath")
            || lower.trim_start().starts_with("[credential")
        {
            continue;
        }
        if !rest.any(|l| l == line) {
            return Err(format!("lost or reordered: {line:?}"));
        }
    }
    Ok(())
}

// `real` holds the published configurations of tests/differential.rs, not a fixture.
const SKIP: [&str; 2] = ["broken-syntax", "real"];

/// The profile every fixture's fix names.
const FIX_PROFILE: &str = "\n[CodeCommit Dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

#[test]
fn fix_makes_every_fixture_work_and_is_idempotent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in names.iter().filter(|n| !SKIP.contains(&n.as_str())) {
        let m = Machine::fixture(name);
        // the profile fix is asked for exists, with keys
        let creds = m.home().join(".aws/credentials");
        let mut text = std::fs::read(&creds).unwrap_or_default();
        text.extend_from_slice(FIX_PROFILE.as_bytes());
        m.write("home/.aws/credentials", &String::from_utf8_lossy(&text));
        m.chmod("home/.aws/credentials", 0o600);
        let before = snapshot(m.root());

        // --dry-run writes nothing
        let dry = m.cc_lint(&["fix", "--profile", "CodeCommit Dev", "--dry-run"]);
        assert_eq!(snapshot(m.root()), before, "{name}: --dry-run wrote");
        let dry_code = dry.status.code().unwrap();

        let out = m.cc_lint(&["fix", "--profile", "CodeCommit Dev", "--yes"]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // GIT_CONFIG_COUNT turns UseHttpPath off from the environment, which fix cannot edit:
        // it must say so and exit 1 rather than claim success.
        let expected_exit = if name == "env-command-scope" { 1 } else { 0 };
        if out.status.code() != Some(expected_exit) {
            failures.push(format!(
                "{name}: fix exited {:?}\n{stdout}{stderr}",
                out.status.code()
            ));
            continue;
        }
        let after = snapshot(m.root());
        let changed: Vec<&PathBuf> = after
            .keys()
            .filter(|p| before.get(*p) != after.get(*p))
            .collect();
        if dry_code == 0
            && changed
                .iter()
                .any(|p| !p.to_string_lossy().contains(".cc-lint.bak"))
        {
            failures.push(format!(
                "{name}: dry run said nothing to change, but fix changed {changed:?}"
            ));
        }
        for path in changed
            .iter()
            .filter(|p| !p.to_string_lossy().contains(".cc-lint.bak"))
        {
            let new = &after[*path];
            if let Some(old) = before.get(*path) {
                let (old_s, new_s) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
                if let Err(e) = unrelated_lines_survive(&old_s, &new_s) {
                    failures.push(format!("{name}: {}: {e}", path.display()));
                }
                if old.starts_with(b"\xEF\xBB\xBF") != new.starts_with(b"\xEF\xBB\xBF") {
                    failures.push(format!("{name}: {}: BOM not kept", path.display()));
                }
                let old_crlf = old_s.contains("\r\n");
                if old_crlf && new_s.replace("\r\n", "").contains('\n') {
                    failures.push(format!(
                        "{name}: {}: a bare LF in a CRLF file",
                        path.display()
                    ));
                }
                let backup = PathBuf::from(format!("{}.cc-lint.bak", path.display()));
                if after.get(&backup) != Some(old) {
                    failures.push(format!("{name}: {}: no faithful backup", path.display()));
                }
            }
        }
        let left = cc1_errors(&m);
        if name == "env-command-scope" {
            if !stderr.contains("check still reports CC101")
                || !stderr.contains("no fresh signature")
                || left
                    .iter()
                    .any(|l| !l.contains("CC101") && !l.contains("CC103"))
            {
                failures.push(format!(
                    "{name}: expected one CC101 from the environment, reported: {stderr}"
                ));
            }
            continue;
        }
        if !left.is_empty() {
            failures.push(format!(
                "{name}: CC1xx errors after fix: {left:?}\n{stdout}{stderr}"
            ));
        }
        let again = m.cc_lint(&["fix", "--profile", "CodeCommit Dev", "--dry-run"]);
        if again.status.code() != Some(0) {
            failures.push(format!(
                "{name}: second dry run wants changes:\n{}",
                String::from_utf8_lossy(&again.stdout)
            ));
        }
        // real git: the CodeCommit helper alone, and the path is sent
        let urls = ["https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo"];
        for url in urls {
            let git = ask_git(&m, url);
            // ours, or a more specific CodeCommit section the user wrote (kept, repaired)
            let expected = if name == "profile-spaces" {
                "aws --profile 'My Profile' codecommit credential-helper $@ get"
            } else {
                "--profile 'CodeCommit Dev'"
            };
            let ok = git.helpers.len() == 1 && git.helpers[0].contains(expected);
            if !ok || !git.sends_path {
                failures.push(format!(
                    "{name}: git runs {:?}, path={}",
                    git.helpers, git.sends_path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn fix_keeps_symlinks_modes_and_refuses_broken_files() {
    let m = Machine::fixture("guide-recommended");
    let home = m.home();
    std::fs::create_dir_all(home.join("dotfiles")).unwrap();
    std::fs::rename(home.join(".gitconfig"), home.join("dotfiles/gitconfig")).unwrap();
    std::os::unix::fs::symlink("dotfiles/gitconfig", home.join(".gitconfig")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        home.join("dotfiles/gitconfig"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let out = m.cc_lint(&["fix", "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(home.join(".gitconfig"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let mode = std::fs::metadata(home.join("dotfiles/gitconfig"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(home.join("dotfiles/gitconfig")).unwrap();
    assert!(
        text.contains("[credential \"https://git-codecommit.*.amazonaws.com\"]"),
        "{text}"
    );
    assert!(
        !text.contains("[credential]\n\thelper"),
        "the unscoped helper is replaced: {text}"
    );
    assert!(
        text.contains("\thelper = !aws codecommit credential-helper $@\n"),
        "an AWS CLI setup stays one: {text}"
    );
    assert!(text.contains("\tname = Mary Major\n"), "{text}");

    let broken = Machine::fixture("broken-syntax");
    let before = snapshot(broken.root());
    let out = broken.cc_lint(&["fix", "--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be parsed by git"));
    assert_eq!(snapshot(broken.root()), before);
}

#[test]
fn unsafe_fixes_need_unsafe() {
    let m = Machine::fixture("guide-recommended");
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !aws codecommit credential-helper $@ ; from the AWS guide\n\tUseHttpPath = true\n",
    );
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped an unsafe fix"));
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(text.contains("; from the AWS guide"), "{text}");
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws", "--unsafe"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(!text.contains("; from the AWS guide"), "{text}");
    assert!(
        text.contains("helper = !aws codecommit credential-helper $@\n"),
        "{text}"
    );
}

#[test]
fn without_a_terminal_fix_asks_for_yes_and_writes_nothing() {
    let m = Machine::fixture("macos-keychain");
    let before = snapshot(m.root());
    let out = m.cc_lint(&["fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --yes"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+++ b/~/.gitconfig"));
    assert_eq!(snapshot(m.root()), before);
}

/// Inputs the property tests (tests/fuzz.rs) found a fix for: each fixed file must parse for
/// git, give the CodeCommit helper alone with the path, and need no second fix.
#[test]
fn fuzz_regressions() {
    let cases = [
        // a value continued by a trailing `\` at the end of the file (with and without newline)
        "[alias]\n\tlg = log --graph \\",
        "[alias]\n\tlg = log --graph \\\n",
        // a section header followed by another on the same line
        "[credential \"https://git-codecommit.*.amazonaws.com\"][remote \"origin\"]\n",
        // a key on its section header's line
        "[credential \"https://git-codecommit.us-east-1.amazonaws.com\"]\thelper = !aws --profile \"CodeCommit Dev\" codecommit credential-helper $@\n",
        // an insert at the end of a file without a final newline, in two sections
        "[credential \"https://git-codecommit-fips.*.amazonaws.com\"]\n\thelper = !aws codecommit credential-helper $@",
        // an empty canonical section, and a duplicate helper for CodeCommit URLs
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n[credential]\n\thelper = manager\n\thelper = manager",
        // issue 10: sections before a later unscoped store, empty ones after it
        "[credential \"https://git-codecommit-fips.*.amazonaws.com\"]\n[credential]\n\thelper = manager\n[credential \"https://git-codecommit-fips.*.amazonaws.com\"]",
        // an unscoped store that repeats a scoped one still serves other hosts
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\tpath = ~/.gitconfig-work\n\thelper = osxkeychain\n[credential]\n\thelper = osxkeychain",
        // a store after the helper in a repository's own section
        "[Credential \"https://git-codecommit.us-east-1.amazonaws.com/v1/repos/A\"]\n\thelper = !aws codecommit credential-helper $@\n\thelper = manager",
    ];
    for (i, text) in cases.iter().enumerate() {
        let m = Machine::empty();
        m.write("home/.gitconfig", text);
        m.write("home/.aws/credentials", FIX_PROFILE);
        m.chmod("home/.aws/credentials", 0o600);
        let out = m.cc_lint(&[
            "fix",
            "--yes",
            "--helper",
            "aws",
            "--profile",
            "CodeCommit Dev",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "case {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let fixed = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
        let git = ask_git(
            &m,
            "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo",
        );
        // the CodeCommit helper answers first (an unscoped helper the user keeps for other hosts
        // may run after it)
        assert!(
            !git.helpers.is_empty() && git.helpers[0].contains("credential-helper"),
            "case {i}: {:?}\n{fixed}",
            git.helpers
        );
        assert!(git.sends_path, "case {i}:\n{fixed}");
        let again = m.cc_lint(&[
            "fix",
            "--dry-run",
            "--helper",
            "aws",
            "--profile",
            "CodeCommit Dev",
        ]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "case {i}: second fix wants\n{}",
            String::from_utf8_lossy(&again.stdout)
        );
    }
}

/// git before 2.26 does not match `*` in credential URLs: fix writes exact hosts.
#[test]
fn old_git_gets_exact_hosts() {
    let mut m = Machine::fixture("endpoint-forms");
    let real_git = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    m.program(
        "git",
        &format!("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'git version 2.20.1'; exit 0; fi\nexec '{}' \"$@\"\n", real_git.trim()),
    );
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    for host in [
        "https://git-codecommit.us-east-1.amazonaws.com",
        "https://git-codecommit-fips.us-gov-west-1.amazonaws.com",
        "https://git-codecommit.cn-north-1.amazonaws.com.cn",
        "https://vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
    ] {
        assert!(
            text.contains(&format!("[credential \"{host}\"]")),
            "{host} missing:\n{text}"
        );
    }
    let new_sections = text
        .split("[credential \"https://git-codecommit.*.amazonaws.com\"]")
        .count()
        - 1;
    assert_eq!(
        new_sections, 1,
        "only the section that was there uses a wildcard:\n{text}"
    );
}

/// A store between a third-party CodeCommit signer and the AWS CLI helper stores every
/// password the signer makes: CC103 names it, and the fix's follow-up (which asks the model the
/// same question, `stores_beside_signer`) takes it out of git's list.
#[test]
fn a_store_after_a_third_party_signer_is_reset() {
    let mut m = Machine::empty();
    m.third_party_signer();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.us-east-1.amazonaws.com\"]\n\thelper = codecommit\n\thelper = store\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("default"));
    m.chmod("home/.aws/credentials", 0o600);
    assert!(
        m.check_codes().contains(&"CC103".to_owned()),
        "{:?}",
        m.check_codes()
    );
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !m.check_codes().contains(&"CC103".to_owned()),
        "{:?}",
        m.check_codes()
    );
    let fixed = m.cc_lint(&["fix", "--dry-run", "--helper", "aws"]);
    assert_eq!(fixed.status.code(), Some(0), "a second fix changes nothing");
}

/// A third-party CodeCommit helper whose program's name holds `credential-helper`
/// (`codecommit-credential-helper`) is not a damaged AWS CLI helper: git's `sh` runs it as
/// written. The planner asks the model (`Helper::is_damaged_codecommit`), as CC104 does, so
/// fix leaves its line alone, as it leaves every third-party helper's.
#[test]
fn a_third_party_helper_named_credential_helper_is_not_damaged() {
    let mut m = Machine::empty();
    m.program(
        "codecommit-credential-helper",
        "#!/bin/sh\necho username=x\necho password=y\n",
    );
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !codecommit-credential-helper\n",
    );
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(
        text.contains("\thelper = !codecommit-credential-helper\n"),
        "{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let codes = m.check_codes();
    assert!(!codes.contains(&"CC104".to_owned()), "{codes:?}");
}

/// `helper = store` and `helper = !git credential-store` are one command (git runs
/// `git credential-store get` for each, twice): CC106 names the second, and fix removes it —
/// both ask the model's `Resolution::duplicate_steps`.
#[test]
fn one_command_written_two_ways_is_a_duplicate_for_check_and_fix() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !aws codecommit credential-helper $@\n\thelper = store\n\thelper = !git credential-store\n",
    );
    let (json, _, _) = m.check_json(&[]);
    let cc106: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "CC106")
        .collect();
    assert!(!cc106.is_empty(), "{json}");
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(
        !text.contains("!git credential-store") && text.contains("\thelper = store\n"),
        "{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An unscoped `UseHttpPath = true` beside an unscoped third-party CodeCommit helper the fix
/// leaves in place still serves it: check does not call it left over (CC111), and fix, which
/// asks the model the same question (`unscoped_use_http_path_serves`), keeps it even with
/// `--unsafe`.
#[test]
fn use_http_path_kept_for_an_unscoped_third_party_signer() {
    let mut m = Machine::empty();
    m.third_party_signer();
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = codecommit\n\tUseHttpPath = true\n[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    let cc111 = |m: &Machine| m.check_codes().contains(&"CC111".to_owned());
    assert!(!cc111(&m));
    let out = m.cc_lint(&["fix", "--yes", "--unsafe", "--helper", "aws"]);
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(
        text.starts_with("[credential]\n\thelper = codecommit\n\tUseHttpPath = true\n"),
        "{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!cc111(&m));
}

/// Whether `aws` is on PATH is the probes' answer (as for CC107 and the planner), looked up
/// for the fix too when the only AWS CLI helper is damaged (a lost `!`: git looks for
/// `git-credential-aws`, not `aws`): without `aws` the fix writes cc-lint's own helper, with
/// one it keeps the AWS CLI's.
#[test]
fn fix_asks_the_probes_whether_aws_is_on_path() {
    let git = ask_git_path();
    for with_aws in [false, true] {
        let mut m = Machine::empty();
        m.write(
            "home/.gitconfig",
            "[credential]\n\thelper = aws codecommit credential-helper $@\n",
        );
        let bin = m.root().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(&git, bin.join("git")).unwrap();
        if with_aws {
            m.write("bin/aws", "#!/bin/sh\nexit 0\n");
            m.chmod("bin/aws", 0o755);
        }
        m.env
            .insert("PATH".into(), bin.to_string_lossy().into_owned());
        let out = m.cc_lint(&["fix", "--yes", "--profile", "dev"]);
        let err = String::from_utf8_lossy(&out.stderr);
        let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
        assert_eq!(err.contains("`aws` is not on PATH"), !with_aws, "{err}");
        assert_eq!(
            text.contains("helper = !aws codecommit credential-helper --profile dev $@"),
            with_aws,
            "{err}\n{text}"
        );
    }
}

/// The `git` the tests' PATH finds.
fn ask_git_path() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("git"))
                .find(|g| g.is_file())
        })
        .expect("git on PATH")
}

/// A profile assigned on the helper line (`AWS_PROFILE=work aws …`) is the helper's profile: a
/// plain `fix` keeps it (it used to write a helper without one, which then had no credentials).
#[test]
fn fix_keeps_a_profile_assigned_on_the_helper_line() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential]\n\thelper = !AWS_PROFILE=work aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.write("home/.aws/credentials", &common::aws_keys("work"));
    m.chmod("home/.aws/credentials", 0o600);
    let out = m.cc_lint(&["fix", "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(m.home().join(".gitconfig")).unwrap();
    assert!(text.contains("--profile work"), "{text}");
    assert!(cc1_errors(&m).is_empty(), "{:?}", cc1_errors(&m));
}
