//! Test support: fixture homes copied to a temporary directory, the cc-lint binary run on them
//! with a clean environment, and real git asked the same questions.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod helper;

pub const BIN: &str = env!("CARGO_BIN_EXE_cc-lint");

/// A machine laid out in a temporary directory:
/// `system/gitconfig`, `home/` (HOME), `repo/` (a repository whose git dir is `repo/.git`).
pub struct Machine {
    pub dir: tempfile::TempDir,
    pub env: BTreeMap<String, String>,
    /// Run `check` with probes (default: `--no-probe`).
    pub probe: bool,
}

impl Machine {
    pub fn empty() -> Machine {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        Machine {
            dir,
            env: BTreeMap::new(),
            probe: false,
        }
    }

    /// Copies `fixtures/<name>` (`name` may be nested: `real/<name>`); `dot-git` directories become `.git`; an `env` file holds
    /// extra `KEY=VALUE` variables (`$ROOT` is replaced by the machine's directory).
    /// Credential files get mode 0600, as the AWS CLI and credential-store create them (git
    /// keeps only 644/755); a `modes` file sets others: `home/.git-credentials 644`.
    pub fn fixture(name: &str) -> Machine {
        let m = Machine::empty();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        assert!(src.is_dir(), "no fixture {name}");
        copy_dir(&src, m.root());
        let mut m = m;
        if let Ok(text) = std::fs::read_to_string(m.root().join("env")) {
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let (k, v) = line.split_once('=').expect("env lines are KEY=VALUE");
                let v = v.replace("$ROOT", &m.root().to_string_lossy());
                m.env.insert(k.to_owned(), v);
            }
        }
        for rel in CREDENTIAL_FILES {
            m.chmod(rel, 0o600);
        }
        if let Ok(text) = std::fs::read_to_string(m.root().join("modes")) {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let (rel, mode) = line.rsplit_once(' ').expect("modes lines are `path mode`");
                m.chmod(
                    rel,
                    u32::from_str_radix(mode.trim(), 8).expect("octal mode"),
                );
            }
        }
        m
    }

    /// Sets the mode of `rel` if it exists (Unix only).
    pub fn chmod(&self, rel: &str, mode: u32) {
        let p = self.root().join(rel);
        if !p.exists() {
            return;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
    }

    /// A fake program `bin/<name>` (0755), with `bin/` first on PATH.
    pub fn program(&mut self, name: &str, script: &str) {
        let rel = format!("bin/{name}");
        self.write(&rel, script);
        self.chmod(&rel, 0o755);
        let path = format!(
            "{}:{}",
            self.root().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        self.env.insert("PATH".into(), path);
    }

    /// A third-party CodeCommit helper on PATH (`git-credential-codecommit`) that answers.
    pub fn third_party_signer(&mut self) {
        self.program(
            "git-credential-codecommit",
            "#!/bin/sh\necho username=x\necho password=y\n",
        );
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn repo(&self) -> Option<PathBuf> {
        let r = self.root().join("repo");
        r.join(".git").is_dir().then_some(r)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A repository at `repo/` with `config` as its `.git/config`.
    pub fn init_repo(&self, config: &str) {
        let git = self.root().join("repo/.git");
        std::fs::create_dir_all(git.join("objects")).unwrap();
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(git.join("config"), config).unwrap();
    }

    /// The environment git and cc-lint see: nothing from the host but PATH.
    pub fn base_env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
            (
                "HOME".to_owned(),
                self.home().to_string_lossy().into_owned(),
            ),
            ("NO_COLOR".to_owned(), "1".to_owned()),
            ("LANG".to_owned(), "C".to_owned()),
        ];
        let system = self.root().join("system/gitconfig");
        if system.exists() {
            env.push((
                "GIT_CONFIG_SYSTEM".into(),
                system.to_string_lossy().into_owned(),
            ));
        } else {
            env.push(("GIT_CONFIG_NOSYSTEM".into(), "1".into()));
        }
        for (k, v) in &self.env {
            env.retain(|(ek, _)| ek != k);
            env.push((k.clone(), v.clone()));
        }
        env
    }

    /// The directory commands run in: the fixture's `cwd` file, else the repository if there
    /// is one, else home.
    pub fn cwd(&self) -> PathBuf {
        if let Ok(rel) = std::fs::read_to_string(self.root().join("cwd")) {
            return self.root().join(rel.trim());
        }
        self.repo().unwrap_or_else(|| self.home())
    }

    /// cc-lint with `args` in this machine's environment (no instance metadata to wait for),
    /// in its working directory; not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .envs(self.base_env())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .current_dir(self.cwd());
        cmd
    }

    pub fn cc_lint(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .envs(self.base_env())
            .current_dir(self.cwd());
        cmd.stdin(Stdio::null());
        cmd.output().expect("cc-lint runs")
    }

    /// `chain URL --format json`, parsed: what cc-lint says git does for `url` (exit 0).
    pub fn chain_json(&self, url: &str) -> serde_json::Value {
        let out = self.cc_lint(&["chain", url, "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0].clone()
    }

    /// `check --format json`, parsed; findings as `CODE file:line` with files relative to
    /// the machine's directory.
    pub fn check_json(&self, extra: &[&str]) -> (serde_json::Value, Vec<String>, i32) {
        let mut args = vec!["check", "--format", "json"];
        if !self.probe {
            args.push("--no-probe");
        }
        args.extend_from_slice(extra);
        let out = self.cc_lint(&args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {stdout}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let findings = json["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}",
                    f["code"].as_str().unwrap(),
                    self.relative(f["file"].as_str().unwrap()),
                    f["line"]
                )
            })
            .collect();
        (json, findings, out.status.code().unwrap_or(-1))
    }

    /// The codes `check` reports here, in order.
    pub fn check_codes(&self) -> Vec<String> {
        codes(&self.check_json(&[]).0)
    }

    /// A displayed path (`~/…` or absolute) relative to the machine's directory.
    pub fn relative(&self, shown: &str) -> String {
        if let Some(rest) = shown.strip_prefix("~/") {
            return format!("home/{rest}");
        }
        let root = self.root().to_string_lossy().into_owned();
        shown
            .strip_prefix(&root)
            .map(|r| r.trim_start_matches('/').to_owned())
            .unwrap_or_else(|| shown.to_owned())
    }
}

/// Files that hold secrets, relative to the machine's directory.
pub const CREDENTIAL_FILES: [&str; 3] = [
    "home/.aws/credentials",
    "home/.git-credentials",
    "home/.config/git/credentials",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let target_name = if name == "dot-git" {
            ".git".into()
        } else {
            name
        };
        let target = to.join(target_name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
            if target.ends_with(".git") {
                // git only accepts a git dir with objects/ and refs/, which git cannot commit
                std::fs::create_dir_all(target.join("objects")).unwrap();
                std::fs::create_dir_all(target.join("refs/heads")).unwrap();
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What real git does for `url` on this machine.
#[derive(Debug)]
pub struct GitAnswer {
    /// The helper commands git ran, in order (`… get`).
    pub helpers: Vec<String>,
    /// Whether git sends the path to helpers (`credential.useHttpPath` in force).
    pub sends_path: bool,
}

/// Asks real git which helpers it runs for `url` (GIT_TRACE of `git credential fill`, with
/// `aws` and `cc-lint` replaced by silent stubs) and whether it sends the path (a recording
/// helper after a command-line reset, as the research notes recommend).
pub fn ask_git(m: &Machine, url: &str) -> GitAnswer {
    let stubs = m.root().join("stub-bin");
    std::fs::create_dir_all(&stubs).unwrap();
    for name in ["aws", "cc-lint"] {
        let p = stubs.join(name);
        std::fs::write(&p, "#!/bin/sh\ncat >/dev/null\nexit 0\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let trace = m.root().join("git-trace");
    let _ = std::fs::remove_file(&trace);
    let path = format!(
        "{}:{}",
        stubs.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |extra: &[&str], trace_on: bool| {
        let mut cmd = Command::new("git");
        cmd.args(extra)
            .args(["credential", "fill"])
            .env_clear()
            .envs(m.base_env())
            .env("PATH", &path)
            .env("GIT_TERMINAL_PROMPT", "0")
            .current_dir(m.cwd())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if trace_on {
            cmd.env("GIT_TRACE", &trace);
        }
        let mut child = cmd.spawn().expect("git runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("url={url}\n\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    run(&[], true);
    let trace_text = std::fs::read_to_string(&trace).unwrap_or_default();
    let helpers = trace_text
        .lines()
        .filter_map(|l| l.split_once("trace: run_command: ").map(|(_, c)| c))
        .filter(|c| c.starts_with('\'') && c.ends_with(" get'"))
        .map(unquote_sq)
        .collect();
    let rec = m.root().join("recorded-request");
    let _ = std::fs::remove_file(&rec);
    let recorder = format!("credential.helper=!f() {{ cat > '{}'; }}; f", rec.display());
    run(&["-c", "credential.helper=", "-c", &recorder], false);
    let recorded = std::fs::read_to_string(&rec).unwrap_or_default();
    GitAnswer {
        helpers,
        sends_path: recorded.lines().any(|l| l.starts_with("path=")),
    }
}

/// Undoes git's `sq_quote`: quoted runs, and `\'` / `\!` between them.
pub fn unquote_sq(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    out.push(q);
                }
            }
            '\\' => out.extend(chars.next()),
            other => out.push(other),
        }
    }
    out
}

/// The fixture homes under `fixtures/` (those with an `expected.txt`), sorted.
pub fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expected.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Starts `cmd` with piped streams and writes `input` to its stdin (a program may exit before
/// reading everything, e.g. on an error: that is fine), then closes it.
fn spawn_with_input(cmd: &mut Command, input: &str) -> std::process::Child {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child
}

/// Runs a command with `input` on stdin.
pub fn run_with_input(cmd: &mut Command, input: &str) -> Output {
    spawn_with_input(cmd, input)
        .wait_with_output()
        .expect("wait for child")
}

/// Runs `cmd` with `input` on stdin and a deadline; `None` when it had to be killed (a hang
/// fails a test, it does not hang the suite). The pipes are read while waiting, so a large
/// output does not block the child.
pub fn run_with_timeout(
    cmd: &mut Command,
    input: &str,
    limit: std::time::Duration,
) -> Option<Output> {
    let child = spawn_with_input(cmd, input);
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => Some(out.expect("wait for child")),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            None
        }
    }
}

/// A credentials-file section for `profile` with the AWS documentation's example keys.
pub fn aws_keys(profile: &str) -> String {
    format!(
        "[{profile}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
}

/// The codes of the findings in `check --format json` output, in order.
pub fn codes(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}
