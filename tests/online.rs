//! `check --online` (CC501–CC505) against real parts on 127.0.0.1, started by the tests:
//! moto_server for STS and CodeCommit (IAM authentication turned on after setup, so it
//! checks keys, signatures and policies: tests/support/moto_setup.py), and the SigV4-verifying
//! git server of tests/support/codecommit_server.py for `git ls-remote`, reached through
//! `http.curloptResolve` and trusted through `http.sslCAInfo`.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::BIN;
use common::helper::*;

const HOST: &str = "git-codecommit.us-east-1.amazonaws.com";

/// A moto server with the users of moto_setup.py, a git server accepting `dev`'s key, a
/// home, and a repository whose `origin` is the git server's `demo`.
struct World {
    dir: tempfile::TempDir,
    moto_port: u16,
    git_port: u16,
    /// user → (access key id, secret)
    keys: serde_json::Value,
    _moto: ChildGuard,
    _git: ChildGuard,
}

fn start_moto() -> (ChildGuard, u16) {
    require_program("moto_server", "--help");
    let port = free_port();
    let child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto_server");
    let guard = ChildGuard(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "moto_server did not listen on 127.0.0.1:{port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (guard, port)
}

fn world() -> World {
    require_program("git", "--version");
    require_program("openssl", "version");
    require_python(&["boto3", "moto", "ssl", "http.server"]);
    let (moto, moto_port) = start_moto();
    let setup = Command::new("python3")
        .arg(support_file("moto_setup.py"))
        .arg(format!("http://127.0.0.1:{moto_port}"))
        .output()
        .expect("run moto_setup.py");
    assert!(
        setup.status.success(),
        "moto_setup.py failed: {}",
        stderr(&setup)
    );
    let keys: serde_json::Value = serde_json::from_slice(&setup.stdout).expect("keys as JSON");

    let dir = tempfile::tempdir().unwrap();
    let root = tls_and_demo_repo(dir.path(), HOST);
    let (git, git_port) = start_codecommit_server(
        dir.path(),
        &root,
        keys["dev"][0].as_str().unwrap(),
        keys["dev"][1].as_str().unwrap(),
    );
    let world = World {
        dir,
        moto_port,
        git_port,
        keys,
        _moto: moto,
        _git: git,
    };
    let mut credentials = String::new();
    for user in ["dev", "intern", "denied"] {
        credentials.push_str(&format!(
            "[{user}]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            world.key(user).0,
            world.key(user).1
        ));
    }
    // A key moto never issued, and dev's key with a wrong secret.
    credentials.push_str(
        "[ghost]\naws_access_key_id = AKIAGHOSTGHOSTGHOST0\naws_secret_access_key = ghost/Secret+Value\n",
    );
    credentials.push_str(&format!(
        "[mistyped]\naws_access_key_id = {}\naws_secret_access_key = not-{}\n",
        world.key("dev").0,
        world.key("dev").1
    ));
    write_aws_files(&world.home(), "", &credentials);
    run_ok(
        Command::new("git")
            .args(["init", "-q", "-b", "main"])
            .arg(world.repo()),
    );
    world.set_origin("demo", world.git_port);
    world.write_gitconfig("dev", "");
    world
}

impl World {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn home(&self) -> PathBuf {
        self.path("home")
    }

    fn repo(&self) -> PathBuf {
        self.path("repo")
    }

    fn key(&self, user: &str) -> (String, String) {
        (
            self.keys[user][0].as_str().unwrap().to_owned(),
            self.keys[user][1].as_str().unwrap().to_owned(),
        )
    }

    fn set_origin(&self, repository: &str, port: u16) {
        let _ = Command::new("git")
            .arg("-C")
            .arg(self.repo())
            .args(["remote", "remove", "origin"])
            .output();
        run_ok(
            Command::new("git")
                .arg("-C")
                .arg(self.repo())
                .args(["remote", "add", "origin"])
                .arg(format!("https://{HOST}:{port}/v1/repos/{repository}")),
        );
    }

    /// `~/.gitconfig`: the test CA, the host resolved to 127.0.0.1, and the built-in helper
    /// with `profile` for the git server's URL; `before` goes first (another helper).
    fn write_gitconfig(&self, profile: &str, before: &str) {
        let config = format!(
            "{before}[http]\n\tsslCAInfo = {ca}\n\tcurloptResolve = {HOST}:{port}:127.0.0.1\n\
             [credential \"https://{HOST}:{port}\"]\n\thelper = !'{bin}' credential-helper --profile {profile}\n\tUseHttpPath = true\n",
            ca = self.path("tls/ca.pem").display(),
            port = self.git_port,
            bin = BIN,
        );
        std::fs::write(self.home().join(".gitconfig"), config).expect("write .gitconfig");
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.path("requests.log")).unwrap_or_default()
    }

    /// `cc-lint check --no-probe ARGS` in the repository, with nothing from the host but PATH
    /// and AWS's endpoint pointed at moto.
    /// `extra_env`: variables to set, or with `None` to remove.
    fn check(&self, args: &[&str], extra_env: &[(&str, Option<String>)]) -> Output {
        let home = self.home();
        let mut cmd = Command::new(BIN);
        cmd.arg("check")
            .arg("--no-probe")
            .args(args)
            .current_dir(self.repo())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env("AWS_CONFIG_FILE", home.join(".aws").join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                home.join(".aws").join("credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env(
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.moto_port),
            )
            .stdin(Stdio::null());
        for (k, v) in extra_env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.output().expect("run cc-lint")
    }

    /// `check --online --format json`: the document, the online codes found, and the exit code.
    fn online_json(
        &self,
        extra_env: &[(&str, Option<String>)],
    ) -> (serde_json::Value, Vec<String>, i32) {
        let out = self.check(&["--online", "--format", "json"], extra_env);
        let text = stdout(&out);
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {text}\nstderr: {}", stderr(&out)));
        self.assert_no_secret(&text);
        let codes = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .filter(|c| c.starts_with("CC5"))
            .collect();
        (json, codes, out.status.code().unwrap_or(-1))
    }

    fn assert_no_secret(&self, text: &str) {
        for user in ["dev", "intern", "denied"] {
            let secret = self.key(user).1;
            assert!(!text.contains(&secret), "secret of {user} printed: {text}");
        }
        assert!(!text.contains("ghost/Secret+Value"), "{text}");
    }
}

