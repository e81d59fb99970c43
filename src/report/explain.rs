//! `cc-lint explain`: a rule's documentation, its prose fitted to the terminal (commands and
//! URLs kept whole), its example files shown as written.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::text::wrap;
use crate::finding::{Example, ExampleFiles, FixKind, RuleDoc};

/// Writes the documentation of one rule, fitted to `width` columns.
pub fn render(doc: &RuleDoc, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut s = head(doc, width);
    for ex in &doc.examples {
        s.push_str(&example(ex));
    }
    s.push_str(&format!("\nFix: {}\n", fix_line(doc.fix)));
    out.write_all(s.as_bytes())
}

/// Prose fitted to the terminal, indented by two.
fn para(text: &str, width: usize) -> String {
    format!("  {}", wrap(text, width, 2, 2).join("\n  "))
}

/// The title, the summary and the sections before the examples.
fn head(doc: &RuleDoc, width: usize) -> String {
    let mut s = format!(
        "{} {} ({})\n\n{}\n\n",
        doc.code,
        doc.name,
        doc.severity.as_str(),
        wrap(&doc.summary, width, 0, 0).join("\n")
    );
    s.push_str(&format!(
        "What it does\n{}\n\nWhy it breaks CodeCommit\n{}\n",
        para(&doc.what, width),
        para(&doc.why, width)
    ));
    if let Some(g) = &doc.guide {
        s.push_str(&format!(
            "\nThe setup guide says\n{}\n",
            para(&format!("\"{g}\""), width)
        ));
    }
    if doc.online {
        s.push_str(&format!(
            "\n{}\n",
            wrap(
                "Needs `check --online`: it reports what AWS and git answer, not what the files say.",
                width,
                0,
                0
            )
            .join("\n")
        ));
    }
    if let Some(p) = &doc.platform {
        s.push_str(&format!("\nPlatforms\n{}\n", para(p, width)));
    }
    s
}

/// One example: its environment, then the problematic, correct and fixed machines.
fn example(ex: &Example) -> String {
    let mut s = format!("\nExample: {}\n", ex.name);
    if !ex.env.is_empty() {
        let vars: Vec<String> = ex.env.keys().map(|k| format!("`{k}`")).collect();
        s.push_str(&format!("  Environment: {} set\n", vars.join(", ")));
    }
    let none = BTreeMap::new();
    for (label, files, programs) in [
        ("Problematic", Some(&ex.bad), &ex.programs),
        (
            "Correct",
            ex.good.as_ref(),
            ex.good_programs.as_ref().unwrap_or(&ex.programs),
        ),
        ("After `cc-lint fix --helper aws`", ex.fixed.as_ref(), &none),
    ] {
        if let Some(files) = files {
            s.push_str(&machine(ex, label, files, programs));
        }
    }
    s
}

/// The programs on PATH and the files of one machine of an example.
fn machine(
    ex: &Example,
    label: &str,
    files: &ExampleFiles,
    programs: &BTreeMap<String, String>,
) -> String {
    let mut s = format!("  {label}:\n");
    for (name, script) in programs {
        let says = script
            .lines()
            .find(|l| l.trim_start().starts_with("echo"))
            .map_or(String::new(), |l| format!(": {}", l.trim()));
        s.push_str(&format!("    # program `{name}` on PATH{says}\n"));
    }
    for (file, text) in &files.files {
        let mode = match ex.modes.get(file) {
            Some(m) if label == "Problematic" => format!(" (mode {m})"),
            Some(_) => " (mode 0600)".to_owned(),
            None => String::new(),
        };
        s.push_str(&format!("    # {}{mode}\n", example_file_label(file)));
        for line in text.lines() {
            s.push_str(&format!("    {}\n", line.replace('\t', "    ")));
        }
    }
    s
}

fn fix_line(fix: FixKind) -> &'static str {
    match fix {
        FixKind::None => "none (edit the file as the help says)",
        FixKind::Safe => "safe (`cc-lint fix` applies it)",
        FixKind::Unsafe => "unsafe (`cc-lint fix --unsafe` applies it)",
    }
}

/// Where an example file sits on a machine.
pub fn example_file_label(key: &str) -> String {
    match key {
        "system" => "system gitconfig".to_owned(),
        "global" => "~/.gitconfig".to_owned(),
        "xdg" => "~/.config/git/config".to_owned(),
        "local" => ".git/config".to_owned(),
        "aws_config" => "~/.aws/config".to_owned(),
        "aws_credentials" => "~/.aws/credentials".to_owned(),
        "git_credentials" => "~/.git-credentials".to_owned(),
        other => match other.strip_prefix("home:") {
            Some(rel) => format!("~/{rel}"),
            None => other.to_owned(),
        },
    }
}
