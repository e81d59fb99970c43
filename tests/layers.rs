//! The layers `src/lib.rs` describes, checked: a top-level module of `src/` imports only from
//! layers below its own (never from its own rank's other modules, never upwards), so the
//! import graph between top-level modules has no cycle.

use std::collections::BTreeSet;
use std::path::Path;

/// Lowest first. Modules of one rank do not import each other.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["parse"],
    &["finding", "awscreds"],
    &["model"],
    &["online"],
    &["rules"],
    &["fix"],
    &["report", "helper"],
    &["app"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `crate::<module>` path in `text` outside comments, with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `cc_lint_crate::`, not ours
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((n + 1, name));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src/");
    let first = rel.components().next().expect("non-empty path");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    let layered: BTreeSet<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    assert_eq!(declared, layered, "lib.rs's modules and this test's layers");
    for module in &declared {
        assert!(
            lib.contains(&format!("`{module}`")),
            "lib.rs describes `{module}`"
        );
    }
}

#[test]
fn imports_follow_the_layers_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let from = top_module(&src, file);
        let Some(from_rank) = rank(&from) else {
            continue; // lib.rs, main.rs
        };
        let text = std::fs::read_to_string(file).expect("readable source");
        for (line, to) in crate_paths(&text) {
            if to == from {
                continue;
            }
            match rank(&to) {
                Some(r) if r < from_rank => {}
                _ => wrong.push(format!(
                    "{}:{line}: `{from}` imports `{to}`",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers ({}):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_sees_imports() {
    let found =
        crate_paths("use crate::model::context::Context; // crate::app\nx(crate::base::env)");
    assert_eq!(found, vec![(1, "model".to_owned()), (2, "base".to_owned())]);
}

/// The README's layout section names every top-level module of `src/` (and the folders
/// beside it), and nothing that does not exist.
#[test]
fn the_readme_layout_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = readme
        .split("## Layout")
        .nth(1)
        .expect("a Layout section")
        .split("\n## ")
        .next()
        .unwrap();
    let block = section.split("```").nth(1).expect("a code block");
    let named: BTreeSet<String> = block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.ends_with('/') || w.ends_with(".rs"))
        .map(|w| w.trim_end_matches('/').to_owned())
        .collect();
    for path in &named {
        assert!(
            root.join(path).exists(),
            "README names {path}, which does not exist"
        );
    }
    let src = root.join("src");
    for entry in std::fs::read_dir(&src).expect("src/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name == "lib.rs" {
            continue; // described in itself
        }
        let path = format!("src/{name}");
        assert!(
            named.contains(&path),
            "README's layout does not name {path}"
        );
    }
}
