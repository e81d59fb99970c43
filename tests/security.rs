//! Issue 11, security and robustness: a hostile input of each kind, through the real binary.
//! Nothing a repository names may run, nothing may panic, hang, leak a secret, inject a
//! protocol line, or grow without bound; `fix` replaces only what it can replace faithfully.
//! Each test names the item of the issue it guards.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{BIN, Machine};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
fn chown_tree(path: &Path, uid: u32) {
    let ok = Command::new("chown")
        .args(["-R", &uid.to_string()])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "chown {}", path.display());
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Runs cc-lint on `m` with `stdin`, killed after `limit` (a hang fails the test, it does not
/// hang the suite).
fn run_limited(
    m: &Machine,
    args: &[&str],
    extra_env: &[(&str, &str)],
    stdin: &str,
    limit: Duration,
) -> Output {
    let mut cmd = m.command(args);
    cmd.envs(extra_env.iter().copied());
    common::run_with_timeout(&mut cmd, stdin, limit).unwrap_or_else(|| {
        panic!(
            "`cc-lint {}` still running after {limit:?} (a hang)",
            args.join(" ")
        )
    })
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The messages of the findings of `code`.
fn messages<'a>(json: &'a serde_json::Value, code: &str) -> Vec<&'a str> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------
// 1. Nothing a repository names runs.

/// A repository whose config names a program of its own, which leaves a mark when run.
fn planted_repository() -> (Machine, PathBuf) {
    let mut m = Machine::empty();
    m.init_repo(
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo\n[credential]\n\thelper = !tools/aws codecommit credential-helper $@\n\tUseHttpPath = true\n[include]\n\tpath = ../tools/more.inc\n",
    );
    let mark = m.root().join("RAN");
    let script = format!(
        "#!/bin/sh\necho \"$0 $*\" >> '{}'\necho aws-cli/1.0.0\n",
        mark.display()
    );
    for rel in ["repo/tools/aws", "repo/aws", "repo/git", "repo/tools/other"] {
        m.write(rel, &script);
        m.chmod(rel, 0o755);
    }
    m.write(
        "repo/tools/more.inc",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper = !tools/other codecommit credential-helper $@\n",
    );
    // PATH with `.` first: a bare `aws` from the user's own config, and `git`, resolve into
    // the repository
    m.env.insert(
        "PATH".into(),
        format!(".:{}", std::env::var("PATH").unwrap_or_default()),
    );
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.probe = true;
    (m, mark)
}

fn check_chain_and_fix(m: &Machine) -> Vec<Output> {
    let limit = Duration::from_secs(60);
    vec![
        run_limited(m, &["check", "--format", "json"], &[], "", limit),
        run_limited(m, &["check"], &[], "", limit),
        run_limited(m, &["chain"], &[], "", limit),
        run_limited(
            m,
            &[
                "chain",
                "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo",
            ],
            &[],
            "",
            limit,
        ),
        run_limited(m, &["fix", "--dry-run", "--helper", "aws"], &[], "", limit),
        run_limited(
            m,
            &["check", "--repos", &m.root().join("repo").to_string_lossy()],
            &[],
            "",
            limit,
        ),
    ]
}

/// Issue 11 item 1: a repository the user owns (which git trusts) still gets no program of
/// its run — not the helper its config names, not one an include names, not one `PATH`'s `.`
/// finds in it — and the finding says the local helper was not probed.
#[test]
fn a_trusted_repository_gets_nothing_run() {
    let (m, mark) = planted_repository();
    let outs = check_chain_and_fix(&m);
    assert!(
        !mark.exists(),
        "ran: {}",
        std::fs::read_to_string(&mark).unwrap_or_default()
    );
    let json: serde_json::Value = serde_json::from_slice(&outs[0].stdout).unwrap();
    let c005: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "CC005")
        .collect();
    assert!(!c005.is_empty(), "{json:#}");
    assert!(
        c005.iter()
            .all(|f| f["message"].as_str().unwrap().contains("was not probed")),
        "{json:#}"
    );
}

