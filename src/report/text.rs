//! Text for a terminal: control characters made visible, display widths, and wrapping that
//! never breaks a URL, a path or a `command in backticks`.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// Columns used when stdout is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrower than this, wrapping does more harm than good.
pub const MIN_WIDTH: usize = 40;

/// The width to render for: `COLUMNS` when set to a number, else the terminal's, else
/// [`DEFAULT_WIDTH`]; never below [`MIN_WIDTH`].
pub fn width(columns: Option<&str>, terminal: Option<usize>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or(terminal)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// Characters a terminal would act on rather than show — C0 and C1 controls, DEL, and the
/// bidirectional overrides that reorder what is shown — written as `\x1b` / `\u{202e}`.
/// A tab becomes `tab` (the caller decides: spaces in source lines, `\t` in messages).
pub fn escape_controls<'a>(s: &'a str, tab: &str) -> Cow<'a, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str(tab),
            c if needs_escape(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A block of text for a terminal (a diff, `chain`'s report): tabs, line endings and CRLF kept,
/// every other control character escaped as [`escape_controls`] does.
pub fn escape_block(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| needs_escape(c) && c != '\t' && c != '\n' && c != '\r')
        && !s.contains('\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for line in s.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            },
        };
        out.push_str(&escape_controls(body, "\t"));
        out.push_str(end);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Display width in terminal columns.
pub fn columns(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Words for wrapping: split at spaces, except inside backticks, so `git config --global …`
/// stays on one line. URLs and paths have no spaces and are never split.
fn atoms(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if open {
            let last = out.last_mut().expect("an open span has a first word");
            last.push(' ');
            last.push_str(word);
        } else {
            out.push(word.to_owned());
        }
        if word.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    out
}

/// Wraps `text` (control characters already escaped) to `width` columns: the first line after
/// `first` columns already used, the others indented by `indent`. A word longer than a line
/// gets a line of its own and is not cut.
pub fn wrap(text: &str, width: usize, first: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = if lines.is_empty() { first } else { indent };
        let mut room = width.saturating_sub(used);
        let mut words: Vec<String> = Vec::new();
        for atom in atoms(para) {
            // a quoted passage too long for any line is wrapped like the text around it
            if atom.contains(' ') && columns(&atom) > width.saturating_sub(indent) {
                words.extend(atom.split(' ').filter(|w| !w.is_empty()).map(str::to_owned));
            } else {
                words.push(atom);
            }
        }
        for atom in words {
            let w = columns(&atom);
            // a first word that does not fit after a long lead starts on the next line
            let move_down =
                line.is_empty() && used > indent && w > room && w <= width.saturating_sub(indent);
            if move_down || !line.is_empty() && columns(&line) + 1 + w > room {
                lines.push(std::mem::take(&mut line));
                used = indent;
                room = width.saturating_sub(used);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&atom);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_prefers_columns_then_terminal() {
        assert_eq!(width(Some("80"), Some(120)), 80);
        assert_eq!(width(Some("junk"), Some(120)), 120);
        assert_eq!(width(None, None), DEFAULT_WIDTH);
        assert_eq!(width(Some("10"), None), MIN_WIDTH);
    }

    #[test]
    fn commands_in_backticks_and_urls_stay_whole() {
        let text = "Run `git config --global --unset credential.helper` and then open https://git-codecommit.us-east-2.amazonaws.com/v1/repos/MyDemoRepo again";
        let lines = wrap(text, 56, 0, 2);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("`git config --global --unset credential.helper`"))
        );
        assert!(lines.iter().any(|l| {
            l.contains("https://git-codecommit.us-east-2.amazonaws.com/v1/repos/MyDemoRepo")
        }));
        for l in &lines {
            assert!(columns(l) <= 56 || atoms(l).len() == 1, "{l:?}");
        }
    }

    #[test]
    fn blocks_keep_tabs_and_line_endings() {
        assert_eq!(
            escape_block("a\tb\r\nc\x1b[2J\rd\n"),
            "a\tb\r\nc\\x1b[2J\\x0dd\n"
        );
        assert_eq!(escape_block("plain\n"), "plain\n");
    }

    #[test]
    fn controls_are_visible() {
        assert_eq!(escape_controls("a\x1b[31mb\x07", "\\t"), "a\\x1b[31mb\\x07");
        assert_eq!(escape_controls("x\u{202e}y", " "), "x\\u{202e}y");
        assert_eq!(escape_controls("é\tz", "    "), "é    z");
    }
}
