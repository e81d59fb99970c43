//! Misuse is refused before anything happens (issue 12 item 4): exit 2, nothing on stdout, a
//! message on stderr — no diff, no prompt, no "would change" that is not true.

mod common;

use common::Machine;

fn run(m: &Machine, args: &[&str]) -> (String, String, i32) {
    let out = m.cc_lint(args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn repo_that_is_not_a_repository_exits_2() {
    let m = Machine::fixture("guide-recommended");
    let plain = m.root().join("not-a-repo");
    std::fs::create_dir_all(&plain).unwrap();
    let plain = plain.to_str().unwrap();
    for args in [
        &["check", "--repo", plain][..],
        &["check", "--repo", plain, "--format", "json"][..],
        &["fix", "--repo", plain, "--dry-run"][..],
        &["chain", "--repo", plain],
        &["check", "--repo", "/nonexistent/dir"],
    ] {
        let (out, err, code) = run(&m, args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert!(
            err.contains("not a git repository") || err.contains("not a directory"),
            "{args:?}: {err}"
        );
    }
    // a directory inside a repository is fine, as for `git -C`
    m.init_repo(
        "[remote \"origin\"]\n\turl = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x\n",
    );
    let sub = m.root().join("repo/src");
    std::fs::create_dir_all(&sub).unwrap();
    let (_, err, code) = run(
        &m,
        &["check", "--no-probe", "--repo", sub.to_str().unwrap()],
    );
    assert_ne!(code, 2, "{err}");
}

#[test]
fn fix_refuses_a_config_that_is_a_directory_before_any_diff() {
    let m = Machine::empty();
    std::fs::create_dir_all(m.home().join(".gitconfig")).unwrap();
    for extra in [&["--dry-run"][..], &["--yes"][..], &[][..]] {
        let mut args = vec!["fix", "--profile", "dev", "--helper", "aws"];
        args.extend_from_slice(extra);
        let (out, err, code) = run(&m, &args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            out.is_empty(),
            "{args:?}: a diff or prompt was shown: {out}"
        );
        assert!(err.contains("~/.gitconfig is a directory"), "{err}");
        assert!(!err.contains("would change"), "{err}");
    }
    assert!(m.home().join(".gitconfig").is_dir());
}

#[test]
fn fix_refuses_a_device_as_the_global_config() {
    let mut m = Machine::empty();
    m.env.insert("GIT_CONFIG_GLOBAL".into(), "/dev/null".into());
    let (out, err, code) = run(&m, &["fix", "--profile", "dev", "--helper", "aws", "--yes"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("/dev/null is not a regular file"), "{err}");
}

#[test]
fn fix_refuses_an_unreadable_config() {
    let m = Machine::fixture("guide-recommended");
    m.chmod("home/.gitconfig", 0o000);
    if std::fs::read(m.home().join(".gitconfig")).is_ok() {
        return; // root reads anything: the case cannot be made here
    }
    let (out, err, code) = run(&m, &["fix", "--profile", "dev", "--dry-run"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("cannot read ~/.gitconfig"), "{err}");
}

#[test]
fn dry_run_says_what_is_true() {
    let m = Machine::fixture("guide-recommended");
    let (out, err, code) = run(&m, &["fix", "--dry-run", "--helper", "aws"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("--- a/~/.gitconfig"), "{out}");
    assert!(
        err.contains("dry run: 1 file would change; nothing was written"),
        "{err}"
    );
    let original = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/guide-recommended/home/.gitconfig"
    );
    assert_eq!(
        std::fs::read(m.home().join(".gitconfig")).unwrap(),
        std::fs::read(original).unwrap()
    );
}

/// issue 12 item 6: `cargo run -- fix` would write a helper path inside `target/`.
#[test]
fn fix_warns_when_the_helper_path_will_not_last() {
    let m = Machine::fixture("guide-recommended");
    let (out, err, code) = run(&m, &["fix", "--dry-run", "--helper", "builtin"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("is in a cargo target/ directory"), "{err}");
    assert!(err.contains("`cargo install --path .`"), "{err}");
    // the warning comes before anything is written or asked
    let (_, err, _) = run(&m, &["fix", "--helper", "builtin"]);
    assert!(
        err.find("cargo target/").unwrap() < err.find("not a terminal").unwrap(),
        "{err}"
    );
    // a copy in a temporary directory (the machine lives in one)
    let copy = m.root().join("cc-lint");
    std::fs::copy(common::BIN, &copy).unwrap();
    let out = std::process::Command::new(&copy)
        .args(["fix", "--dry-run", "--helper", "builtin"])
        .env_clear()
        .envs(m.base_env())
        .current_dir(m.cwd())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is in a temporary directory"), "{err}");
    // the AWS CLI helper has no path to lose
    let (_, err, _) = run(&m, &["fix", "--dry-run", "--helper", "aws"]);
    assert!(!err.contains("warning: the helper path"), "{err}");
}