fn finding<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {json:#}"))
}

fn online_lines(json: &serde_json::Value) -> Vec<(String, bool, String)> {
    json["online"]
        .as_array()
        .unwrap_or_else(|| panic!("no online summary in {json:#}"))
        .iter()
        .map(|l| {
            (
                l["step"].as_str().unwrap().to_owned(),
                l["ok"].as_bool().unwrap(),
                l["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_working_setup_passes_every_step_and_names_the_principal() {
    let world = world();
    let out = world.check(&["--online"], &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    world.assert_no_secret(&text);
    assert!(text.contains("Online checks:"), "{text}");
    assert!(
        text.contains(
            "✓ credentials profile `dev` is arn:aws:iam::123456789012:user/dev (account 123456789012)"
        ),
        "{text}"
    );
    assert!(
        text.contains("✓ repository  remote `origin`: `demo` exists in us-east-1"),
        "{text}"
    );
    assert!(
        text.contains("✓ git         remote `origin`: git ls-remote works"),
        "{text}"
    );
    // git really went through the helper: challenged, then authorised.
    let log = world.requests();
    assert!(log.contains(" 401 no-auth"), "{log}");
    assert!(log.contains("git-upload-pack 200 ok"), "{log}");

    let (json, codes, exit) = world.online_json(&[]);
    assert!(codes.is_empty(), "{json:#}");
    assert_eq!(exit, 0);
    assert!(online_lines(&json).iter().all(|(_, ok, _)| *ok), "{json:#}");
}

/// A profile assigned on the helper line (`AWS_PROFILE=dev …`, no `--profile`) is the one the
/// helper signs with, so it is the one `--online` asks AWS about (not the default chain).
#[test]
fn a_profile_assigned_on_the_helper_line_is_the_one_checked() {
    let world = world();
    world.write_gitconfig("dev", "");
    let global = world.home().join(".gitconfig");
    let text = std::fs::read_to_string(&global).unwrap();
    let assigned = text.replace(
        &format!("!'{BIN}' credential-helper --profile dev"),
        &format!("!AWS_PROFILE=dev '{BIN}' credential-helper"),
    );
    assert_ne!(assigned, text);
    std::fs::write(&global, assigned).unwrap();
    let out = world.check(&["--online"], &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(
        text.contains("✓ credentials profile `dev` is arn:aws:iam::123456789012:user/dev"),
        "{text}"
    );
}

#[test]
fn credentials_aws_refuses_are_cc501() {
    let world = world();
    for (profile, code) in [
        ("ghost", "InvalidClientTokenId"),
        ("mistyped", "SignatureDoesNotMatch"),
    ] {
        world.write_gitconfig(profile, "");
        let (json, codes, exit) = world.online_json(&[]);
        assert_eq!(exit, 1, "{json:#}");
        assert_eq!(codes, ["CC501"], "{profile}: {json:#}");
        let f = finding(&json, "CC501");
        let message = f["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("profile `{profile}`")) && message.contains(code),
            "{message}"
        );
        // It points at the profile name in the helper line.
        let global = world.home().join(".gitconfig");
        assert_eq!(f["file"], global.to_str().unwrap(), "{f:#}");
        assert_eq!(f["line"], 5, "{f:#}");
        assert!(
            f["help"]
                .as_str()
                .unwrap()
                .contains(&format!("aws sts get-caller-identity --profile {profile}")),
            "{f:#}"
        );
        // git was still asked (it signs with the same refused key: 403), but that is CC501's
        // story, not CC504's.
        let lines = online_lines(&json);
        assert!(
            lines
                .iter()
                .any(|(step, ok, _)| step == "repository" && !ok),
            "{lines:?}"
        );
    }
}

#[test]
fn a_missing_repository_is_cc502() {
    let world = world();
    world.set_origin("MyDemoRepo", world.git_port);
    let (json, codes, exit) = world.online_json(&[]);
    assert_eq!(exit, 1);
    assert_eq!(codes, ["CC502"], "{json:#}");
    let f = finding(&json, "CC502");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("`MyDemoRepo`")
            && message.contains("us-east-1")
            && message.contains("account 123456789012"),
        "{message}"
    );
    assert_eq!(
        f["file"],
        world.repo().join(".git/config").to_str().unwrap()
    );
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("aws codecommit list-repositories --region us-east-1 --profile dev"),
        "{f:#}"
    );
}

#[test]
fn a_principal_without_permission_is_cc503() {
    let world = world();
    for (profile, want) in [
        (
            "intern",
            "is not authorized to perform: codecommit:GetRepository",
        ),
        ("denied", "codecommit:GetRepository"),
    ] {
        world.write_gitconfig(profile, "");
        let (json, codes, _) = world.online_json(&[]);
        assert_eq!(codes, ["CC503"], "{profile}: {json:#}");
        let f = finding(&json, "CC503");
        let message = f["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("arn:aws:iam::123456789012:user/{profile}"))
                && message.contains(want),
            "{message}"
        );
        let help = f["help"].as_str().unwrap();
        for needle in [
            "codecommit:GitPull",
            "arn:aws:codecommit:us-east-1:123456789012:demo",
            "AWSCodeCommitPowerUser",
            "AWSCodeCommitReadOnly",
            "AWSCodeCommitFullAccess",
            "explicit `Deny`",
            "kms:Decrypt",
        ] {
            assert!(help.contains(needle), "{needle} missing from {help}");
        }
    }
}

#[test]
fn a_stale_stored_password_answering_first_is_cc504() {
    let world = world();
    let (akid, _) = world.key("dev");
    let stored = format!(
        "https://{akid}:20200101T000000Z{sig}@{HOST}:{port}/v1/repos/demo\n",
        sig = "0".repeat(64),
        port = world.git_port
    );
    std::fs::write(world.home().join(".git-credentials"), &stored).unwrap();
    world.write_gitconfig(
        "dev",
        &format!(
            "[credential \"https://{HOST}:{port}\"]\n\thelper = store\n",
            port = world.git_port
        ),
    );
    let (json, codes, exit) = world.online_json(&[]);
    assert_eq!(exit, 1);
    assert_eq!(codes, ["CC504"], "{json:#}");
    let f = finding(&json, "CC504");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("AWS accepts profile `dev` (arn:aws:iam::123456789012:user/dev)")
            && message.contains("HTTP 403"),
        "{message}"
    );
    let help = f["help"].as_str().unwrap();
    assert!(
        help.contains("A credential store answers before the CodeCommit helper"),
        "{help}"
    );
    let global = world.home().join(".gitconfig");
    assert_eq!(f["related"][0]["file"], global.to_str().unwrap(), "{f:#}");
    assert_eq!(f["related"][0]["line"], 2, "{f:#}");
    assert!(
        world.requests().contains(" 403 stale-timestamp"),
        "{}",
        world.requests()
    );
    // CodeCommit's 403 is not git's 401: git erases nothing, the stale password stays and
    // keeps failing.
    let left = std::fs::read_to_string(world.home().join(".git-credentials")).unwrap();
    assert_eq!(left, stored);
}

#[test]
fn git_never_prompts_and_a_chain_without_credentials_is_cc504() {
    let world = world();
    // No credential helper at all, but every way git could ask a person is configured.
    let asked = world.path("asked.log");
    let askpass = world.path("askpass.sh");
    std::fs::write(
        &askpass,
        format!("#!/bin/sh\necho asked >> '{}'\necho x\n", asked.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(
        world.home().join(".gitconfig"),
        format!(
            "[core]\n\taskPass = {a}\n[http]\n\tsslCAInfo = {ca}\n\tcurloptResolve = {HOST}:{port}:127.0.0.1\n",
            a = askpass.display(),
            ca = world.path("tls/ca.pem").display(),
            port = world.git_port
        ),
    )
    .unwrap();
    let a = Some(askpass.display().to_string());
    let (json, codes, _) = world.online_json(&[
        ("GIT_ASKPASS", a.clone()),
        ("SSH_ASKPASS", a),
        ("AWS_ACCESS_KEY_ID", Some(world.key("dev").0)),
        ("AWS_SECRET_ACCESS_KEY", Some(world.key("dev").1)),
    ]);
    assert_eq!(codes, ["CC504"], "{json:#}");
    let f = finding(&json, "CC504");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("gets no credentials it could use"),
        "{f:#}"
    );
    assert!(f["help"].as_str().unwrap().contains("CC108"), "{f:#}");
    assert!(!asked.exists(), "git ran an askpass program");
}

#[test]
fn unreachable_endpoints_are_cc505() {
    let world = world();
    // Nothing listens there: git cannot connect; the CodeCommit API variable points there too,
    // while STS (AWS_ENDPOINT_URL) still answers.
    let closed = free_port();
    world.set_origin("demo", closed);
    std::fs::write(
        world.home().join(".gitconfig"),
        format!(
            "[http]\n\tcurloptResolve = {HOST}:{closed}:127.0.0.1\n\
             [credential \"https://{HOST}:{closed}\"]\n\thelper = !'{BIN}' credential-helper --profile dev\n\tUseHttpPath = true\n"
        ),
    )
    .unwrap();
    let start = Instant::now();
    let (json, codes, exit) = world.online_json(&[(
        "AWS_ENDPOINT_URL_CODECOMMIT",
        Some(format!("http://127.0.0.1:{closed}")),
    )]);
    assert!(start.elapsed() < Duration::from_secs(30), "{json:#}");
    assert_eq!(codes, ["CC505"], "{json:#}");
    assert_eq!(exit, 1, "a warning fails at the default --fail-on");
    let message = finding(&json, "CC505")["message"].as_str().unwrap();
    assert!(
        message.contains("step 2: the CodeCommit API in us-east-1 is unreachable")
            && message.contains("step 3: git cannot reach the endpoint"),
        "{message}"
    );
    let lines = online_lines(&json);
    assert!(
        lines
            .iter()
            .any(|(step, ok, m)| step == "credentials" && *ok && m.contains("user/dev")),
        "{lines:?}"
    );
}

#[test]
fn profile_endpoint_settings_are_honoured() {
    let world = world();
    let credentials = std::fs::read_to_string(world.home().join(".aws/credentials")).unwrap();
    let moto = format!("http://127.0.0.1:{}", world.moto_port);
    // No AWS_ENDPOINT_URL: the profile's `endpoint_url`, then a `services` section, alone
    // lead to moto.
    for config in [
        format!("[profile dev]\nendpoint_url = {moto}\n"),
        format!(
            "[profile dev]\nservices = emulator\n[services emulator]\nsts =\n  endpoint_url = {moto}\ncodecommit =\n  endpoint_url = {moto}\n"
        ),
    ] {
        write_aws_files(&world.home(), &config, &credentials);
        let (json, codes, exit) = world.online_json(&[("AWS_ENDPOINT_URL", None)]);
        assert!(codes.is_empty(), "{config}\n{json:#}");
        assert_eq!(exit, 0, "{config}\n{json:#}");
    }

    // Empty endpoint settings, which the AWS SDK cannot take: a profile's is left out (the
    // variables still lead to moto), a variable's is a finding — never a crash.
    write_aws_files(
        &world.home(),
        "[profile dev]\nendpoint_url =\nservices = e\n[services e]\nsts =\n  endpoint_url =\n",
        &credentials,
    );
    let (json, codes, _) = world.online_json(&[]);
    assert!(codes.is_empty(), "{json:#}");
    let (json, codes, _) = world.online_json(&[("AWS_ENDPOINT_URL_STS", Some(String::new()))]);
    assert!(codes.contains(&"CC505".to_owned()), "{json:#}");
    assert!(
        finding(&json, "CC505")["message"]
            .as_str()
            .unwrap()
            .contains("`AWS_ENDPOINT_URL_STS` is set but empty"),
        "{json:#}"
    );
}

/// Accepts connections on 127.0.0.1 and counts them, closing each at once.
struct Recorder {
    port: u16,
    count: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

fn recorder() -> Recorder {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if let Ok(mut s) = stream {
                let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
                let _ = s.read(&mut [0; 64]);
            }
        }
    });
    Recorder { port, count }
}

fn connections(r: &Recorder) -> usize {
    r.count.load(std::sync::atomic::Ordering::SeqCst)
}

#[test]
fn without_online_nothing_touches_the_network() {
    require_program("git", "--version");
    let rec = recorder();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write_aws_files(
        &home,
        "",
        "[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s3cret/Value\n",
    );
    std::fs::write(
        home.join(".gitconfig"),
        format!(
            "[http]\n\tcurloptResolve = {HOST}:{port}:127.0.0.1\n\
             [credential \"https://{HOST}:{port}\"]\n\thelper = !'{BIN}' credential-helper --profile dev\n\tUseHttpPath = true\n",
            port = rec.port
        ),
    )
    .unwrap();
    let repo = dir.path().join("repo");
    run_ok(Command::new("git").args(["init", "-q"]).arg(&repo));
    run_ok(
        Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(["remote", "add", "origin"])
            .arg(format!("https://{HOST}:{}/v1/repos/demo", rec.port)),
    );
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(&repo)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{}", rec.port))
            .stdin(Stdio::null())
            .output()
            .expect("run cc-lint")
    };
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--no-probe"],
        &["chain"],
    ] {
        let out = run(args);
        assert!(out.status.code().is_some(), "{args:?}");
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(connections(&rec), 0, "an offline command connected");

    // The same setup with --online does reach the recorder (so the assertion above could
    // fail), and a server that hangs up is CC505, not a crash or a hang.
    let out = run(&["check", "--online", "--format", "json"]);
    let text = stdout(&out);
    assert!(connections(&rec) > 0, "{text}");
    assert!(text.contains("\"CC505\""), "{text}\n{}", stderr(&out));
    assert!(!text.contains("s3cret/Value"), "{text}");
}

#[test]
fn explain_says_online_rules_need_online() {
    let out = Command::new(BIN)
        .args(["explain", "CC504"])
        .output()
        .expect("run cc-lint");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("Needs `check --online`"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn online_with_repos_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["check", "--online", "--repos", "*"])
        .current_dir(dir.path())
        .output()
        .expect("run cc-lint");
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("--online"), "{}", stderr(&out));
}