/// Issue 11 item 1: `check --online` does not ask git either when git would run a helper the
/// repository's own config names.
#[test]
fn online_check_does_not_make_git_run_a_repository_helper() {
    let (m, mark) = planted_repository();
    let out = run_limited(
        &m,
        &["check", "--online", "--format", "json"],
        &NO_STS,
        "",
        Duration::from_secs(120),
    );
    assert!(
        !mark.exists(),
        "ran: {}",
        std::fs::read_to_string(&mark).unwrap_or_default()
    );
    assert!(
        text(&out).contains("a helper the repository's own config names"),
        "{}",
        text(&out)
    );
}

/// Issue 11 item 1: a repository of another user, which git refuses ("dubious ownership"),
/// is reported as such, and its config is not read, so nothing it names runs; with
/// `safe.directory` it is read again, as git reads it.
#[cfg(unix)]
#[test]
fn a_repository_git_refuses_is_reported_and_not_read() {
    if !is_root() {
        eprintln!("skipped: needs root to give the repository to another user");
        return;
    }
    let (mut m, mark) = planted_repository();
    let repo = m.root().join("repo");
    chown_tree(&repo.join(".git"), 12345);
    // real git refuses it
    let git = Command::new("git")
        .args(["status"])
        .env_clear()
        .envs(m.base_env())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&git.stderr).contains("dubious ownership"),
        "{}",
        String::from_utf8_lossy(&git.stderr)
    );
    let outs = check_chain_and_fix(&m);
    assert!(
        !mark.exists(),
        "ran: {}",
        std::fs::read_to_string(&mark).unwrap_or_default()
    );
    let json: serde_json::Value = serde_json::from_slice(&outs[0].stdout).unwrap();
    let found = common::codes(&json);
    assert!(found.contains(&"CC004".to_owned()), "{json:#}");
    assert!(
        !found.contains(&"CC005".to_owned()),
        "its helpers are not even read: {json:#}"
    );
    let message = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CC004")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("dubious ownership") && message.contains("12345"),
        "{message}"
    );
    // the human report says so too, and `--repos` names it; `chain` says why it has no
    // remotes, and `fix --scope local` does not write into it
    assert!(text(&outs[1]).contains("CC004"), "{}", text(&outs[1]));
    assert!(text(&outs[5]).contains("CC004"), "{}", text(&outs[5]));
    assert!(
        text(&outs[2]).contains("dubious ownership"),
        "{}",
        text(&outs[2])
    );
    let config = repo.join(".git/config");
    let before = std::fs::read(&config).unwrap();
    let out = run_limited(
        &m,
        &["fix", "--yes", "--scope", "local", "--helper", "aws"],
        &[],
        "",
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(std::fs::read(&config).unwrap(), before);

    // safe.directory, as git reads it: the repository is read again (and still nothing runs)
    for value in [
        "*",
        &repo.to_string_lossy(),
        &format!("{}/*", m.root().display()),
    ] {
        m.env.insert("GIT_CONFIG_COUNT".into(), "1".into());
        m.env
            .insert("GIT_CONFIG_KEY_0".into(), "safe.directory".into());
        m.env.insert("GIT_CONFIG_VALUE_0".into(), value.to_owned());
        let git = Command::new("git")
            .args(["config", "--local", "--list"])
            .env_clear()
            .envs(m.base_env())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(
            git.status.success(),
            "git refuses with safe.directory={value}"
        );
        let (json, _, _) = m.check_json(&[]);
        let codes = common::codes(&json);
        assert!(!codes.contains(&"CC004".to_owned()), "{value}: {json:#}");
        assert!(codes.contains(&"CC005".to_owned()), "{value}: {json:#}");
    }
    assert!(!mark.exists());
}

// ---------------------------------------------------------------------------------------
// 2. No panic, and a panic shows no payload.

