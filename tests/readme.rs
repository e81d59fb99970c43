//! The README and docs/ say only what is true (issue 12 item 9).
//!
//! - Every example marked `<!-- generated: fixture=NAME; run=cc-lint ARGS -->` is what
//!   cc-lint prints (stdout, 80 columns) on that fixture; `UPDATE_README=1 cargo test --test
//!   readme` rewrites them, and the test fails when one drifts.
//! - Every shell command in a fenced `sh`/`bash`/`console` block (or a `$ ` line) of the README
//!   and docs/ runs in an interactive bash (history expansion on) and in `sh`, with `cargo`,
//!   `aws` and `pip` stubbed and the real cc-lint and git on PATH, and must succeed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Machine;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn docs() -> Vec<PathBuf> {
    let mut files = vec![Path::new(ROOT).join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    more.sort();
    files.extend(more);
    files
}

/// A fenced block: its info string, its lines, and the line index of its opening fence.
struct Block {
    lang: String,
    lines: Vec<String>,
    open: usize,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(lang) = lines[i].trim_start().strip_prefix("```") {
            let open = i;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                body.push(lines[i].to_owned());
                i += 1;
            }
            out.push(Block {
                lang: lang.trim().to_owned(),
                lines: body,
                open,
            });
        }
        i += 1;
    }
    out
}

