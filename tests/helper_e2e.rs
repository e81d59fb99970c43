//! End to end: real `git push` / `git clone` over HTTPS through `cc-lint credential-helper`
//! to a local server that verifies the CodeCommit SigV4 password the way CodeCommit does
//! (tests/support/codecommit_server.py). Everything runs on 127.0.0.1; git finds the
//! server through `http.curloptResolve` and trusts it through `http.sslCAInfo` (a test CA
//! made with openssl in a temporary directory).

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::BIN;
use common::helper::*;

const HOST: &str = "git-codecommit.us-east-1.amazonaws.com";
const ACCESS_KEY: &str = "AKIDE2EEXAMPLE";
const SECRET: &str = "e2e/Secret+Key=";
const PROFILE: &str = "My Profile";

struct World {
    dir: tempfile::TempDir,
    port: u16,
    _server: ChildGuard,
}

impl World {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn home(&self) -> PathBuf {
        self.path("home")
    }

    fn url(&self, repo: &str) -> String {
        format!("https://{HOST}:{}/v1/repos/{repo}", self.port)
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.path("requests.log")).unwrap_or_default()
    }

    /// git with nothing from the machine: no system config, a temporary global config
    /// and home, no prompts.
    fn git(&self, args: &[&str]) -> Output {
        let home = self.home();
        Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.path("gitconfig"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("AWS_CONFIG_FILE", home.join(".aws").join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                home.join(".aws").join("credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdin(Stdio::null())
            .output()
            .expect("run git")
    }

    fn write_gitconfig(&self, use_http_path: bool) {
        let mut config = format!(
            "[user]\n\tname = E2E\n\temail = e2e@example.com\n[init]\n\tdefaultBranch = main\n\
             [http]\n\tsslCAInfo = {ca}\n\tcurloptResolve = {HOST}:{port}:127.0.0.1\n\
             [credential \"https://{HOST}:{port}\"]\n\thelper =\n\thelper = !'{bin}' credential-helper --profile '{PROFILE}'\n",
            ca = self.path("tls/ca.pem").display(),
            port = self.port,
            bin = BIN,
        );
        if use_http_path {
            config.push_str("\tUseHttpPath = true\n");
        }
        std::fs::write(self.path("gitconfig"), config).expect("write gitconfig");
    }

    fn write_aws_secret(&self, secret: &str) {
        write_aws_files(
            &self.home(),
            &format!("[profile '{PROFILE}']\nregion = eu-west-1\n"),
            &format!(
                "[{PROFILE}]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {secret}\n"
            ),
        );
    }
}

/// A server with one empty bare repository `demo`, and a git setup using the helper.
fn world() -> World {
    require_program("git", "--version");
    require_program("openssl", "version");
    require_python(&["ssl", "http.server"]);
    let dir = tempfile::tempdir().unwrap();
    let root = tls_and_demo_repo(dir.path(), HOST);

    let (guard, port) = start_codecommit_server(dir.path(), &root, ACCESS_KEY, SECRET);
    let world = World {
        dir,
        port,
        _server: guard,
    };
    world.write_aws_secret(SECRET);
    world.write_gitconfig(true);
    world
}

fn commit_something(world: &World) -> String {
    let work = world.path("work");
    run_ok(
        Command::new("git")
            .args(["init", "-q", "-b", "main"])
            .arg(&work),
    );
    std::fs::write(work.join("README"), "hello CodeCommit\n").unwrap();
    let git = |args: &[&str]| {
        let mut all = vec!["-C", work.to_str().unwrap()];
        all.extend_from_slice(args);
        world.git(&all)
    };
    assert!(git(&["add", "README"]).status.success());
    let out = git(&["commit", "-q", "-m", "first"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = git(&["rev-parse", "HEAD"]);
    stdout(&out).trim().to_owned()
}

#[test]
fn push_and_clone_through_the_helper() {
    let world = world();
    let head = commit_something(&world);
    let work = world.path("work");

    let push = world.git(&[
        "-C",
        work.to_str().unwrap(),
        "push",
        &world.url("demo"),
        "main",
    ]);
    assert!(
        push.status.success(),
        "push failed: {}\nserver log:\n{}",
        stderr(&push),
        world.requests()
    );

    let clone = world.git(&["clone", "-q", &world.url("demo"), "cloned"]);
    assert!(
        clone.status.success(),
        "clone failed: {}\nserver log:\n{}",
        stderr(&clone),
        world.requests()
    );
    let cloned_head = world.git(&[
        "-C",
        world.path("cloned").to_str().unwrap(),
        "rev-parse",
        "HEAD",
    ]);
    assert_eq!(stdout(&cloned_head).trim(), head);
    assert_eq!(
        std::fs::read_to_string(world.path("cloned/README")).unwrap(),
        "hello CodeCommit\n"
    );

    // git was challenged (401) and then authorised by the helper's signature.
    let log = world.requests();
    assert!(log.contains(" 401 no-auth"), "{log}");
    assert!(log.contains("git-receive-pack 200 ok"), "{log}");
    assert!(log.contains("git-upload-pack 200 ok"), "{log}");
    assert!(!log.contains(" 403 "), "{log}");
}

#[test]
fn wrong_secret_is_rejected_with_403() {
    let world = world();
    world.write_aws_secret("not-the-secret");
    let clone = world.git(&["clone", "-q", &world.url("demo"), "cloned"]);
    assert!(!clone.status.success());
    let err = stderr(&clone);
    assert!(err.contains("403"), "{err}");
    assert!(
        world.requests().contains(" 403 bad-signature"),
        "{}",
        world.requests()
    );
    assert!(!world.path("cloned/.git").exists());
}

#[test]
fn without_use_http_path_the_helper_explains_and_git_stops() {
    let world = world();
    world.write_gitconfig(false);
    let clone = world.git(&["clone", "-q", &world.url("demo"), "cloned"]);
    assert!(!clone.status.success());
    let err = stderr(&clone);
    assert!(err.contains("credential.UseHttpPath must be true"), "{err}");
    assert!(
        err.contains(
            "git config --global 'credential.https://git-codecommit.*.amazonaws.com.UseHttpPath' true"
        ),
        "{err}"
    );
    assert!(
        err.contains("told us to quit"),
        "git stops at quit=1: {err}"
    );
    assert!(
        !err.contains("could not read Username"),
        "git must not fall back to prompting: {err}"
    );
    assert!(!err.contains(ACCESS_KEY) && !err.contains(SECRET), "{err}");
    let log = world.requests();
    assert!(!log.contains(" 200 "), "{log}");
}

#[test]
fn missing_profile_explains_and_git_stops() {
    let world = world();
    write_aws_files(
        &world.home(),
        "",
        "[other]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    let clone = world.git(&["clone", "-q", &world.url("demo"), "cloned"]);
    assert!(!clone.status.success());
    let err = stderr(&clone);
    assert!(
        err.contains("AWS profile `My Profile` (from --profile) is not defined in"),
        "{err}"
    );
    assert!(err.contains("told us to quit"), "{err}");
    assert!(!err.contains("could not read Username"), "{err}");
}
