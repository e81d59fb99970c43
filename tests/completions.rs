//! Completions as a user meets them: each script is loaded into the real shell (bash, zsh,
//! fish), which is asked for the completions of a command line — not a match on generated
//! text. And the man page, generated from the same clap definitions.
//! `.ci/run` installs zsh and fish; a machine without them fails here, saying so.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SHELLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/shells");

fn script(dir: &Path, shell: &str, file: &str) -> std::path::PathBuf {
    let out = Command::new(common::BIN)
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(out.status.success());
    let p = dir.join(file);
    std::fs::write(&p, &out.stdout).unwrap();
    p
}

/// Runs `cmd` with a deadline (a completion that waits for input must fail, not hang).
fn run(mut cmd: Command, what: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut child = cmd
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot run it ({e}); `.ci/run` installs zsh and fish"));
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{what}: no answer in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The candidates bash offers for `words` (the last one is being completed).
fn bash(dir: &Path, words: &[&str]) -> Vec<String> {
    let s = script(dir, "bash", "cc-lint.bash");
    let mut cmd = Command::new("bash");
    cmd.arg("--norc")
        .arg(Path::new(SHELLS).join("complete-bash.sh"))
        .arg(&s)
        .args(words);
    run(cmd, "bash")
}

fn zsh(dir: &Path, line: &str) -> Vec<String> {
    let fpath = dir.join("zfunc");
    std::fs::create_dir_all(&fpath).unwrap();
    script(&fpath, "zsh", "_cc-lint");
    let mut cmd = Command::new("zsh");
    cmd.arg("-f")
        .arg(Path::new(SHELLS).join("complete-zsh.zsh"))
        .arg(&fpath)
        .arg(line);
    run(cmd, "zsh")
}

fn fish(dir: &Path, line: &str) -> Vec<String> {
    let s = script(dir, "fish", "cc-lint.fish");
    let mut cmd = Command::new("fish");
    cmd.arg("--no-config").arg("-c").arg(format!(
        "source '{}'; complete -C '{}'",
        s.display(),
        line
    ));
    run(cmd, "fish")
}

fn has(got: &[String], want: &[&str], what: &str) {
    for w in want {
        assert!(got.iter().any(|g| g == w), "{what}: no `{w}` in {got:?}");
    }
}

const FORMATS: [&str; 6] = ["human", "concise", "json", "sarif", "github", ""];

#[test]
fn bash_completes_subcommands_flags_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    has(
        &bash(d, &["cc-lint", "ch"]),
        &["check", "chain"],
        "bash subcommands",
    );
    let flags = bash(d, &["cc-lint", "check", "--"]);
    has(
        &flags,
        &["--format", "--repo", "--online", "--fail-on", "--no-probe"],
        "bash flags",
    );
    assert!(
        !flags.contains(&"--dry-run".to_owned()),
        "fix's flag offered for check: {flags:?}"
    );
    has(
        &bash(d, &["cc-lint", "check", "--format", ""]),
        &FORMATS[..5],
        "bash --format",
    );
    has(
        &bash(d, &["cc-lint", "check", "--format", "c"]),
        &["concise"],
        "bash --format c",
    );
    has(
        &bash(d, &["cc-lint", "fix", "--helper", ""]),
        &["builtin", "aws"],
        "bash --helper",
    );
    has(
        &bash(d, &["cc-lint", "completions", ""]),
        &["bash", "zsh", "fish"],
        "bash shells",
    );
}

#[test]
fn zsh_completes_subcommands_flags_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    has(
        &zsh(d, "cc-lint ch"),
        &["check", "chain"],
        "zsh subcommands",
    );
    has(
        &zsh(d, "cc-lint check --"),
        &["--format", "--repo", "--online", "--fail-on"],
        "zsh flags",
    );
    has(
        &zsh(d, "cc-lint check --format "),
        &FORMATS[..5],
        "zsh --format",
    );
    has(
        &zsh(d, "cc-lint fix --scope "),
        &["global", "system", "local"],
        "zsh --scope",
    );
}

#[test]
fn fish_completes_subcommands_flags_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    has(
        &fish(d, "cc-lint ch"),
        &["check", "chain"],
        "fish subcommands",
    );
    has(
        &fish(d, "cc-lint check --"),
        &["--format", "--repo", "--online", "--fail-on"],
        "fish flags",
    );
    has(
        &fish(d, "cc-lint check --format "),
        &FORMATS[..5],
        "fish --format",
    );
    has(
        &fish(d, "cc-lint fix --helper "),
        &["builtin", "aws"],
        "fish --helper",
    );
}

#[test]
fn man_page_covers_every_command_and_flag() {
    let out = Command::new(common::BIN).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
    assert!(page.contains(".TH cc-lint 1"), "{page}");
    use clap::CommandFactory;
    let cmd = cc_lint::app::cli::Cli::command();
    for sub in cmd.get_subcommands() {
        assert!(
            page.contains(&format!(
                ".SH \"CC-LINT {}\"",
                sub.get_name().to_uppercase()
            )),
            "no section for {}",
            sub.get_name()
        );
        for arg in sub.get_arguments().filter_map(|a| a.get_long()) {
            assert!(
                page.contains(&format!("\\-\\-{}", arg.replace('-', "\\-"))),
                "{} --{arg}",
                sub.get_name()
            );
        }
    }
    // the commands are sections of this one page, not pages that do not exist
    assert!(!page.contains("cc\\-lint\\-check(1)"), "{page}");
    // `man` itself reads it, when installed
    if Command::new("man").arg("--version").output().is_ok() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cc-lint.1");
        std::fs::write(&p, &out.stdout).unwrap();
        let shown = Command::new("man")
            .arg("-l")
            .arg(&p)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        if shown.status.success() {
            let text = String::from_utf8_lossy(&shown.stdout);
            assert!(
                text.contains("--fail-on") || text.contains("fail-on"),
                "{text}"
            );
        }
    }
}