/// The shell commands of a block, continuation lines joined.
fn commands(b: &Block) -> Vec<String> {
    let script = matches!(b.lang.as_str(), "sh" | "bash" | "shell");
    let prompt = b.lang == "console" || b.lines.first().is_some_and(|l| l.starts_with("$ "));
    if !script && !prompt {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in &b.lines {
        let text = match (&current, prompt) {
            (Some(_), _) => line.as_str(),
            (None, true) => match line.strip_prefix("$ ") {
                Some(c) => c,
                None => continue,
            },
            (None, false) if line.trim().is_empty() || line.trim_start().starts_with('#') => {
                continue;
            }
            (None, false) => line.as_str(),
        };
        let joined = match current.take() {
            Some(mut c) => {
                c.push('\n');
                c.push_str(text);
                c
            }
            None => text.to_owned(),
        };
        if joined.ends_with('\\') {
            current = Some(joined);
        } else {
            out.push(joined);
        }
    }
    out.extend(current);
    out
}

fn stub(dir: &Path, name: &str, script: &str) {
    let p = dir.join(name);
    std::fs::write(&p, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Runs `cmds` in `shell` (`bash -i` reads them as typed lines); each command's exit status
/// is printed after it. Returns (statuses, stderr).
fn run_in(shell: &str, cmds: &[String], home: &Path, bin: &Path, cwd: &Path) -> (Vec<i32>, String) {
    let mut script = String::new();
    for (i, c) in cmds.iter().enumerate() {
        script.push_str(c);
        script.push_str(&format!("\necho \"__status {i} $?\"\n"));
    }
    let mut cmd = if shell == "bash" {
        let mut c = Command::new("bash");
        c.args(["--norc", "--noprofile", "-i"]);
        c
    } else {
        Command::new("sh")
    };
    let mut child = cmd
        .env_clear()
        .env("HOME", home)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("PS1", "")
        .env("HISTFILE", home.join(".bash_history"))
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut statuses = vec![-1; cmds.len()];
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("__status ") {
            let mut it = rest.split(' ');
            if let (Some(i), Some(s)) = (it.next(), it.next())
                && let (Ok(i), Ok(s)) = (i.parse::<usize>(), s.parse::<i32>())
                && i < statuses.len()
            {
                statuses[i] = s;
            }
        }
    }
    (statuses, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn every_shell_command_in_the_docs_runs_in_interactive_bash_and_sh() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for doc in docs() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for b in blocks(&text) {
            let cmds = commands(&b);
            if cmds.is_empty() {
                continue;
            }
            for shell in ["bash", "sh"] {
                let dir = tempfile::tempdir().unwrap();
                let home = dir.path().join("home");
                let bin = dir.path().join("bin");
                let work = dir.path().join("work");
                for d in [&home, &bin, &work] {
                    std::fs::create_dir_all(d).unwrap();
                }
                // what the commands need, without building, installing or the network
                for name in ["cargo", "aws", "pip", "pipx"] {
                    stub(&bin, name, "#!/bin/sh\necho \"stub: $0 $*\"\nexit 0\n");
                }
                std::os::unix::fs::symlink(common::BIN, bin.join("cc-lint")).unwrap();
                let (statuses, stderr) = run_in(shell, &cmds, &home, &bin, &work);
                for (c, s) in cmds.iter().zip(&statuses) {
                    ran += 1;
                    // cc-lint's own commands may report findings (exit 1) on an empty home
                    let allowed = if c.starts_with("cc-lint") { 1 } else { 0 };
                    if *s < 0 || *s > allowed {
                        failures.push(format!(
                            "{}:{}: `{c}` in {shell}: status {s}\n{stderr}",
                            doc.display(),
                            b.open + 1
                        ));
                    }
                }
                if stderr.contains("event not found") {
                    failures.push(format!(
                        "{}:{}: history expansion in {shell}:\n{stderr}",
                        doc.display(),
                        b.open + 1
                    ));
                }
                // the documented `git config` lines write the helper as documented
                if cmds.iter().any(|c| c.contains("git config --global --add")) {
                    let got = Command::new("git")
                        .args([
                            "config",
                            "--global",
                            "--get-all",
                            "credential.https://git-codecommit.*.amazonaws.com.helper",
                        ])
                        .env("HOME", &home)
                        .output()
                        .unwrap();
                    let got = String::from_utf8_lossy(&got.stdout);
                    let want = format!(
                        "\n!'{}' credential-helper --profile 'My Profile'\n",
                        bin.join("cc-lint").display()
                    );
                    if got != want {
                        failures.push(format!(
                            "{}:{}: {shell} wrote {got:?}, not {want:?}",
                            doc.display(),
                            b.open + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(ran >= 4, "only {ran} commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What the README shows for `run` on `fixture`: `$ cc-lint …` and stdout at 80 columns,
/// temporary paths replaced by the ones a reader would have.
fn generate(fixture: &str, run: &str) -> Vec<String> {
    let mut m = Machine::fixture(fixture);
    m.env.insert("COLUMNS".into(), "80".into());
    let words: Vec<&str> = run.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"cc-lint"), "{run}");
    let out = m.cc_lint(&words[1..]);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    let exe = std::fs::canonicalize(common::BIN).unwrap();
    let root = m.root().to_string_lossy().into_owned();
    for (from, to) in [
        (
            exe.to_string_lossy().into_owned(),
            "/usr/local/bin/cc-lint".to_owned(),
        ),
        (
            format!("{root}/system/gitconfig"),
            "/etc/gitconfig".to_owned(),
        ),
        (format!("{root}/home"), "/home/mary".to_owned()),
        (format!("{root}/repo"), "/home/mary/src/demo".to_owned()),
        (root.clone(), "/work".to_owned()),
    ] {
        text = text.replace(&from, &to);
    }
    let mut lines = vec![format!("$ {run}")];
    lines.extend(text.lines().map(|l| l.trim_end().to_owned()));
    lines
}

#[test]
fn readme_examples_are_what_cc_lint_prints() {
    let path = Path::new(ROOT).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut drift = Vec::new();
    let mut generated = 0;
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].to_owned());
        let Some(spec) = lines[i]
            .trim()
            .strip_prefix("<!-- generated:")
            .and_then(|s| s.strip_suffix("-->"))
        else {
            i += 1;
            continue;
        };
        let field = |name: &str| {
            spec.split(';')
                .find_map(|kv| kv.trim().strip_prefix(&format!("{name}=")).map(str::trim))
                .unwrap_or_else(|| panic!("README.md:{}: no `{name}=`", i + 1))
                .to_owned()
        };
        let (fixture, run) = (field("fixture"), field("run"));
        let fresh = generate(&fixture, &run);
        assert!(
            lines.get(i + 1).is_some_and(|l| l.starts_with("```")),
            "README.md:{}: a fenced block must follow",
            i + 2
        );
        out.push(lines[i + 1].to_owned());
        let mut j = i + 2;
        let mut old = Vec::new();
        while j < lines.len() && !lines[j].starts_with("```") {
            old.push(lines[j].to_owned());
            j += 1;
        }
        if old != fresh {
            drift.push(format!(
                "README.md:{}: `{run}` on fixture {fixture} prints\n{}\n--- but the README shows\n{}",
                i + 1,
                fresh.join("\n"),
                old.join("\n")
            ));
        }
        out.extend(fresh);
        generated += 1;
        i = j;
    }
    assert!(generated >= 4, "only {generated} generated examples");
    if std::env::var_os("UPDATE_README").is_some() {
        let mut new = out.join("\n");
        new.push('\n');
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert!(
        drift.is_empty(),
        "{}\n\n(UPDATE_README=1 cargo test --test readme rewrites them)",
        drift.join("\n\n")
    );
}
