//! `--format human`: each finding leads with severity, code, name and message, then its place
//! once (`--> file:line:col (scope)`), the offending lines with their labels, and the help —
//! errors first, then warnings, then info. Fitted to the terminal's width; URLs, paths and
//! `commands` are never split; control characters from files are shown escaped.

use std::io::{self, Write};
use std::path::Path;

use super::text::{columns, escape_controls, wrap};
use super::{help, message};
use crate::base::paths::display_path;
use crate::finding::{Finding, Location, Severity};
use crate::rules::outcome::Outcome;

/// How the human format is laid out.
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    pub color: bool,
    /// Terminal columns to fit.
    pub width: usize,
    /// Paths below it are shown as `~/…`.
    pub base: Option<&'a Path>,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn paint(s: &str, code: &str, color: bool) -> String {
    if color && !s.is_empty() {
        format!("{code}{s}{RESET}")
    } else {
        s.to_owned()
    }
}

/// Message text for a terminal: secrets masked (by the caller), controls escaped.
fn clean(s: &str) -> String {
    escape_controls(s, "\\t").into_owned()
}

pub(super) fn render(outcome: &Outcome, style: Style<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut ordered: Vec<&Finding> = outcome.findings.iter().collect();
    // stable: within a severity, git's reading order as check sorted it
    ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in ordered {
        out.write_all(finding(f, style).as_bytes())?;
        writeln!(out)?;
    }
    if let Some(online) = &outcome.online {
        out.write_all(online_block(online, style).as_bytes())?;
    }
    for line in wrap(&summary(outcome), style.width, 0, 0) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One finding, ending in a newline: its heading, each file's place and marked lines, and
/// the help and notes.
pub(super) fn finding(f: &Finding, style: Style<'_>) -> String {
    let (word, tint) = match f.severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
        Severity::Info => ("info", CYAN),
    };
    let mut s = heading(f, word, tint, style);
    let groups = groups(f);
    let gutter = groups
        .iter()
        .flat_map(|(_, marks)| marks.iter().map(|m| m.location.line_col().0))
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let bar = paint("|", BLUE, style.color);
    for (i, (loc, marks)) in groups.iter().enumerate() {
        s.push_str(&place(loc, i == 0, gutter, style));
        s.push_str(&snippet(loc, marks, gutter, &bar, tint, style));
    }
    s.push_str(&notes(f, gutter, style));
    s
}

/// `error[CC101] name: message`, the message wrapped under a four-column indent.
fn heading(f: &Finding, word: &str, tint: &str, style: Style<'_>) -> String {
    let mut s = String::new();
    let head = format!("{word}[{}] {}: ", f.code, f.code.name());
    let body = wrap(&clean(&message(f)), style.width, columns(&head), 4);
    for (i, line) in body.iter().enumerate() {
        if i == 0 {
            s.push_str(&paint(&format!("{word}[{}]", f.code), tint, style.color));
            s.push_str(&paint(
                format!(" {}: {line}", f.code.name()).trim_end(),
                BOLD,
                style.color,
            ));
        } else {
            s.push_str(&paint(&format!("    {line}"), BOLD, style.color));
        }
        s.push('\n');
    }
    s
}

/// The primary file's labelled spans, then each other file's.
fn groups(f: &Finding) -> Vec<(&Location, Vec<Mark<'_>>)> {
    let mut groups: Vec<(&Location, Vec<Mark>)> = vec![(
        &f.location,
        vec![Mark {
            location: &f.location,
            text: clean(&crate::base::redact::mask_message(&f.label)),
            primary: true,
        }],
    )];
    for l in &f.labels {
        let mark = Mark {
            location: &l.location,
            text: clean(&crate::base::redact::mask_message(&l.message)),
            primary: false,
        };
        match groups
            .iter_mut()
            .find(|(loc, _)| loc.source.path == l.location.source.path)
        {
            Some((_, marks)) => marks.push(mark),
            None => groups.push((&l.location, vec![mark])),
        }
    }
    groups
}