/// Issue 11 item 2: multi-byte characters next to `%`, a whitespace-only secret and a secret
/// next to a multi-byte character panicked in the masking code, printing the line (and its
/// secrets). Every command and format now runs through.
#[test]
fn multibyte_text_next_to_percent_signs_does_not_panic() {
    let m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "# 成功率100%\n[remote \"café%\"]\n\turl = https://bob:pässwörd%PLANTEDURLPW@git-codecommit.us-east-1.amazonaws.com/v1/repos/café%20x\n[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper = !aws codecommit credential-helper $@\n",
    );
    m.init_repo(
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/café%20x\n",
    );
    m.write(
        "home/.aws/credentials",
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key =   \naws_session_token = é%PLANTEDTOKEN\n",
    );
    let limit = Duration::from_secs(60);
    for args in [
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "sarif"],
        vec!["check", "--format", "github"],
        vec!["chain"],
        vec![
            "chain",
            "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/café%20x",
        ],
        vec!["fix", "--dry-run"],
    ] {
        let out = run_limited(&m, &args, &[], "", limit);
        let all = text(&out);
        assert!(
            matches!(out.status.code(), Some(0..=1)),
            "`{}` exited {:?}: {all}",
            args.join(" "),
            out.status
        );
        assert!(!all.contains("panicked"), "{all}");
        for secret in ["PLANTEDURLPW", "PLANTEDTOKEN"] {
            assert!(
                !all.contains(secret),
                "`{}` printed {secret}: {all}",
                args.join(" ")
            );
        }
    }
}

/// Issue 11 item 2: a panic prints its location and "internal error — please report", never
/// its payload, and exits 2 (also in release builds, which abort on panic).
#[test]
fn a_panic_prints_no_payload_and_exits_2() {
    let m = Machine::empty();
    let out = run_limited(
        &m,
        &["check"],
        &[("CC_LINT_FAILPOINT", "panic")],
        "",
        Duration::from_secs(30),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("internal error") && err.contains("please report"),
        "{err}"
    );
    assert!(err.contains("src/main.rs:"), "the location: {err}");
    assert!(
        !err.contains("PANICPAYLOADSECRET") && !err.contains("aws_secret"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

// ---------------------------------------------------------------------------------------
// 3. The helper prints no line it did not mean to.

const GET: &str =
    "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/demo\n\n";

fn assert_refused(out: &Output, source_words: &[&str]) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout, "quit=1\n", "stderr: {stderr}");
    assert!(
        stderr.contains("inject lines into git's credential protocol"),
        "{stderr}"
    );
    for w in source_words {
        assert!(stderr.contains(w), "`{w}` not named: {stderr}");
    }
    assert!(
        !stderr.contains("evil.example") && !stderr.contains("attacker"),
        "{stderr}"
    );
}

/// Issue 11 item 3: a line feed in `AWS_ACCESS_KEY_ID` / `AWS_SESSION_TOKEN` (environment).
#[test]
fn helper_refuses_line_breaks_from_the_environment() {
    let m = Machine::empty();
    for (var, value) in [
        (
            "AWS_ACCESS_KEY_ID",
            "AKIAIOSFODNN7EXAMPLE\nhost=evil.example",
        ),
        ("AWS_SESSION_TOKEN", "token\r\nusername=attacker"),
        ("AWS_SESSION_TOKEN", "token\0username=attacker"),
    ] {
        let mut env = vec![
            ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
            ),
        ];
        env.retain(|(k, _)| *k != var);
        if value.contains('\0') {
            // an environment cannot hold NUL; the in-memory tests cover it
            continue;
        }
        env.push((var, value));
        let out = run_limited(
            &m,
            &["credential-helper", "get"],
            &env,
            GET,
            Duration::from_secs(60),
        );
        assert_refused(&out, &["environment", "AWS_ACCESS_KEY_ID"]);
    }
}

/// Issue 11 item 3: a `credential_process` whose answer holds a line feed.
#[test]
fn helper_refuses_line_breaks_from_credential_process() {
    let mut m = Machine::empty();
    m.program(
        "creds",
        "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"tok\\nhost=evil.example\"}'\n",
    );
    m.write(
        "home/.aws/config",
        &format!(
            "[profile proc]\ncredential_process = {}\n",
            m.root().join("bin/creds").display()
        ),
    );
    let out = run_limited(
        &m,
        &["credential-helper", "--profile", "proc", "get"],
        &[],
        GET,
        Duration::from_secs(60),
    );
    assert_refused(&out, &["credential_process", "`proc`"]);
}

