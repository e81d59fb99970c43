//! The round-trip corpus (`fixtures/roundtrip/`): real-world-shaped git configs with
//! includes, continuations, odd escapes, quoted subsections, mixed-case keys, CRLF, a BOM, no
//! final newline and non-UTF-8 bytes. Parse-then-write without edits is byte-identical, and
//! the entries cc-lint reads are the ones `git config --list` reads.

use std::path::PathBuf;
use std::sync::Arc;

use cc_lint::base::source::{Scope, Source};
use cc_lint::fix::FilePlan;
use cc_lint::parse::gitconfig::GitConfigFile;

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/roundtrip");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    files
}

#[test]
fn parse_then_write_is_byte_identical() {
    for path in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        let source = Arc::new(Source::new(&path, &bytes));
        let parsed = GitConfigFile::parse(source.clone());
        assert!(
            parsed.error.is_none(),
            "{}: {:?}",
            path.display(),
            parsed.error
        );
        let plan = FilePlan::new(path.clone(), Scope::Global, source, true);
        assert_eq!(plan.apply(true), bytes, "{}", path.display());
    }
}

#[test]
fn entries_agree_with_git_config_list() {
    for path in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        let parsed = GitConfigFile::parse(Arc::new(Source::new(&path, &bytes)));
        let ours: Vec<String> = parsed
            .entries
            .iter()
            .map(|e| match &e.value {
                Some(v) => format!("{}\n{v}", e.key()),
                None => e.key(),
            })
            .collect();
        let out = std::process::Command::new("git")
            .args(["config", "--no-includes", "-l", "-z", "-f"])
            .arg(&path)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        assert_eq!(ours, theirs, "{}", path.display());
    }
}