/// `--> file:line:col (scope)` for the primary file, `:::` for the others.
fn place(loc: &Location, primary: bool, gutter: usize, style: Style<'_>) -> String {
    let pad = " ".repeat(gutter);
    let (line, col) = loc.line_col();
    let arrow = if primary { "-->" } else { ":::" };
    let place = format!(
        "{}:{line}:{col} ({})",
        clean(&display_path(loc.path(), style.base)),
        loc.scope
    );
    let mut s = String::new();
    for (j, l) in wrap(&place, style.width, gutter + 5, gutter + 5)
        .iter()
        .enumerate()
    {
        if j == 0 {
            s.push_str(&format!("{pad}{} {l}\n", paint(arrow, BLUE, style.color)));
        } else {
            s.push_str(&format!("{pad}     {l}\n"));
        }
    }
    s
}

/// `= help: …`, and notes on the include chain and the repository.
fn notes(f: &Finding, gutter: usize, style: Style<'_>) -> String {
    let pad = " ".repeat(gutter);
    let mut notes: Vec<(&str, String)> = vec![("help", clean(&help(f)))];
    if !f.location.include_chain.is_empty() {
        notes.push((
            "note",
            format!(
                "included from {}",
                clean(&f.location.include_chain.join(" → "))
            ),
        ));
    }
    if let Some(repo) = &f.repo {
        notes.push((
            "note",
            format!("in repository {}", clean(&display_path(repo, style.base))),
        ));
    }
    let mut s = String::new();
    for (kind, text) in notes.iter().filter(|(_, t)| !t.trim().is_empty()) {
        let lead = format!("{pad} = {kind}: ");
        for (j, l) in wrap(text, style.width, columns(&lead), columns(&lead))
            .iter()
            .enumerate()
        {
            if j == 0 {
                s.push_str(&format!(
                    "{pad} {} {} {l}\n",
                    paint("=", BLUE, style.color),
                    paint(&format!("{kind}:"), BOLD, style.color)
                ));
            } else {
                s.push_str(&format!("{}{l}\n", " ".repeat(columns(&lead))));
            }
        }
    }
    s
}

/// A labelled span.
struct Mark<'a> {
    location: &'a Location,
    text: String,
    primary: bool,
}

/// How the lines of one snippet are drawn.
struct Gutter<'a> {
    width: usize,
    bar: &'a str,
    tint: &'a str,
    style: Style<'a>,
}

