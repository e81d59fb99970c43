//! The git config model: entries with their file, span and section, parsed exactly as git's
//! own `config.c` parses them.
//!
//! This started on gix-config's lossless event stream. Property tests against real git showed
//! gix-config accepting files git refuses (text after a section header, two keys on a line)
//! and refusing files git reads (a lone CR), and reading values differently; CC001 has to say
//! what git says, so the model is a scanner that mirrors git character for character, and
//! `tests/gix_divergence.rs` pins the differences that made us leave gix-config.

use std::ops::Range;
use std::sync::Arc;

use crate::base::env::git_bool;
use crate::base::source::Source;

/// One `key = value` line (or a bare `key`) in a git config file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Section name, lowercased (`credential`).
    pub section: String,
    /// Subsection as git sees it (`https://git-codecommit.*.amazonaws.com`), case kept.
    pub subsection: Option<String>,
    /// Key name, lowercased (`usehttppath`).
    pub name: String,
    /// The value after git's unquoting and unescaping; `None` for a bare key (implicit true).
    pub value: Option<String>,
    /// The key as written.
    pub key_span: Range<usize>,
    /// The value text as written, quotes and escapes included (empty for a bare key).
    pub value_span: Range<usize>,
    /// From the start of the key's line to the end of its value (continuations included).
    pub line_span: Range<usize>,
    /// The section header this entry sits under.
    pub header_span: Range<usize>,
}

impl Entry {
    /// `section.subsection.name` with the case-insensitive parts lowercased.
    pub fn key(&self) -> String {
        match &self.subsection {
            Some(sub) => format!("{}.{}.{}", self.section, sub, self.name),
            None if self.section.is_empty() => self.name.clone(),
            None => format!("{}.{}", self.section, self.name),
        }
    }

    /// The entry's section applies to every URL: `[credential]`, or `[credential ""]` (which
    /// the AWS guide prints and git matches against everything).
    pub fn is_unscoped(&self) -> bool {
        self.subsection.as_deref().is_none_or(str::is_empty)
    }

    pub fn is(&self, section: &str, name: &str) -> bool {
        self.section == section && self.name == name
    }

    /// The value as git's `--type=bool` reads it: `None` for a value git rejects.
    pub fn as_bool(&self) -> Option<bool> {
        git_bool(self.value.as_deref())
    }
}