fn role_machine() -> (Machine, PathBuf) {
    let m = Machine::empty();
    m.write(
        "home/.aws/config",
        "[profile base]\nregion = us-east-1\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n",
    );
    m.write(
        "home/.aws/credentials",
        "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n",
    );
    let profile: std::collections::HashMap<String, String> = [
        (
            "role_arn".to_owned(),
            "arn:aws:iam::123456789012:role/dev".to_owned(),
        ),
        ("source_profile".to_owned(), "base".to_owned()),
    ]
    .into();
    let key = cc_lint::awscreds::cache::role_cache_key(&profile).unwrap();
    let dir = m.home().join(".aws/cli/cache");
    std::fs::create_dir_all(&dir).unwrap();
    #[cfg(unix)]
    set_mode(&dir, 0o700);
    let entry = dir.join(format!("{key}.json"));
    (m, entry)
}

fn cache_entry(token: &str) -> String {
    serde_json::json!({"Credentials": {
        "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
        "SecretAccessKey": "cachedsecret",
        "SessionToken": token,
        "Expiration": "2099-01-01T00:00:00Z",
    }})
    .to_string()
}

/// No STS to fall back to: a refused cache entry ends in `quit=1`, quickly.
const NO_STS: [(&str, &str); 2] = [
    ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
    ("AWS_MAX_ATTEMPTS", "1"),
];

/// Issue 11 item 3: a cached assume-role entry whose token holds a line feed.
#[cfg(unix)]
#[test]
fn helper_refuses_line_breaks_from_the_role_cache() {
    let (m, entry) = role_machine();
    std::fs::write(&entry, cache_entry("tok\nusername=attacker")).unwrap();
    set_mode(&entry, 0o600);
    let out = run_limited(
        &m,
        &["credential-helper", "--profile", "role", "get"],
        &NO_STS,
        GET,
        Duration::from_secs(60),
    );
    assert_refused(&out, &["cache file", &entry.display().to_string()]);
}

// ---------------------------------------------------------------------------------------
// 4. The assume-role cache is trusted only as far as a private file is.

/// Issue 11 item 4: an entry writable by others, a symlink, a FIFO (which would hang a
/// reader) and an oversized entry are not used (one warning each); a directory others can
/// write is neither read nor written; `check` reports each as CC305.
#[cfg(unix)]
#[test]
fn unsafe_role_cache_entries_are_not_used_and_reported() {
    let good = cache_entry("cachedtoken");
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make)> = vec![
        (
            "writable by everyone",
            Box::new(|e: &Path| {
                std::fs::write(e, cache_entry("cachedtoken")).unwrap();
                set_mode(e, 0o666);
            }),
        ),
        (
            "symbolic link",
            Box::new(|e: &Path| {
                let real = e.with_extension("real");
                std::fs::write(&real, cache_entry("cachedtoken")).unwrap();
                set_mode(&real, 0o600);
                std::os::unix::fs::symlink(&real, e).unwrap();
            }),
        ),
        ("FIFO", Box::new(|e: &Path| mkfifo(e))),
        (
            "larger than",
            Box::new(|e: &Path| {
                let mut big = cache_entry("cachedtoken");
                big.push_str(&" ".repeat(300_000));
                std::fs::write(e, big).unwrap();
                set_mode(e, 0o600);
            }),
        ),
        (
            "neither read nor written",
            Box::new(|e: &Path| {
                std::fs::write(e, cache_entry("cachedtoken")).unwrap();
                set_mode(e, 0o600);
                set_mode(e.parent().unwrap(), 0o777);
            }),
        ),
    ];
    for (what, make) in cases {
        let (m, entry) = role_machine();
        make(&entry);
        let out = run_limited(
            &m,
            &["credential-helper", "--profile", "role", "get"],
            &NO_STS,
            GET,
            Duration::from_secs(60),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stdout.contains("ASIAIOSFODNN7EXAMPLE"),
            "{what}: the entry was used: {stdout}"
        );
        assert_eq!(stdout, "quit=1\n", "{what}: {stderr}");
        assert_eq!(
            stderr.matches("warning:").count(),
            1,
            "{what}: one warning: {stderr}"
        );
        assert!(stderr.contains(what), "{what}: {stderr}");
        let (json, _, _) = m.check_json(&["--select", "CC305"]);
        assert!(
            common::codes(&json).contains(&"CC305".to_owned()),
            "{what}: {json:#}"
        );
        if what == "neither read nor written" {
            let names: Vec<_> = std::fs::read_dir(entry.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 1, "nothing written: {names:?}");
        }
    }
    // a private entry is used, and check is quiet
    let (m, entry) = role_machine();
    std::fs::write(&entry, &good).unwrap();
    set_mode(&entry, 0o600);
    let out = run_limited(
        &m,
        &["credential-helper", "--profile", "role", "get"],
        &NO_STS,
        GET,
        Duration::from_secs(60),
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("username=ASIAIOSFODNN7EXAMPLE%cachedtoken\n"),
        "{}",
        text(&out)
    );
    let (json, _, _) = m.check_json(&["--select", "CC305"]);
    assert!(common::codes(&json).is_empty(), "{json:#}");
}

