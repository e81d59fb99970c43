//! The git config model: entries with their file, span and section, parsed with gix-config's
//! lossless event stream, plus the checks where git is stricter than gix-config.

use std::ops::Range;
use std::sync::Arc;

use gix_config::parse::{EventRef, Events};

use crate::source::Source;

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
            None => format!("{}.{}", self.section, self.name),
        }
    }

    pub fn is(&self, section: &str, name: &str) -> bool {
        self.section == section && self.name == name
    }

    /// The value as git's `--type=bool` reads it: `None` for a value git rejects.
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(self.value.as_deref())
    }
}

/// Git's boolean parsing (`git_config_bool`): a bare key is true, an empty value false.
pub fn parse_bool(value: Option<&str>) -> Option<bool> {
    let Some(v) = value else { return Some(true) };
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" | "" => Some(false),
        other => other.parse::<i64>().ok().map(|n| n != 0),
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

fn parse_text(text: &str) -> Result<(Vec<Entry>, Vec<Header>), SyntaxError> {
    let input = text.as_bytes();
    let events = Events::from_bytes(input, None).map_err(|e| {
        let line = e.line_number();
        let start = line_start(text, line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = &text[start..end.max(start)];
        match invalid_escape_in(line_text) {
            Some(i) => SyntaxError {
                span: start + i..start + i + 2,
                message: format!(
                    "invalid escape `{}` on line {line}: git only knows \\\\, \\\", \\n, \\t and \\b, and refuses the file",
                    &line_text[i..i + 2]
                ),
            },
            None => SyntaxError {
                span: start..end.max(start),
                message: format!("git cannot parse line {line}: {}", describe_gix_error(&e)),
            },
        }
    })?;

    let mut entries = Vec::new();
    let mut headers: Vec<Header> = Vec::new();
    let mut builder: Option<EntryBuilder> = None;
    let mut line_has_key = false;
    let mut off = 0usize;

    for event in events.iter() {
        let len = event_len(input, off, &event);
        let span = off..off + len;
        match &event {
            EventRef::SectionHeader {
                name,
                separator,
                subsection_name,
            } => {
                finish(&mut builder, &mut entries);
                let subsection = match (separator.as_deref(), subsection_name) {
                    // Legacy `[section.Sub]`: git lowercases the subsection.
                    (Some(sep), Some(sub)) if sep == b"." => {
                        Some(sub.to_string().to_ascii_lowercase())
                    }
                    (_, Some(sub)) => Some(sub.to_string()),
                    _ => None,
                };
                headers.push(Header {
                    section: name.to_string().to_ascii_lowercase(),
                    subsection,
                    span: span.clone(),
                });
            }
            EventRef::SectionValueName(name) => {
                finish(&mut builder, &mut entries);
                if line_has_key {
                    return Err(SyntaxError {
                        span: span.clone(),
                        message: format!(
                            "two keys on one line: git reads `{name}` as part of the key before it and refuses the file"
                        ),
                    });
                }
                line_has_key = true;
                let header = headers.last().ok_or_else(|| SyntaxError {
                    span: span.clone(),
                    message: "key outside of any section".to_owned(),
                })?;
                validate_key(name.to_string().as_str(), &span)?;
                builder = Some(EntryBuilder {
                    section: header.section.clone(),
                    subsection: header.subsection.clone(),
                    header_span: header.span.clone(),
                    name: name.to_string().to_ascii_lowercase(),
                    key_span: span.clone(),
                    value_start: None,
                    value_end: span.end,
                    raw: Vec::new(),
                    has_separator: false,
                });
            }
            EventRef::KeyValueSeparator => {
                if let Some(b) = builder.as_mut() {
                    b.has_separator = true;
                }
            }
            EventRef::Value(bytes) | EventRef::ValueDone(bytes) => {
                if let Some(b) = builder.as_mut() {
                    b.value_start.get_or_insert(span.start);
                    b.value_end = span.end;
                    b.raw.extend_from_slice(bytes);
                }
                if matches!(event, EventRef::Value(_)) || matches!(event, EventRef::ValueDone(_)) {
                    finish(&mut builder, &mut entries);
                }
            }
            EventRef::ValueNotDone(bytes) => {
                if let Some(b) = builder.as_mut() {
                    b.value_start.get_or_insert(span.start);
                    b.value_end = span.end;
                    b.raw.extend_from_slice(bytes);
                }
            }
            EventRef::Newline(_) => {
                // A continued value spans this newline; anything else ends the line.
                if builder.as_ref().is_none_or(|b| b.value_start.is_none()) {
                    finish(&mut builder, &mut entries);
                    line_has_key = false;
                }
            }
            EventRef::Comment { .. } | EventRef::Whitespace(_) => {}
        }
        off += len;
    }
    finish(&mut builder, &mut entries);
    debug_assert_eq!(off, input.len(), "event spans must cover the input");

    for entry in &entries {
        if let Some(span) = invalid_escape(text, entry) {
            return Err(SyntaxError {
                span,
                message: "invalid escape in value: git only knows \\\\, \\\", \\n, \\t and \\b, and refuses the file".to_owned(),
            });
        }
    }
    Ok((entries, headers))
}

struct EntryBuilder {
    section: String,
    subsection: Option<String>,
    header_span: Range<usize>,
    name: String,
    key_span: Range<usize>,
    value_start: Option<usize>,
    value_end: usize,
    raw: Vec<u8>,
    has_separator: bool,
}

fn finish(builder: &mut Option<EntryBuilder>, entries: &mut Vec<Entry>) {
    let Some(b) = builder.take() else { return };
    let value = if b.has_separator {
        let normalized = gix_config::value::normalize(b.raw.as_slice());
        Some(String::from_utf8_lossy(&normalized).into_owned())
    } else {
        None
    };
    let value_start = b.value_start.unwrap_or(b.value_end);
    entries.push(Entry {
        section: b.section,
        subsection: b.subsection,
        name: b.name,
        value,
        line_span: b.key_span.start..b.value_end,
        key_span: b.key_span,
        value_span: value_start..b.value_end.max(value_start),
        header_span: b.header_span,
    });
}

/// Git: keys start with a letter and contain only letters, digits and `-`.
fn validate_key(name: &str, span: &Range<usize>) -> Result<(), SyntaxError> {
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(SyntaxError {
            span: span.clone(),
            message: format!("invalid key name `{name}`"),
        })
    }
}

/// The span of the first escape git rejects inside a value, if any.
fn invalid_escape(text: &str, entry: &Entry) -> Option<Range<usize>> {
    let start = entry.value_span.start;
    invalid_escape_in(&text[entry.value_span.clone()]).map(|i| start + i..start + i + 2)
}

/// Offset of the first backslash escape git rejects in raw value text.
fn invalid_escape_in(raw: &str) -> Option<usize> {
    let raw = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' {
            match raw.get(i + 1) {
                Some(b'\\' | b'"' | b'n' | b't' | b'b' | b'\n') => i += 2,
                Some(b'\r') if raw.get(i + 2) == Some(&b'\n') => i += 3,
                None => return None,
                Some(c) if c.is_ascii() => return Some(i),
                Some(_) => i += 1,
            }
        } else {
            i += 1;
        }
    }
    None
}

