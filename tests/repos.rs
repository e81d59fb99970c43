//! `check --repos GLOB`: many repositories in one run, each with its own local config,
//! sharing the system, global and AWS files; findings name their repository.

mod common;

use common::Machine;

fn init(m: &Machine, rel: &str, config: &str) {
    let git = m.root().join(rel).join(".git");
    std::fs::create_dir_all(git.join("objects")).unwrap();
    std::fs::create_dir_all(git.join("refs/heads")).unwrap();
    std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(git.join("config"), config).unwrap();
}

#[test]
fn many_repositories_share_the_global_work_and_name_their_own_findings() {
    let m = Machine::fixture("guide-recommended"); // global: unscoped helper (CC105)
    for i in 0..12 {
        init(
            &m,
            &format!("home/src/app{i:02}"),
            &format!(
                "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app{i}\n"
            ),
        );
    }
    init(
        &m,
        "home/src/fips",
        "[remote \"origin\"]\n\turl = https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/f\n",
    );
    init(
        &m,
        "home/src/nopath",
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/n\n[credential]\n\tuseHttpPath = false\n",
    );
    std::fs::create_dir_all(m.home().join("src/not-a-repo")).unwrap();

    let out = m.cc_lint(&[
        "check",
        "--no-probe",
        "--format",
        "json",
        "--repos",
        "src/*",
    ]);
    let cwd_home = out.status.code();
    // cwd is home (no repo/ in this fixture)
    assert_eq!(
        cwd_home,
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let got: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["repository"].as_str().unwrap_or("-")
            )
        })
        .collect();
    // CC105 once (the global file), CC101 for the repository that turns the path off
    assert_eq!(
        got.iter().filter(|g| g.starts_with("CC105")).count(),
        1,
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("CC101") && g.ends_with("src/nopath")),
        "{got:?}"
    );
    assert_eq!(
        findings.len(),
        2,
        "FIPS remote is covered by the unscoped helper: {got:?}"
    );

    let none = m.cc_lint(&["check", "--repos", "nothing-here/*"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no git repository matches"));
}

#[test]
fn repos_human_output_names_the_repository() {
    let m = Machine::fixture("correct-scoped");
    init(
        &m,
        "home/work/a",
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/a\n",
    );
    init(
        &m,
        "home/work/b",
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/b\n[credential \"https://git-codecommit.*.amazonaws.com\"]\n\tuseHttpPath = false\n",
    );
    let out = m.cc_lint(&[
        "check",
        "--no-probe",
        "--repos",
        &format!("{}/home/work/*", m.root().display()),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("repository ~/work/b"), "{text}");
    assert!(!text.contains("repository ~/work/a"), "{text}");
}

/// `--repos` counts what git counts as a repository: a `.git` folder without `objects/` and
/// `refs/` (an interrupted clone, say) is not one, and a pattern matching only such folders is
/// refused.
#[test]
fn repos_are_what_git_calls_repositories() {
    let m = Machine::fixture("guide-recommended");
    std::fs::create_dir_all(m.home().join("src/broken/.git")).unwrap();
    std::fs::write(
        m.home().join("src/broken/.git/HEAD"),
        "ref: refs/heads/main\n",
    )
    .unwrap();
    let out = m.cc_lint(&["check", "--repos", "src/*", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no git repository matches"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let git = std::process::Command::new("git")
        .args(["rev-parse", "--git-dir"])
        .current_dir(m.home().join("src/broken"))
        .env("GIT_CEILING_DIRECTORIES", m.home())
        .output()
        .unwrap();
    assert!(!git.status.success(), "git agrees it is not a repository");
}