// ---------------------------------------------------------------------------------------
// 5. Files are born with their final mode.

/// Issue 11 item 5: the backup of a 0600 file is 0600 from the moment it exists (the process
/// is killed right after creating it), whatever the umask.
#[cfg(unix)]
#[test]
fn backups_are_created_with_the_original_mode() {
    let m = Machine::empty();
    let global = m.home().join(".gitconfig");
    std::fs::write(
        &global,
        "[credential]\n\thelper = !aws codecommit credential-helper $@\n",
    )
    .unwrap();
    set_mode(&global, 0o600);
    let out = run_limited(
        &m,
        &["fix", "--yes", "--helper", "aws"],
        &[("CC_LINT_FAILPOINT", "after-backup-create")],
        "",
        Duration::from_secs(60),
    );
    assert_ne!(
        out.status.code(),
        Some(0),
        "killed at the failpoint: {}",
        text(&out)
    );
    let backup = m.home().join(".gitconfig.cc-lint.bak");
    assert!(backup.exists(), "{}", text(&out));
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(
        std::fs::read_to_string(&global).unwrap(),
        "[credential]\n\thelper = !aws codecommit credential-helper $@\n"
    );
}

// ---------------------------------------------------------------------------------------
// 6. Bounded work.

/// Issue 11 item 6: six `include.path = ~/.gitconfig` lines stop at git's depth with git's
/// message (git dies there too); `/dev/zero`, a FIFO and a huge file as configs are findings,
/// never a wait or an unbounded read.
#[cfg(unix)]
#[test]
fn includes_fifos_devices_and_huge_files_are_bounded() {
    let mut m = Machine::empty();
    m.write(
        "home/.gitconfig",
        &"[include]\n\tpath = ~/.gitconfig\n".repeat(6),
    );
    let git = Command::new("git")
        .args(["config", "--list"])
        .env_clear()
        .envs(m.base_env())
        .current_dir(m.home())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&git.stderr).contains("exceeded maximum include depth (10)"));
    let out = run_limited(
        &m,
        &["check", "--format", "json", "--no-probe"],
        &[],
        "",
        Duration::from_secs(60),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = messages(&json, "CC001");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("exceeded maximum include depth (10)")),
        "{json:#}"
    );
    assert!(
        json["files"].as_array().map_or(0, Vec::len) < 100,
        "{json:#}"
    );

    m.write("home/.gitconfig", "[include]\n\tpath = /dev/zero\n");
    mkfifo(&m.root().join("fifo"));
    m.write("big", &"# padding\n".repeat(500_000));
    m.env.insert(
        "GIT_CONFIG_SYSTEM".into(),
        m.root().join("fifo").to_string_lossy().into_owned(),
    );
    m.env.insert(
        "AWS_CONFIG_FILE".into(),
        m.root().join("fifo").to_string_lossy().into_owned(),
    );
    m.env.insert(
        "AWS_SHARED_CREDENTIALS_FILE".into(),
        m.root().join("big").to_string_lossy().into_owned(),
    );
    m.env.remove("GIT_CONFIG_NOSYSTEM");
    let mut env = m.base_env();
    env.retain(|(k, _)| k != "GIT_CONFIG_NOSYSTEM");
    for args in [
        vec!["check", "--format", "json", "--no-probe"],
        vec![
            "chain",
            "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x",
        ],
        vec!["fix", "--dry-run"],
    ] {
        let out = run_limited(&m, &args, &[], "", Duration::from_secs(60));
        let all = text(&out);
        assert!(matches!(out.status.code(), Some(0..=2)), "{all}");
        if args[0] == "check" {
            for what in ["a character device", "a FIFO", "larger than"] {
                assert!(all.contains(what), "{what}: {all}");
            }
        }
    }
    // the helper reads the AWS files too
    let out = run_limited(
        &m,
        &["credential-helper", "get"],
        &NO_STS,
        GET,
        Duration::from_secs(60),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "quit=1\n",
        "{}",
        text(&out)
    );
}

