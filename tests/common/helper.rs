//! Shared by the credential-helper integration tests (`tests/helper_*.rs`).
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::BIN;

pub fn support_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("support")
        .join(name)
}

/// `cc-lint credential-helper` in an empty environment: only PATH, a temporary HOME,
/// AWS files inside it, and no instance metadata.
pub fn helper_command(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join(".aws").join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.join(".aws").join("credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .arg("credential-helper");
    cmd
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Writes the AWS files of a temporary home.
pub fn write_aws_files(home: &Path, config: &str, credentials: &str) {
    let dir = home.join(".aws");
    std::fs::create_dir_all(&dir).expect("create ~/.aws");
    std::fs::write(dir.join("config"), config).expect("write config");
    std::fs::write(dir.join("credentials"), credentials).expect("write credentials");
    // as `aws configure` creates them: readable by the owner only (else CC402 fires)
    #[cfg(unix)]
    for name in ["config", "credentials"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o600))
            .expect("chmod 600");
    }
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// Fails (never skips) when a tool the test needs is missing: CI installs them (.ci/run).
pub fn require_python(modules: &[&str]) {
    let import = format!("import {}", modules.join(", "));
    let ok = Command::new("python3")
        .args(["-c", &import])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "this test needs python3 with {modules:?} (`{import}` failed); install them, e.g. `python3 -m pip install awscli botocore 'moto[server]'`, as .ci/run does"
    );
}

pub fn require_program(program: &str, version_arg: &str) {
    let ok = Command::new(program)
        .arg(version_arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "this test needs `{program}` on PATH (CI installs it: .ci/run)"
    );
}

/// Kills and reaps a child process when dropped.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
pub fn run_ok(cmd: &mut Command) {
    let output = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        output.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A test CA and a server certificate for `host` in `dir` (`ca.pem`, `server.pem`,
/// `server.key`).
/// A test CA and certificate for `host` in `dir/tls`, and an empty bare repository `demo` in
/// `dir/repos` (returned), for the local CodeCommit stand-in to serve.
pub fn tls_and_demo_repo(dir: &Path, host: &str) -> std::path::PathBuf {
    make_tls(&dir.join("tls"), host);
    let root = dir.join("repos");
    std::fs::create_dir_all(&root).expect("create repos dir");
    run_ok(
        Command::new("git")
            .args(["init", "-q", "--bare", "-b", "main"])
            .arg(root.join("demo")),
    );
    root
}

pub fn make_tls(dir: &Path, host: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let ca_key = dir.join("ca.key");
    let ca = dir.join("ca.pem");
    let key = dir.join("server.key");
    let csr = dir.join("server.csr");
    let cert = dir.join("server.pem");
    let ext = dir.join("server.ext");
    std::fs::write(
        &ext,
        format!(
            "subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        ),
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run_ok(
        Command::new("openssl")
            .args(["req", "-x509"])
            .args(ec)
            .args(["-days", "2", "-subj", "/CN=cc-lint test CA"])
            .args(["-addext", "basicConstraints=critical,CA:TRUE"])
            .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"])
            .arg("-keyout")
            .arg(&ca_key)
            .arg("-out")
            .arg(&ca),
    );
    run_ok(
        Command::new("openssl")
            .arg("req")
            .args(ec)
            .args(["-subj", &format!("/CN={host}")])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&csr),
    );
    run_ok(
        Command::new("openssl")
            .args(["x509", "-req", "-days", "2", "-set_serial", "2"])
            .arg("-in")
            .arg(&csr)
            .arg("-CA")
            .arg(&ca)
            .arg("-CAkey")
            .arg(&ca_key)
            .arg("-extfile")
            .arg(&ext)
            .arg("-out")
            .arg(&cert),
    );
}

/// Starts tests/support/codecommit_server.py for `root`'s bare repositories, with the TLS
/// files of [`make_tls`] in `dir/tls`, logging to `dir/requests.log`; accepts `access_key`
/// and `secret` (region us-east-1). Returns the guard and the port.
pub fn start_codecommit_server(
    dir: &Path,
    root: &Path,
    access_key: &str,
    secret: &str,
) -> (ChildGuard, u16) {
    use std::io::{BufRead, BufReader};
    let mut server = Command::new("python3")
        .arg(support_file("codecommit_server.py"))
        .arg("--root")
        .arg(root)
        .arg("--cert")
        .arg(dir.join("tls/server.pem"))
        .arg("--key")
        .arg(dir.join("tls/server.key"))
        .args([
            "--access-key",
            access_key,
            "--secret",
            secret,
            "--region",
            "us-east-1",
        ])
        .arg("--log")
        .arg(dir.join("requests.log"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start codecommit_server.py");
    let stdout = server.stdout.take().expect("stdout is piped");
    let guard = ChildGuard(server);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("server prints its port");
    let port: u16 = line
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("server did not start: {line:?}"));
    (guard, port)
}