/// Writes `value` as git config text that git reads back as `value` (git's own escaping:
/// `\\`, `\"`, `\n`, `\t`; the whole value quoted when it has edge whitespace, `#` or `;`).
pub fn quote_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    let needs_quotes = value.starts_with([' ', '\t'])
        || value.ends_with([' ', '\t'])
        || value.contains(['#', ';']);
    if needs_quotes {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// A section header, for fixes that insert into a section and for labels.
#[derive(Debug, Clone)]
pub struct Header {
    pub section: String,
    pub subsection: Option<String>,
    pub span: Range<usize>,
}

/// What makes git refuse the whole file (`fatal: bad config line N`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// A parsed git config file. When `error` is set git refuses the file, and `entries` is empty.
#[derive(Debug, Clone)]
pub struct GitConfigFile {
    pub source: Arc<Source>,
    pub entries: Vec<Entry>,
    pub headers: Vec<Header>,
    pub error: Option<SyntaxError>,
}

impl GitConfigFile {
    pub fn parse(source: Arc<Source>) -> GitConfigFile {
        if source.utf16 {
            return GitConfigFile {
                source,
                entries: Vec::new(),
                headers: Vec::new(),
                error: Some(SyntaxError {
                    span: 0..0,
                    message: "the file is UTF-16 (Notepad's \"Unicode\"); git reads config files as UTF-8: save it as UTF-8".into(),
                }),
            };
        }
        match parse_text(&source.text) {
            Ok((entries, headers)) => GitConfigFile {
                source,
                entries,
                headers,
                error: None,
            },
            Err(error) => GitConfigFile {
                source,
                entries: Vec::new(),
                headers: Vec::new(),
                error: Some(error),
            },
        }
    }
}

/// Parses like git's own `config.c` (`git_parse_source`, `get_base_var`, `get_value`,
/// `parse_value`), character for character, keeping byte spans; `tests/fuzz.rs` holds it to
/// `git config --list` on mutated configs.
fn parse_text(text: &str) -> Result<(Vec<Entry>, Vec<Header>), SyntaxError> {
    Scanner::new(text).run()
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    eof: bool,
    section: String,
    subsection: Option<String>,
    header_span: Range<usize>,
    has_base: bool,
    entries: Vec<Entry>,
    headers: Vec<Header>,
}

/// git's `iskeychar`.
fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// git's own `isspace` (`sane_ctype`): space, tab, LF and CR only.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            eof: false,
            section: String::new(),
            subsection: None,
            header_span: 0..0,
            has_base: false,
            entries: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// git's `get_next_char`: CRLF reads as LF, end of input as a final LF.
    fn next(&mut self) -> u8 {
        let Some(&c) = self.bytes.get(self.pos) else {
            self.eof = true;
            return b'\n';
        };
        self.pos += 1;
        if c == b'\r' && self.bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
            self.line += 1;
            return b'\n';
        }
        if c == b'\n' {
            self.line += 1;
        }
        c
    }

    /// Where the character just read started (CRLF counts from its CR).
    fn last_start(&self, c: u8) -> usize {
        if self.eof {
            return self.bytes.len();
        }
        if c == b'\n' && self.pos >= 2 && self.bytes[self.pos - 2] == b'\r' {
            self.pos - 2
        } else {
            self.pos - 1
        }
    }

    fn error(&self, at_line: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span: crate::base::source::line_range_in(self.text, at_line),
            message: format!("line {at_line}: {}", message.into()),
        }
    }

    fn run(mut self) -> Result<(Vec<Entry>, Vec<Header>), SyntaxError> {
        let mut comment = false;
        loop {
            let line = self.line;
            let c = self.next();
            if c == b'\n' {
                if self.eof {
                    return Ok((self.entries, self.headers));
                }
                comment = false;
                continue;
            }
            if comment || is_space(c) {
                continue;
            }
            if c == b'#' || c == b';' {
                comment = true;
                continue;
            }
            let start = self.last_start(c);
            if c == b'[' {
                self.header(start, line)?;
                continue;
            }
            if !c.is_ascii_alphabetic() {
                return Err(self.error(
                    line,
                    format!(
                        "unexpected `{}`: git expects a `[section]` header or a `key = value` line",
                        char::from(c).escape_default()
                    ),
                ));
            }
            self.value(start, line)?;
        }
    }

    /// `get_base_var` and `get_extended_base_var`.
    fn header(&mut self, start: usize, line: usize) -> Result<(), SyntaxError> {
        let mut base = String::new();
        loop {
            let c = self.next();
            if self.eof {
                return Err(self.error(line, "unterminated section header"));
            }
            if c == b']' {
                break;
            }
            if is_space(c) {
                let sub = self.extended_header(c, line)?;
                return self.set_section(base, Some(sub), start, line);
            }
            if !is_key_char(c) && c != b'.' {
                return Err(self.error(
                    line,
                    format!(
                        "invalid character `{}` in section name",
                        char::from(c).escape_default()
                    ),
                ));
            }
            base.push(char::from(c.to_ascii_lowercase()));
        }
        self.set_section(base, None, start, line)
    }

    fn extended_header(&mut self, mut c: u8, line: usize) -> Result<String, SyntaxError> {
        loop {
            if c == b'\n' {
                return Err(self.error(line, "unterminated section header"));
            }
            c = self.next();
            if !is_space(c) {
                break;
            }
        }
        if c != b'"' {
            return Err(self.error(
                line,
                "a subsection name must be in double quotes: `[section \"name\"]`",
            ));
        }
        let mut sub = Vec::new();
        loop {
            let mut c = self.next();
            if c == b'\n' {
                return Err(self.error(line, "unterminated subsection name"));
            }
            if c == b'"' {
                break;
            }
            if c == b'\\' {
                c = self.next();
                if c == b'\n' {
                    return Err(self.error(line, "unterminated subsection name"));
                }
            }
            sub.push(c);
        }
        if self.next() != b']' {
            return Err(self.error(line, "text after the subsection name: git expects `]`"));
        }
        if let Some(nul) = sub.iter().position(|&b| b == 0) {
            sub.truncate(nul);
        }
        Ok(String::from_utf8_lossy(&sub).into_owned())
    }

    fn set_section(
        &mut self,
        base: String,
        quoted: Option<String>,
        start: usize,
        line: usize,
    ) -> Result<(), SyntaxError> {
        if base.is_empty() {
            return Err(self.error(line, "empty section name"));
        }
        let (section, subsection) = match quoted {
            Some(sub) => (base, Some(sub)),
            None => match base.split_once('.') {
                // legacy `[section.sub]`: git lowercases it all
                Some((s, sub)) => (s.to_owned(), Some(sub.to_owned())),
                None => (base, None),
            },
        };
        self.section = section;
        self.subsection = subsection;
        self.header_span = start..self.pos;
        self.has_base = true;
        self.headers.push(Header {
            section: self.section.clone(),
            subsection: self.subsection.clone(),
            span: self.header_span.clone(),
        });
        Ok(())
    }

    /// `get_value` and `parse_value`.
    fn value(&mut self, key_start: usize, line: usize) -> Result<(), SyntaxError> {
        let mut name = String::from(char::from(self.bytes[key_start].to_ascii_lowercase()));
        let mut c;
        let mut key_end = self.pos;
        loop {
            c = self.next();
            if self.eof || !is_key_char(c) {
                break;
            }
            name.push(char::from(c.to_ascii_lowercase()));
            key_end = self.pos;
        }
        while c == b' ' || c == b'\t' {
            c = self.next();
        }
        let (value, value_span) = if c != b'\n' {
            if c != b'=' {
                return Err(self.error(line, format!(
                    "`{}` is not `key = value`: git allows letters, digits and `-` in a key, then `=`",
                    self.text[key_start..self.last_start(c).max(key_start)].trim_end()
                )));
            }
            let (v, span) = self.parse_value(line)?;
            (Some(v), span)
        } else {
            (None, key_end..key_end)
        };
        let line_end = value_span.end.max(key_end);
        let (section, subsection) = if self.has_base {
            (self.section.clone(), self.subsection.clone())
        } else {
            // git reads a key before any section as a key of no section, which nothing uses
            (String::new(), None)
        };
        self.entries.push(Entry {
            section,
            subsection,
            name,
            value,
            key_span: key_start..key_end,
            value_span,
            line_span: key_start..line_end,
            header_span: if self.has_base {
                self.header_span.clone()
            } else {
                0..0
            },
        });
        Ok(())
    }

    fn parse_value(&mut self, line: usize) -> Result<(String, Range<usize>), SyntaxError> {
        let mut out: Vec<u8> = Vec::new();
        let (mut quote, mut comment) = (false, false);
        // git keeps whitespace inside a value and trims it at the end (`trim_len`)
        let mut trim_len: Option<usize> = None;
        let mut start: Option<usize> = None;
        let mut end = self.pos;
        loop {
            let c = self.next();
            let at = self.last_start(c);
            if c == b'\n' {
                if quote {
                    return Err(self.error(line, "unterminated quote in value"));
                }
                if let Some(t) = trim_len {
                    out.truncate(t);
                }
                let start = start.unwrap_or(end);
                return Ok((c_string(out), start..end.max(start)));
            }
            if comment {
                continue;
            }
            if is_space(c) && !quote {
                if trim_len.is_none() {
                    trim_len = Some(out.len());
                }
                if !out.is_empty() {
                    out.push(c);
                }
                continue;
            }
            if !quote && (c == b';' || c == b'#') {
                comment = true;
                continue;
            }
            trim_len = None;
            start.get_or_insert(at);
            if c == b'\\' {
                out.extend(self.escape(line)?);
                end = self.pos;
                continue;
            }
            if c == b'"' {
                quote = !quote;
                end = self.pos;
                continue;
            }
            out.push(c);
            end = self.pos;
        }
    }

    /// The byte an escape after `\\` stands for; `None` for a line continuation.
    fn escape(&mut self, line: usize) -> Result<Option<u8>, SyntaxError> {
        let e = self.next();
        Ok(Some(match e {
            b'\n' => return Ok(None),
            b't' => b'\t',
            b'b' => b'\x08',
            b'n' => b'\n',
            b'\\' | b'"' => e,
            other => {
                let shown = if self.eof {
                    "end of file".to_owned()
                } else {
                    format!("`\\{}`", char::from(other).escape_default())
                };
                return Err(self.error(line, format!("invalid escape {shown} in value: git only knows \\\\, \\\", \\n, \\t and \\b")));
            }
        }))
    }
}