/// Issue 11 item 6: 10,000 `[credential "<url>"]` sections and a 3,000-profile chain (and
/// loop) are checked (the time is measured in scripts/bench-security.sh; this only shows they
/// finish and that long chains are shown shortened).
#[test]
fn ten_thousand_sections_and_three_thousand_profiles_finish() {
    let m = Machine::empty();
    let mut git = String::new();
    for i in 0..10_000 {
        git.push_str(&format!(
            "[credential \"https://git-codecommit.us-east-{}.amazonaws.com/v1/repos/r{i}\"]\n\thelper = !aws --profile p{i} codecommit credential-helper $@\n\tUseHttpPath = true\n",
            i % 2 + 1
        ));
    }
    m.write("home/.gitconfig", &git);
    let mut aws = String::new();
    for i in 0..3000 {
        aws.push_str(&format!(
            "[profile p{i}]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = p{}\n",
            (i + 1) % 3000
        ));
    }
    m.write("home/.aws/config", &aws);
    let out = run_limited(
        &m,
        &[
            "check",
            "--format",
            "json",
            "--no-probe",
            "--select",
            "CC205,CC201,CC101",
        ],
        &[],
        "",
        Duration::from_secs(120),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let loops: Vec<&str> = messages(&json, "CC205");
    assert_eq!(loops.len(), 3000);
    assert!(
        loops
            .iter()
            .all(|m| m.contains("(2994 more)") && m.len() < 300),
        "{}",
        loops[0]
    );
}

// ---------------------------------------------------------------------------------------
// 7. Masking.

const PLANTED: [&str; 8] = [
    "ghp_PLANTEDtokenAsUserName0123456789ab",
    "PLANTEDbearerTOKEN",
    "PLANTEDinlinePW",
    "PLANTED spaced PW",
    "PLANTEDcontinuedSECRET",
    "PLANTEDnotAconfigFILE",
    "PLANTEDprocessSTDERR",
    "PLANTEDcontinuedAWS",
];

fn masking_machine() -> Machine {
    let mut m = Machine::empty();
    m.write(
        "home/.gitconfig",
        &format!(
            "[remote \"gh\"]\n\turl = https://{}@github.com/o/r.git\n[http]\n\textraHeader = Authorization: Bearer {}\n[credential \"https://example.com\"]\n\thelper = \"!f() {{ echo username=u; echo password={}; }}; f\"\n[remote \"sp\"]\n\turl = https://bob:{}@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\n[http \"https://example.org\"]\n\textraHeader = Authorization: Bearer \\\n{}\n[include]\n\tpath = ~/notes.txt\n[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper = !aws --profile proc codecommit credential-helper $@\n\tUseHttpPath = true\n",
            PLANTED[0], PLANTED[1], PLANTED[2], PLANTED[3], PLANTED[4]
        ),
    );
    m.write("home/notes.txt", &format!("my token: {}\n", PLANTED[5]));
    m.program(
        "failing-creds",
        &format!("#!/bin/sh\necho 'oops {}' >&2\nexit 1\n", PLANTED[6]),
    );
    m.write(
        "home/.aws/config",
        &format!(
            "[profile proc]\ncredential_process = {}\n[profile split]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key =\n  {}\n",
            m.root().join("bin/failing-creds").display(),
            PLANTED[7]
        ),
    );
    m.init_repo(
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x\n",
    );
    m
}

/// Issue 11 item 7: a token as URL user name, an `Authorization` header (also continued on
/// the next line), a password in an inline helper, a URL password with a space, a secret on a
/// continuation line, an include that is not a config file, and `credential_process` stderr
/// never appear — in any format, in `chain`, in `fix --dry-run`, from the helper.
#[test]
fn every_masking_case_in_every_output() {
    let m = masking_machine();
    let limit = Duration::from_secs(60);
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "json", "sarif", "github"] {
        runs.push(vec![
            "check",
            "--no-probe",
            "--fail-on",
            "info",
            "--format",
            format,
        ]);
    }
    runs.push(vec!["chain"]);
    runs.push(vec!["chain", "--format", "json"]);
    runs.push(vec!["chain", "https://example.com/x"]);
    runs.push(vec!["chain", "https://example.com/x", "--format", "json"]);
    runs.push(vec!["fix", "--dry-run"]);
    runs.push(vec![
        "fix",
        "--dry-run",
        "--helper",
        "aws",
        "--all-endpoints",
    ]);
    let mut leaks = Vec::new();
    let mut all = String::new();
    for args in &runs {
        let out = run_limited(&m, args, &[], "", limit);
        let t = text(&out);
        for s in PLANTED {
            if t.contains(s) {
                leaks.push(format!("`{}` printed {s}:\n{t}", args.join(" ")));
            }
        }
        all.push_str(&t);
    }
    // the SDK refuses the config with the continued secret: the helper reads one without it
    m.write(
        "home/.aws/proc-only",
        &format!(
            "[profile proc]\ncredential_process = {}\n",
            m.root().join("bin/failing-creds").display()
        ),
    );
    let proc_only = m.home().join(".aws/proc-only");
    let out = run_limited(
        &m,
        &["credential-helper", "--profile", "proc", "get"],
        &[("AWS_CONFIG_FILE", &proc_only.to_string_lossy())],
        GET,
        limit,
    );
    let t = text(&out);
    assert!(t.contains("bytes, not shown"), "{t}");
    for s in PLANTED {
        if t.contains(s) {
            leaks.push(format!("credential-helper printed {s}:\n{t}"));
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
    // and the outputs did look at those lines
    assert!(
        all.contains("notes.txt") && all.contains("does not look like git config"),
        "{all}"
    );
}

// ---------------------------------------------------------------------------------------
// 8. `fix` replaces only what it can replace faithfully.

const UNFIXED: &str = "[credential]\n\thelper = !aws codecommit credential-helper $@\n";

/// Default credentials, so that a fix of `UNFIXED` reaches a working setup (exit 0).
fn with_default_credentials(m: &Machine) {
    m.write("home/.aws/credentials", &common::aws_keys("default"));
    m.chmod("home/.aws/credentials", 0o600);
}

/// Issue 11 item 8: a character device (as `GIT_CONFIG_GLOBAL=/dev/null` is in CI) and a
/// FIFO are never replaced: exit 2, nothing written.
#[cfg(unix)]
#[test]
fn fix_refuses_devices_and_fifos() {
    let mut m = Machine::empty();
    let fifo = m.root().join("fifo");
    mkfifo(&fifo);
    let mut targets = vec![fifo.clone()];
    if is_root() {
        // a private /dev/null: replacing it harms nothing if this test ever fails
        let null = m.root().join("null");
        assert!(
            Command::new("mknod")
                .arg(&null)
                .args(["c", "1", "3"])
                .status()
                .unwrap()
                .success()
        );
        targets.push(null);
    }
    m.write("system/gitconfig", UNFIXED);
    for target in targets {
        m.env.insert(
            "GIT_CONFIG_GLOBAL".into(),
            target.to_string_lossy().into_owned(),
        );
        for args in [vec!["fix", "--yes"], vec!["fix", "--dry-run"]] {
            let out = run_limited(&m, &args, &[], "", Duration::from_secs(60));
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{}: {}",
                target.display(),
                text(&out)
            );
            assert!(err.contains("not a regular file"), "{err}");
            let meta = std::fs::symlink_metadata(&target).unwrap();
            assert!(!meta.is_file(), "{} was replaced", target.display());
        }
        let leftovers: Vec<_> = std::fs::read_dir(m.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("cc-lint"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// Issue 11 item 8: a hard-linked config is refused (the other name would keep the old
/// content) unless `--force`, which warns; a symlink to a regular file is still followed.
#[cfg(unix)]
#[test]
fn fix_refuses_hard_links_unless_forced_and_follows_symlinks() {
    let m = Machine::empty();
    with_default_credentials(&m);
    let real = m.root().join("dotfiles/gitconfig");
    m.write("dotfiles/gitconfig", UNFIXED);
    let other = m.root().join("dotfiles/other-name");
    std::fs::hard_link(&real, &other).unwrap();
    std::os::unix::fs::symlink(&real, m.home().join(".gitconfig")).unwrap();
    let out = run_limited(
        &m,
        &["fix", "--yes", "--helper", "aws"],
        &[],
        "",
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("hard links"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), UNFIXED);
    let out = run_limited(
        &m,
        &["fix", "--yes", "--helper", "aws", "--force"],
        &[],
        "",
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        text(&out)
    );
    assert_ne!(std::fs::read_to_string(&real).unwrap(), UNFIXED);
    assert!(
        std::fs::symlink_metadata(m.home().join(".gitconfig"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Issue 11 item 8: the owner of the file (through a symlink too) is kept when root fixes a
/// user's config.
#[cfg(unix)]
#[test]
fn fix_keeps_the_owner() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        eprintln!("skipped: needs root to give the file to another user");
        return;
    }
    let m = Machine::empty();
    with_default_credentials(&m);
    let real = m.root().join("dotfiles/gitconfig");
    m.write("dotfiles/gitconfig", UNFIXED);
    chown_tree(&real, 12345);
    std::os::unix::fs::symlink(&real, m.home().join(".gitconfig")).unwrap();
    let out = run_limited(
        &m,
        &["fix", "--yes", "--helper", "aws"],
        &[],
        "",
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_ne!(std::fs::read_to_string(&real).unwrap(), UNFIXED);
    assert_eq!(std::fs::metadata(&real).unwrap().uid(), 12345);
    let backup = m.root().join("dotfiles/gitconfig.cc-lint.bak");
    assert_eq!(std::fs::metadata(&backup).unwrap().uid(), 12345);
}

/// Issue 11 item 8: a file name that is not UTF-8 is written, and backed up, under exactly
/// its own name.
#[cfg(target_os = "linux")]
#[test]
fn fix_keeps_non_utf8_paths_exact() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let m = Machine::empty();
    let name = OsStr::from_bytes(b"conf-\xff\xfe");
    let path = m.root().join(name);
    std::fs::write(&path, UNFIXED).unwrap();
    let out = Command::new(BIN)
        .args(["fix", "--yes", "--helper", "aws", "--file"])
        .arg(&path)
        .env_clear()
        .envs(m.base_env())
        .current_dir(m.home())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_ne!(std::fs::read(&path).unwrap(), UNFIXED.as_bytes());
    let mut backup = path.as_os_str().to_owned();
    backup.push(".cc-lint.bak");
    assert_eq!(
        std::fs::read(PathBuf::from(backup)).unwrap(),
        UNFIXED.as_bytes()
    );
    let names: Vec<_> = std::fs::read_dir(m.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.as_bytes().starts_with(b"conf-"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}
