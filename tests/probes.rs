//! Probes run fake `git` / `aws` programs from a temporary PATH: versions become findings, a
//! hanging program is cut off by the timeout, and `--no-probe` runs nothing.

mod common;

use std::time::{Duration, Instant};

use common::Machine;

const AWS_HELPER: &str = "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n";

fn machine(git: &str, aws: &str) -> Machine {
    let mut m = Machine::empty();
    m.write("home/.gitconfig", AWS_HELPER);
    m.env.insert("GIT_CONFIG_NOSYSTEM".into(), "1".into());
    m.program("git", git);
    m.program("aws", aws);
    m.probe = true;
    m
}

#[test]
fn old_versions_are_findings() {
    let m = machine(
        "#!/bin/sh\necho 'git version 2.8.0'\n",
        "#!/bin/sh\necho 'aws-cli/1.7.0 Python/2.7.6 Linux/3.13.0' >&2\n",
    );
    let (_, got, code) = m.check_json(&[]);
    assert_eq!(code, 1);
    for want in [
        "CC109 home/.gitconfig:1",
        "CC109 home/.gitconfig:2",
        "CC404 home/.gitconfig:3",
    ] {
        assert!(got.iter().any(|g| g == want), "{want} missing: {got:?}");
    }
    assert!(
        !got.iter()
            .any(|g| g.starts_with("CC107") || g.starts_with("CC403")),
        "{got:?}"
    );
}

#[test]
fn current_versions_are_quiet_and_no_probe_runs_nothing() {
    let m = machine(
        "#!/bin/sh\necho 'git version 2.47.3'\n",
        "#!/bin/sh\necho 'aws-cli/2.27.50 Python/3.13.4 Linux/6.8.0 exe/x86_64.ubuntu.24'\n",
    );
    let (_, got, _) = m.check_json(&["--select", "CC107,CC109,CC403,CC404"]);
    assert!(got.is_empty(), "{got:?}");
    // With --no-probe an ancient git is never asked.
    let mut old = machine(
        "#!/bin/sh\necho 'git version 1.7.1'\n",
        "#!/bin/sh\necho 'aws-cli/1.7.0 Python/2.7.6'\n",
    );
    old.probe = false;
    let (_, got, _) = old.check_json(&[]);
    assert!(
        !got.iter().any(|g| ["CC107", "CC109", "CC403", "CC404"]
            .iter()
            .any(|c| g.starts_with(c))),
        "{got:?}"
    );
    old.probe = true;
    let (_, got, _) = old.check_json(&[]);
    assert!(got.iter().any(|g| g.starts_with("CC403")), "{got:?}");
}

#[test]
fn a_hanging_program_is_cut_off() {
    let m = machine("#!/bin/sh\nsleep 30\n", "#!/bin/sh\nsleep 30\n");
    let start = Instant::now();
    let (_, got, _) = m.check_json(&[]);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert!(
        !got.iter().any(|g| ["CC107", "CC109", "CC403", "CC404"]
            .iter()
            .any(|c| g.starts_with(c))),
        "{got:?}"
    );
}

#[test]
fn a_background_child_holding_the_pipe_is_cut_off() {
    let m = machine(
        "#!/bin/sh\necho 'git version 2.8.0'\nsleep 30 &\n",
        "#!/bin/sh\necho 'aws-cli/2.27.50 Python/3.13.4'\nsleep 30 &\n",
    );
    let start = Instant::now();
    let _ = m.check_json(&[]);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[test]
fn a_missing_helper_program_is_a_finding() {
    let mut m = Machine::empty();
    m.write(
        "home/.gitconfig",
        "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !/nonexistent/aws codecommit credential-helper $@\n\tUseHttpPath = true\n",
    );
    m.env.insert("GIT_CONFIG_NOSYSTEM".into(), "1".into());
    m.probe = true;
    let (json, got, _) = m.check_json(&["--select", "CC107"]);
    assert_eq!(got, ["CC107 home/.gitconfig:3"], "{json:#}");
}