/// The lines of one file that carry marks, each followed by its underlines and labels.
fn snippet(
    loc: &Location,
    marks: &[Mark<'_>],
    gutter: usize,
    bar: &str,
    tint: &str,
    style: Style<'_>,
) -> String {
    let text = crate::base::redact::mask_source(&loc.source.text);
    if text.is_empty() {
        return String::new();
    }
    let g = Gutter {
        width: gutter,
        bar,
        tint,
        style,
    };
    let pad = " ".repeat(gutter);
    let mut s = format!("{pad} {bar}\n");
    let mut last = 0;
    for (line, marks) in marked_lines(&text, marks) {
        if last != 0 && line > last + 1 {
            s.push_str(&format!("{pad} {}\n", paint("...", BLUE, style.color)));
        }
        last = line;
        s.push_str(&source_line(&text, line, &marks, &g));
    }
    s.push_str(&format!("{pad} {bar}\n"));
    s
}

/// The marks by line, in line order, with one line of context before a marked line (the
/// section header of an entry, say) unless it is blank.
fn marked_lines<'m, 'a>(text: &str, marks: &'m [Mark<'a>]) -> Vec<(usize, Vec<&'m Mark<'a>>)> {
    let mut by_line: Vec<(usize, Vec<&Mark<'_>>)> = Vec::new();
    for m in marks {
        let line = m.location.line_col().0;
        match by_line.iter_mut().find(|(l, _)| *l == line) {
            Some((_, v)) => v.push(m),
            None => by_line.push((line, vec![m])),
        }
    }
    let context: Vec<usize> = by_line
        .iter()
        .map(|(l, _)| l.saturating_sub(1))
        .filter(|&l| l >= 1 && !by_line.iter().any(|(m, _)| *m == l))
        .filter(|&l| !text[line_range(text, l)].trim().is_empty())
        .collect();
    for l in context {
        if !by_line.iter().any(|(m, _)| *m == l) {
            by_line.push((l, Vec::new()));
        }
    }
    by_line.sort_by_key(|(l, _)| *l);
    by_line
}

/// One source line, cut to the terminal around its marks, then each mark under it.
fn source_line(text: &str, line: usize, marks: &[&Mark<'_>], g: &Gutter<'_>) -> String {
    let (gutter, bar, style) = (g.width, g.bar, g.style);
    let range = line_range(text, line);
    let content = range.start..range.start + text[range.clone()].trim_end_matches('\r').len();
    let spans: Vec<(usize, usize)> = marks
        .iter()
        .map(|m| {
            let start =
                text.floor_char_boundary(m.location.span.start.clamp(content.start, content.end));
            (
                start,
                text.floor_char_boundary(m.location.span.end.clamp(start, content.end)),
            )
        })
        .collect();
    let room = style.width.saturating_sub(gutter + 3);
    let (a, b) = window(text, content.clone(), &spans, room);
    let shown = format!(
        "{}{}{}",
        if a > content.start { "…" } else { "" },
        display(&text[a..b]),
        if b < content.end { "…" } else { "" }
    );
    let mut s = format!(
        "{} {bar} {shown}\n",
        paint(&format!("{line:>gutter$}"), BLUE, style.color)
    );
    let elided = usize::from(a > content.start);
    for (m, &(start, end)) in marks.iter().zip(&spans) {
        // the span's part on this line, in display columns of the shown line
        let start = start.clamp(a, b);
        let end = end.clamp(start, b);
        let before = elided + columns(&display(&text[a..start]));
        let under = columns(&display(&text[start..end])).max(1);
        s.push_str(&underline(m, before, under, g));
    }
    s
}

/// A mark's underline (`^` primary, `-` secondary) `before` columns in, `under` wide, with
/// its label beside it when it fits, else below it.
fn underline(m: &Mark<'_>, before: usize, under: usize, g: &Gutter<'_>) -> String {
    let (gutter, bar, style) = (g.width, g.bar, g.style);
    let pad = " ".repeat(gutter);
    let tint = if m.primary { g.tint } else { BLUE };
    let glyph = if m.primary { "^" } else { "-" };
    let marker = paint(&glyph.repeat(under), tint, style.color);
    let lead = gutter + 3 + before;
    if m.text.is_empty() {
        return format!("{pad} {bar} {}{marker}\n", " ".repeat(before));
    }
    if lead + under + 1 + columns(&m.text) <= style.width {
        let label = format!(" {}", paint(&m.text, tint, style.color));
        return format!("{pad} {bar} {}{marker}{label}\n", " ".repeat(before));
    }
    let mut s = format!("{pad} {bar} {}{marker}\n", " ".repeat(before));
    // the label below the mark, or at the left edge when the mark is far right
    let indent = if lead + columns(&m.text) <= style.width {
        before
    } else {
        0
    };
    for l in wrap(
        &m.text,
        style.width,
        gutter + 3 + indent,
        gutter + 3 + indent,
    ) {
        s.push_str(&format!(
            "{pad} {bar} {}{}\n",
            " ".repeat(indent),
            paint(&l, tint, style.color)
        ));
    }
    s
}

/// The part of a source line to show in `room` columns: whole words around the marked spans,
/// more on the left first (the key before a value), then on the right; `…` stands for the
/// rest. Marked words are never cut, so a long URL overflows rather than being split.
fn window(
    text: &str,
    line: std::ops::Range<usize>,
    spans: &[(usize, usize)],
    room: usize,
) -> (usize, usize) {
    let width = |a: usize, b: usize| {
        columns(&display(&text[a..b])) + usize::from(a > line.start) + usize::from(b < line.end)
    };
    if width(line.start, line.end) <= room {
        return (line.start, line.end);
    }
    let lo = spans.iter().map(|s| s.0).min().unwrap_or(line.start);
    let hi = spans.iter().map(|s| s.1).max().unwrap_or(line.start);
    // the marked words, whole
    let mut a = text[line.start..lo]
        .rfind(is_space)
        .map_or(line.start, |i| line.start + i + 1);
    let mut b = text[hi..line.end]
        .find(is_space)
        .map_or(line.end, |i| hi + i);
    // marks wider than the room (a whole line that does not parse): whole words from the
    // left, the rest elided; a single word (a URL) is kept whole and overflows
    while width(a, b) > room {
        let inner = text[a..b].trim_end_matches(is_space);
        match inner.rfind(is_space) {
            Some(i) if !inner[..i].trim().is_empty() => {
                b = a + inner[..i].trim_end_matches(is_space).len()
            }
            _ => break,
        }
    }
    // grow by one word at a time, left then right, while it fits
    loop {
        let left = (a > line.start).then(|| word_left(text, line.start, a));
        let grew_left = left.is_some_and(|next| width(next, b) <= room);
        if grew_left {
            a = left.unwrap_or(a);
        }
        let right = (b < line.end).then(|| word_right(text, b, line.end));
        let grew_right = right.is_some_and(|next| width(a, next) <= room);
        if grew_right {
            b = right.unwrap_or(b);
        }
        if !grew_left && !grew_right {
            return (a, b);
        }
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Where the window starts with one more word on the left (the line's start when only
/// blanks are left).
fn word_left(text: &str, start: usize, a: usize) -> usize {
    let next = text[start..a]
        .trim_end_matches(is_space)
        .rfind(is_space)
        .map_or(start, |i| start + i + 1);
    if text[start..next].trim_start_matches(is_space).is_empty() {
        start
    } else {
        next
    }
}

/// Where the window ends with one more word on the right.
fn word_right(text: &str, b: usize, end: usize) -> usize {
    let rest = &text[b..end];
    let skip = rest.len() - rest.trim_start_matches(is_space).len();
    rest[skip..].find(is_space).map_or(end, |i| b + skip + i)
}

/// A piece of a source line as shown: tabs as four spaces, controls escaped, and a masked
/// secret (a run of 8 or more `*`) as `****` — its length is nobody's business, and a URL
/// with a long masked password then fits the line.
fn display(piece: &str) -> String {
    let escaped = escape_controls(piece, "    ");
    if !escaped.contains("********") {
        return escaped.into_owned();
    }
    let mut out = String::with_capacity(escaped.len());
    let mut run = 0;
    let flush = |out: &mut String, run: usize| {
        out.push_str(if run >= 8 { "****" } else { &"********"[..run] });
    };
    for c in escaped.chars() {
        if c == '*' {
            run += 1;
            continue;
        }
        flush(&mut out, run);
        run = 0;
        out.push(c);
    }
    flush(&mut out, run);
    out
}

/// Byte range of 1-based `line` of `text`, without its line ending.
fn line_range(text: &str, line: usize) -> std::ops::Range<usize> {
    crate::base::source::line_range_in(text, line)
}

/// `check --online`: one line per step, the principal and account included.
fn online_block(online: &crate::online::Summary, style: Style<'_>) -> String {
    let mut s = String::from("Online checks:\n");
    for line in super::online::lines(online) {
        let lead = format!("  {} {:<11} ", if line.ok { "✓" } else { "✗" }, line.step);
        let text = clean(&crate::base::redact::mask_message(&line.text));
        for (i, l) in wrap(&text, style.width, columns(&lead), 16)
            .iter()
            .enumerate()
        {
            if i == 0 {
                s.push_str(&format!("{lead}{l}\n"));
            } else {
                s.push_str(&format!("{}{l}\n", " ".repeat(16)));
            }
        }
    }
    s.push('\n');
    s
}

fn summary(outcome: &Outcome) -> String {
    let files = outcome.files.len();
    let files = format!("{files} file{}", if files == 1 { "" } else { "s" });
    if outcome.findings.is_empty() {
        if !outcome.codecommit_seen {
            return format!(
                "No problems found in {files}, and no CodeCommit setup either: no CodeCommit remote, no CodeCommit credential helper.\nTo set one up: `cc-lint fix --profile <name>`"
            );
        }
        return format!("No problems found in {files}.");
    }
    let mut parts = Vec::new();
    for (sev, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let n = outcome.count(sev);
        if n > 0 {
            let plural = if n == 1 || sev == Severity::Info {
                ""
            } else {
                "s"
            };
            parts.push(format!("{n} {word}{plural}"));
        }
    }
    format!("Found {} in {files}.", parts.join(", "))
}
