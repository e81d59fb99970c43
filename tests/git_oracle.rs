//! The resolved view agrees with real git: for every fixture and every URL that matters, the
//! helpers cc-lint says git runs are the ones git runs (GIT_TRACE), in order, and the
//! UseHttpPath it reports is whether git sends the path.

mod common;

use common::{Machine, ask_git};

const URLS: [&str; 7] = [
    "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/MyDemoRepo",
    "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/MyDemoRepo",
    "https://git-codecommit-fips.us-gov-west-1.amazonaws.com/v1/repos/app",
    "https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app",
    "https://vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/app",
    "https://github.com/octo/repo.git",
    "https://git-codecommit.us-west-2.amazonaws.com/v1/repos/proj",
];

fn cc_lint_view(m: &Machine, url: &str) -> (Vec<String>, bool) {
    let r = &m.chain_json(url);
    let helpers = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["runs"] == true)
        .map(|s| format!("{} get", s["command"].as_str().unwrap()))
        .collect();
    (helpers, r["use_http_path"]["value"] == true)
}

/// The fixture's remote URLs, as git reads them.
fn remote_urls(m: &Machine) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["config", "--get-regexp", r"^remote\..*\.url$"])
        .env_clear()
        .envs(m.base_env())
        .current_dir(m.cwd())
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(_, u)| u.to_owned()))
        .filter(|u| u.starts_with("https://"))
        .collect()
}

#[test]
fn resolved_view_agrees_with_git_on_every_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut compared = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "broken-syntax" {
            continue; // git refuses to run at all there (CC001)
        }
        if name == "real" {
            continue; // the published configurations: tests/differential.rs
        }
        let m = Machine::fixture(&name);
        let _ = std::fs::remove_file(m.home().join(".git-credentials"));
        let mut urls: Vec<String> = URLS.iter().map(|u| u.to_string()).collect();
        urls.extend(remote_urls(&m));
        for url in &urls {
            let git = ask_git(&m, url);
            let (ours, path) = cc_lint_view(&m, url);
            let url = url.as_str();
            // With `user:password@` in the URL git asks no helper, so whether it would send
            // the path cannot be observed.
            let has_password = url
                .split_once("://")
                .and_then(|(_, rest)| rest.split('/').next())
                .is_some_and(|auth| auth.rsplit_once('@').is_some_and(|(u, _)| u.contains(':')));
            if git.helpers != ours || (!has_password && git.sends_path != path) {
                failures.push(format!(
                    "{name} {url}\n  git:     {:?} path={}\n  cc-lint: {ours:?} path={path}",
                    git.helpers, git.sends_path
                ));
            }
            compared += 1;
        }
    }
    assert!(compared >= 90, "compared {compared}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
