//! Every example in `rules/*.toml` is a test: `bad` fires its rule, `good` does not.

mod common;

use std::collections::BTreeMap;

use cc_lint::finding::{Code, ExampleFiles};
use common::Machine;

/// Where an example file key sits, relative to the machine's directory.
fn file_for(key: &str) -> String {
    match key {
        "system" => "system/gitconfig".into(),
        "global" => "home/.gitconfig".into(),
        "xdg" => "home/.config/git/config".into(),
        "local" => "repo/.git/config".into(),
        "aws_config" => "home/.aws/config".into(),
        "aws_credentials" => "home/.aws/credentials".into(),
        "git_credentials" => "home/.git-credentials".into(),
        other => format!("home/{}", other.strip_prefix("home:").unwrap_or(other)),
    }
}

/// Lays out an example's files on a fresh machine: `$ROOT` in texts is the machine's
/// directory, credential files are 0600 unless `modes` says otherwise, `programs` go first
/// on PATH and turn probes on; an example with no AWS file and no `AWS_*` variable gets a
/// `[default]` profile with keys.
fn machine(
    files: &ExampleFiles,
    env: &BTreeMap<String, String>,
    modes: &BTreeMap<String, String>,
    programs: &BTreeMap<String, String>,
) -> Machine {
    let mut m = Machine::empty();
    let root = m.root().to_string_lossy().into_owned();
    for (key, text) in &files.files {
        let text = &text.replace("$ROOT", &root);
        match key.as_str() {
            "local" => m.init_repo(text),
            "system" | "global" | "xdg" | "aws_config" | "aws_credentials" | "git_credentials" => {
                m.write(&file_for(key), text)
            }
            other if other.starts_with("home:") => m.write(&file_for(other), text),
            other => panic!("unknown example file key `{other}`"),
        }
    }
    // The guide's first step is `aws configure`: an example that shows no AWS file has
    // default credentials, so it shows its own rule, not CC203's.
    if !files.files.keys().any(|k| k.starts_with("aws_"))
        && !env.keys().any(|k| k.starts_with("AWS_"))
    {
        m.write("home/.aws/credentials", &common::aws_keys("default"));
    }
    for (k, v) in env {
        m.env
            .insert(k.clone(), v.replace("$ROOT", &m.root().to_string_lossy()));
    }
    for rel in common::CREDENTIAL_FILES {
        m.chmod(rel, 0o600);
    }
    for (key, mode) in modes {
        m.chmod(
            &file_for(key),
            u32::from_str_radix(mode, 8).expect("octal mode"),
        );
    }
    for (name, script) in programs {
        m.program(name, script);
    }
    m.probe = !programs.is_empty();
    m
}

#[test]
fn every_rule_doc_example_behaves_as_documented() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for &code in Code::ALL {
        for ex in &code.doc().examples {
            let bad = machine(&ex.bad, &ex.env, &ex.modes, &ex.programs);
            if code.doc().online {
                // Online rules report what AWS and git answer (tests/online.rs shows them
                // firing); offline, the same files must not fire them.
                let (json, got, _) = bad.check_json(&["--select", code.as_str()]);
                if !got.is_empty() {
                    failures.push(format!(
                        "{code} example `{}`: fired without --online: {json:#}",
                        ex.name
                    ));
                }
                ran += 1;
                continue;
            }
            let (json, got, _) = bad.check_json(&["--select", code.as_str()]);
            if !got.iter().any(|f| f.starts_with(code.as_str())) {
                failures.push(format!(
                    "{code} example `{}`: bad did not fire: {json:#}",
                    ex.name
                ));
            }
            ran += 1;
            if let Some(fixed) = &ex.fixed {
                let out = bad.cc_lint(&["fix", "--yes", "--helper", "aws", "--no-backup"]);
                if out.status.code() != Some(0) {
                    failures.push(format!(
                        "{code} example `{}`: fix exited {:?}: {}",
                        ex.name,
                        out.status.code(),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
                for (key, want) in &fixed.files {
                    let got =
                        std::fs::read_to_string(bad.root().join(file_for(key))).unwrap_or_default();
                    if &got != want {
                        failures.push(format!("{code} example `{}`: fixed {key} differs:\n--- want\n{want}--- got\n{got}", ex.name));
                    }
                }
                let (json, got, _) = bad.check_json(&["--select", code.as_str()]);
                if !got.is_empty() {
                    failures.push(format!(
                        "{code} example `{}`: still fires after fix: {json:#}",
                        ex.name
                    ));
                }
                ran += 1;
            }
            if let Some(good) = &ex.good {
                let programs = ex.good_programs.as_ref().unwrap_or(&ex.programs);
                let good = machine(good, &ex.env, &BTreeMap::new(), programs);
                let (json, got, code_exit) = good.check_json(&["--select", code.as_str()]);
                if !got.is_empty() || code_exit != 0 {
                    failures.push(format!(
                        "{code} example `{}`: good fired: {json:#}",
                        ex.name
                    ));
                }
                ran += 1;
            }
        }
    }
    assert!(ran >= 20, "ran {ran}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
