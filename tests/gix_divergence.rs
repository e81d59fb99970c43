//! Why cc-lint's git config model is its own scanner and not gix-config: inputs where
//! gix-config and git disagree, each checked against real git. If gix-config changes to agree
//! with git, this test fails and tells us we could go back to it.

use std::process::Command;

fn git_accepts(text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config");
    std::fs::write(&p, text).unwrap();
    Command::new("git")
        .args(["config", "--no-includes", "-l", "-f"])
        .arg(&p)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
        .status
        .success()
}

fn gix_accepts(text: &str) -> bool {
    gix_config::parse::Events::from_bytes(text.as_bytes(), None).is_ok()
}

fn cc_lint_accepts(text: &str) -> bool {
    let source = std::sync::Arc::new(cc_lint::base::source::Source::new("t", text.as_bytes()));
    cc_lint::parse::gitconfig::GitConfigFile::parse(source)
        .error
        .is_none()
}

#[test]
fn gix_config_and_git_disagree_where_cc_lint_follows_git() {
    let cases = [
        // two keys on one line: git refuses the file
        "[a]\n\tmy key = 1\n",
        // text right after a section header: git refuses the file
        "[user]A[include]\n",
        // a lone CR inside a line: git reads it as white space
        "[credential]\n\thelper = store\r# note\n",
    ];
    for text in cases {
        let git = git_accepts(text);
        assert_ne!(
            gix_accepts(text),
            git,
            "gix-config now agrees with git on {text:?}"
        );
        assert_eq!(
            cc_lint_accepts(text),
            git,
            "cc-lint must follow git on {text:?}"
        );
    }
}