/// A value as git keeps it, a C string: nothing after a NUL byte counts.
fn c_string(mut bytes: Vec<u8>) -> String {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> GitConfigFile {
        GitConfigFile::parse(Arc::new(Source::new("test", text.as_bytes())))
    }

    #[test]
    fn entries_keep_spans_and_unquote_like_git() {
        let text = "# c\n[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws --profile \"My Profile\" codecommit credential-helper $@ ; note\n\tUseHttpPath\n";
        let f = parse(text);
        assert!(f.error.is_none(), "{:?}", f.error);
        assert_eq!(f.entries.len(), 3);
        let e = &f.entries[1];
        assert_eq!(
            e.key(),
            "credential.https://git-codecommit.*.amazonaws.com.helper"
        );
        assert_eq!(
            e.value.as_deref(),
            Some("!aws --profile My Profile codecommit credential-helper $@")
        );
        assert_eq!(
            &text[e.value_span.clone()],
            "!aws --profile \"My Profile\" codecommit credential-helper $@"
        );
        assert_eq!(&text[e.key_span.clone()], "helper");
        assert_eq!(f.entries[0].value.as_deref(), Some(""));
        assert_eq!(f.entries[2].value, None);
        assert_eq!(f.entries[2].as_bool(), Some(true));
        assert_eq!(
            &text[f.headers[0].span.clone()],
            "[credential \"https://git-codecommit.*.amazonaws.com\"]"
        );
    }

    #[test]
    fn continuation_lines_join() {
        let text = "[a]\n\tk = one \\\n two\n\tj = x\n";
        let f = parse(text);
        assert_eq!(f.entries[0].value.as_deref(), Some("one  two"));
        assert_eq!(&text[f.entries[0].value_span.clone()], "one \\\n two");
        assert_eq!(f.entries[1].value.as_deref(), Some("x"));
    }

    #[test]
    fn git_rejects_what_gix_accepts() {
        let two_keys = parse("[a]\n\tmy key = 1\n");
        assert!(
            two_keys
                .error
                .unwrap()
                .message
                .contains("is not `key = value`")
        );
        let after_header = parse("[user]A[include]\n");
        assert!(after_header.error.is_some());
        let escape = parse("[credential]\n\thelper = !\"\\C:\\\\Program Files\\\\aws.cmd\" x\n");
        let err = escape.error.unwrap();
        assert!(err.message.contains("invalid escape"), "{err:?}");
        let unterminated = parse("[a]\n\tk = \"abc\n");
        assert!(unterminated.error.is_some());
        let header = parse("[core\n");
        assert!(header.error.is_some());
    }

    #[test]
    fn crlf_and_legacy_subsections() {
        let text = "[remote.Origin]\r\n\turl = https://x\r\n";
        let f = parse(text);
        assert_eq!(f.entries[0].subsection.as_deref(), Some("origin"));
        assert_eq!(f.entries[0].value.as_deref(), Some("https://x"));
        assert_eq!(&text[f.entries[0].value_span.clone()], "https://x");
    }

    #[test]
    fn quoted_values_read_back_unchanged() {
        for v in [
            "!'/opt/cc lint/cc-lint' credential-helper --profile 'My Profile'",
            "!\"C:\\Program Files\\aws.exe\" codecommit credential-helper",
            " lead",
            "a # b",
            "",
        ] {
            let text = format!("[a]\n\tk = {}\n", quote_value(v));
            let f = parse(&text);
            assert_eq!(f.entries[0].value.as_deref(), Some(v), "{text}");
        }
    }

    #[test]
    fn bool_parsing_matches_git() {
        assert_eq!(git_bool(None), Some(true));
        assert_eq!(git_bool(Some("")), Some(false));
        assert_eq!(git_bool(Some("TRUE")), Some(true));
        assert_eq!(git_bool(Some("0")), Some(false));
        assert_eq!(git_bool(Some("2")), Some(true));
        assert_eq!(git_bool(Some("maybe")), None);
    }
}
