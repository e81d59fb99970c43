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

/// `text` with comments, string literals and char literals blanked out (newlines kept, so
/// line numbers stay), so that only code is scanned.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        out.extend(s.iter().map(|&c| if c == b'\n' { '\n' } else { ' ' }));
    };
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            block_comment_len(rest)
        } else if rest.starts_with(b"r\"") || rest.starts_with(b"r#") {
            raw_string_len(rest)
        } else if rest[0] == b'"' || rest.starts_with(b"b\"") {
            string_len(rest)
        } else if rest[0] == b'\'' {
            char_literal_len(rest)
        } else {
            0
        };
        if end > 0 {
            blank(&mut out, &rest[..end]);
            i += end;
        } else {
            let c = text[i..].chars().next().expect("in bounds");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn block_comment_len(s: &[u8]) -> usize {
    let (mut depth, mut i) = (0usize, 0);
    while i < s.len() {
        if s[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if s[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}

/// `r"…"`, `r#"…"#`; 0 when `r` starts an identifier instead.
fn raw_string_len(s: &[u8]) -> usize {
    let hashes = s[1..].iter().take_while(|&&c| c == b'#').count();
    if s.get(1 + hashes) != Some(&b'"') {
        return 0;
    }
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let body = 2 + hashes;
    s[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(s.len(), |p| body + p + close.len())
}

fn string_len(s: &[u8]) -> usize {
    let mut i = s.iter().position(|&c| c == b'"').expect("a quote") + 1;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    s.len()
}

/// `'x'`, `'\n'`, `'\u{1F600}'`; 0 for a lifetime (`'a`).
fn char_literal_len(s: &[u8]) -> usize {
    if s.get(1) == Some(&b'\\') {
        // the escaped character itself may be a quote: `'\''`
        return s
            .get(3..)
            .and_then(|rest| rest.iter().position(|&c| c == b'\''))
            .map_or(0, |p| p + 4);
    }
    let text = std::str::from_utf8(s).unwrap_or("");
    let mut chars = text.char_indices().skip(1);
    match (chars.next(), chars.next()) {
        (Some(_), Some((end, '\''))) => end + 1,
        _ => 0,
    }
}

/// The module path of a source file below `src/` (`model/context.rs` → `[model, context]`,
/// `model/mod.rs` → `[model]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The top-level module each path in `code` starts in, with its line number: `crate::x`,
/// `crate::{x, y}`, and `super::` chains that climb out of `module` (whose path from the
/// crate root is given). Whitespace between path segments is allowed, as Rust allows it.
fn crate_paths(code: &str, module: &[String]) -> Vec<(usize, String)> {
    let mut tokens = tokens(code);
    // `self::super::x` is `super::x`
    let mut k = 0;
    while k + 2 < tokens.len() {
        if tokens[k].1 == "self" && tokens[k + 1].1 == "::" && tokens[k + 2].1 == "super" {
            tokens.drain(k..k + 2);
        }
        k += 1;
    }
    let mut out = Vec::new();
    if code.contains("#[path") {
        out.push((0, "#[path] (a module file outside the tree)".to_owned()));
    }
    // inline `mod name { … }` blocks add a level for `super`: the brace depth of each body
    let (mut braces, mut inline) = (0usize, Vec::new());
    let mut i = 0;
    while i < tokens.len() {
        let (line, ref tok) = tokens[i];
        match tok.as_str() {
            "mod" if tokens.get(i + 2).is_some_and(|t| t.1 == "{") => inline.push(braces + 1),
            "{" => braces += 1,
            "}" => {
                if inline.last() == Some(&braces) {
                    inline.pop();
                }
                braces = braces.saturating_sub(1);
            }
            _ => {}
        }
        let starts_path = i == 0 || tokens[i - 1].1 != "::";
        if starts_path && (tok == "crate" || tok == "super") {
            let mut depth = module.len() + inline.len();
            let mut j = i;
            if tok == "super" {
                // every `super` of the chain climbs one module; `j` ends at the last one
                loop {
                    depth = depth.saturating_sub(1);
                    let next_super = tokens.get(j + 1).is_some_and(|t| t.1 == "::")
                        && tokens.get(j + 2).is_some_and(|t| t.1 == "super");
                    if !next_super {
                        break;
                    }
                    j += 2;
                }
                if depth == 0 && tokens.get(j + 1).is_some_and(|t| t.1 == "as") {
                    out.push((line, "crate as …".to_owned())); // `use super as root;`
                }
            } else {
                depth = 0;
                let extern_self = i > 0 && tokens[i - 1].1 == "extern";
                if extern_self || tokens.get(j + 1).is_some_and(|t| t.1 == "as") {
                    out.push((line, "crate as …".to_owned()));
                }
            }
            if depth == 0 && tokens.get(j + 1).is_some_and(|t| t.1 == "::") {
                out.extend(
                    first_segments(&tokens[j + 2..])
                        .into_iter()
                        .map(|name| (line, name)),
                );
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// The first segment of a path, or of each item of a `{…}` group.
fn first_segments(tokens: &[(usize, String)]) -> Vec<String> {
    match tokens.first().map(|t| t.1.as_str()) {
        Some("{") => {
            let mut names = Vec::new();
            let (mut depth, mut expect) = (0, true);
            for (_, t) in tokens {
                match t.as_str() {
                    "{" => {
                        depth += 1;
                        if depth == 1 {
                            expect = true;
                            continue;
                        }
                    }
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    "," if depth == 1 => {
                        expect = true;
                        continue;
                    }
                    _ => {}
                }
                if expect && depth == 1 {
                    names.push(t.clone());
                    expect = false;
                }
            }
            names
        }
        Some(name) => vec![name.to_owned()],
        None => Vec::new(),
    }
}

/// Identifiers, `::` and single punctuation characters, with their line numbers.
fn tokens(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() || c == '_' {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push((n + 1, line[i..end].to_owned()));
            } else if c == ':' && chars.peek().is_some_and(|&(_, d)| d == ':') {
                chars.next();
                out.push((n + 1, "::".to_owned()));
            } else if !c.is_whitespace() {
                out.push((n + 1, c.to_string()));
            }
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
        let module = module_path(file.strip_prefix(&src).unwrap());
        for (line, to) in crate_paths(&code_only(&text), &module) {
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
    let model = |p: &str| module_path(Path::new(p));
    let scan = |code: &str, file: &str| -> Vec<(usize, String)> {
        crate_paths(&code_only(code), &model(file))
    };
    let names = |found: Vec<(usize, String)>| -> Vec<String> {
        found.into_iter().map(|(_, n)| n).collect()
    };
    assert_eq!(
        scan(
            "use crate::model::context::Context; // crate::app\nx(crate::base::env)",
            "rules/cc101.rs"
        ),
        vec![(1, "model".to_owned()), (2, "base".to_owned())]
    );
    // groups, spaces and line breaks between segments
    assert_eq!(
        names(scan("use crate::{base::env, parse};", "model/x.rs")),
        ["base", "parse"]
    );
    assert_eq!(names(scan("use crate :: app;", "model/x.rs")), ["app"]);
    assert_eq!(
        names(scan("let x = crate::\n    app::run();", "model/x.rs")),
        ["app"]
    );
    // `super` chains that leave the top-level module
    assert_eq!(
        names(scan("use super::super::app::X;", "model/context.rs")),
        ["app"]
    );
    assert_eq!(
        names(scan("use super::super::X;", "model/a/b.rs")),
        Vec::<String>::new()
    );
    assert_eq!(
        names(scan("use super::Rule;", "rules/cc101.rs")),
        Vec::<String>::new()
    );
    // strings, comments and char literals are not code; lifetimes are
    assert_eq!(
        names(scan("let s = \"// x\"; use crate::app;", "model/x.rs")),
        ["app"]
    );
    assert_eq!(
        names(scan(
            "let s = r#\"crate::app\"#; /* crate::app */",
            "model/x.rs"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        names(scan(
            "fn f<'a>(c: char) -> bool { c == '\"' } use crate::app;",
            "model/x.rs"
        )),
        ["app"]
    );
    // an alias of the crate hides every path through it
    assert_eq!(
        names(scan("use crate as root;", "model/x.rs")),
        ["crate as …"]
    );
    let alias = ["crate as …"];
    assert_eq!(
        names(scan("extern crate self as root;", "model/x.rs")),
        alias
    );
    assert_eq!(names(scan("use super as root;", "model/mod.rs")), alias);
    assert_eq!(
        names(scan("use super::super as root;", "model/x.rs")),
        alias
    );
    assert_eq!(
        names(scan("use self::super::app;", "model/mod.rs")),
        ["app"]
    );
    assert_eq!(
        names(scan(
            "let q = ['\\'','\"']; use crate::app::X;",
            "model/x.rs"
        )),
        ["app"]
    );
    let path = ["#[path] (a module file outside the tree)"];
    assert_eq!(
        names(scan("#[path = \"../app/x.rs\"] mod x;", "model/x.rs")),
        path
    );
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