fn describe_gix_error(e: &gix_config::parse::Error) -> String {
    // gix's Display repeats the remaining input; keep only its first clause.
    let s = e.to_string();
    let first = s.split(" '").next().unwrap_or(&s);
    first.trim_end_matches(':').to_owned()
}

fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Length in the input of one event. Events are lossless except section headers, whose
/// subsection gix re-escapes, so their extent is taken from the input itself.
fn event_len(input: &[u8], off: usize, event: &EventRef<'_>) -> usize {
    match event {
        EventRef::SectionHeader { .. } => raw_header_len(input, off),
        EventRef::Comment { text, .. } => 1 + text.len(),
        EventRef::ValueNotDone(bytes) => bytes.len() + 1,
        EventRef::KeyValueSeparator => 1,
        other => other.to_bstr_lossy().len(),
    }
}

fn raw_header_len(input: &[u8], off: usize) -> usize {
    let mut i = off + 1;
    let mut in_quotes = false;
    while i < input.len() {
        match input[i] {
            b'\\' if in_quotes => i += 1,
            b'"' => in_quotes = !in_quotes,
            b']' if !in_quotes => return i + 1 - off,
            _ => {}
        }
        i += 1;
    }
    input.len() - off
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
        assert!(two_keys.error.unwrap().message.contains("two keys"));
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
        assert_eq!(parse_bool(None), Some(true));
        assert_eq!(parse_bool(Some("")), Some(false));
        assert_eq!(parse_bool(Some("TRUE")), Some(true));
        assert_eq!(parse_bool(Some("0")), Some(false));
        assert_eq!(parse_bool(Some("2")), Some(true));
        assert_eq!(parse_bool(Some("maybe")), None);
    }
}
