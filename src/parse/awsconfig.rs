//! Span-keeping reader of the AWS CLI's shared `config` and `credentials` files, with the
//! semantics of botocore (the Python SDK the AWS CLI runs on).
//!
//! botocore reads both files with Python's strict `configparser.RawConfigParser` and then
//! interprets section names (`configloader.raw_config_parse`, `_parse_nested`,
//! `build_profile_map`, `Session.full_config`). This module reproduces that, keeping byte
//! spans into the text so findings can point at the exact bytes. It never panics.
//!
//! What botocore does, and this reader models (checked against botocore 1.43.11 on
//! Python 3.11 by `tests/awsconfig_botocore.rs`):
//!
//! - Lines end at `\n`, `\r\n` or a lone `\r` (Python's universal newlines). "Whitespace" is
//!   Python's `str.isspace`, which is Unicode whitespace plus `\x1c`..`\x1f`.
//! - A line whose stripped text starts with `#` or `;` is a comment, even when indented.
//!   Comments after a value are **not** comments: `region = us-east-1 # ohio` has the value
//!   `us-east-1 # ohio` (the Rust SDK strips it; see [`Property::inline_comment`]).
//! - A header is `[` … the *last* `]` on the line; text after it is silently dropped
//!   ([`Section::trailing`]). The name inside is kept verbatim (`[ x ]` is ` x `).
//! - `key = value` and `key: value`: the first `=` or `:` splits. Keys are lowercased, key
//!   and value stripped. A line indented deeper than the line that started the current key
//!   continues its value (joined with `\n`); blank lines inside a value are kept, trailing
//!   ones dropped. A value whose first line is empty (`s3 =` followed by indented
//!   `k = v` lines) is a nested map ([`Property::sub_properties`]; keys keep their case,
//!   `=` only).
//! - `[DEFAULT]` is configparser's defaults section: its keys appear in *every* other
//!   section of that file that does not set them ([`SectionKind::ParserDefaults`]).
//! - Fatal for botocore (`ConfigParseError`, every `aws` command fails), reported in
//!   [`AwsFile::errors`]: a key line before any header, a line that is neither header nor
//!   `key = value`, an empty key, a nested line without `=`, a section header repeated, a
//!   key repeated within a section (after lowercasing), a UTF-8 BOM (Python's default
//!   encoding keeps U+FEFF, so the first line is not a header), bytes that are not UTF-8.
//!   The reader goes on after an error, so the model stays useful for other rules.
//! - Config file: `[default]`; `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`
//!   where the header is split with `shlex.split` and must give exactly two words, the first
//!   merely *starting with* the keyword (`[profiles x]` is profile `x`); quotes are allowed
//!   (`[profile 'my profile']`). Anything else is ignored ([`IgnoredReason`]).
//! - Credentials file: every section name is a profile name verbatim, so `[profile x]` is a
//!   profile literally named `profile x`.
//! - Merging ([`profiles`]): within the config file, a later section that maps to the same
//!   profile *replaces* the earlier one entirely (so `[default]` vs `[profile default]`: the
//!   later one wins, whichever it is); the credentials file then overrides config values
//!   key by key.
//!
//! Offsets are byte offsets into the text given to [`parse`]; lines and columns are 1-based,
//! columns counted in characters.

use std::collections::HashMap;
use std::ops::Range;

/// Which of the two shared files a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AwsFileKind {
    /// `~/.aws/config` (`AWS_CONFIG_FILE`): `[default]`, `[profile x]`, `[sso-session x]`, `[services x]`.
    Config,
    /// `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`): `[x]` is profile `x`.
    Credentials,
}

impl AwsFileKind {
    /// The scope of what this file defines.
    pub fn scope(self) -> crate::base::source::Scope {
        match self {
            AwsFileKind::Config => crate::base::source::Scope::AwsConfig,
            AwsFileKind::Credentials => crate::base::source::Scope::AwsCredentials,
        }
    }
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsFile {
    pub kind: AwsFileKind,
    /// The text starts with a UTF-8 byte order mark (an error for botocore, see [`SyntaxErrorKind::Bom`]).
    pub bom: bool,
    /// Every header in file order, repeated ones included.
    pub sections: Vec<Section>,
    /// What makes botocore refuse the whole file. Empty means botocore reads it.
    pub errors: Vec<SyntaxError>,
}

/// A `[...]` section and the properties under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The whole header, `[` to the last `]`.
    pub header: Range<usize>,
    /// The text between the brackets, verbatim (configparser's section name).
    pub raw_name: String,
    /// The name that botocore uses: the second shlex word for `[profile x]` (quotes included
    /// in the span), the whole `raw_name` otherwise.
    pub name_span: Range<usize>,
    /// Non-blank text after the closing `]`, which botocore drops without a word
    /// (`[default] region = x` loses `region`).
    pub trailing: Option<Range<usize>>,
    pub kind: SectionKind,
    /// Things about the header worth a finding even though botocore accepts it.
    pub quirks: Vec<HeaderQuirk>,
    pub properties: Vec<Property>,
    /// 1-based line of the header.
    pub line: usize,
}

/// What botocore makes of a section header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// `[default]`, profile `default`.
    Default,
    /// A profile: `[profile x]` in config, `[x]` in credentials (`[profile x]` there gives
    /// `Profile("profile x")` with [`HeaderQuirk::ProfilePrefixInCredentials`]).
    Profile(String),
    /// `[sso-session x]` (config file only).
    SsoSession(String),
    /// `[services x]` (config file only).
    Services(String),
    /// `[DEFAULT]`: configparser copies its keys into every other section of the file.
    ParserDefaults,
    /// Not a profile for botocore (config file only).
    Ignored(IgnoredReason),
}

/// Why botocore ignores a config-file section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoredReason {
    /// `[x]`: not `default` and no `profile ` prefix.
    MissingProfilePrefix,
    /// `[Profile x]`, `[SSO-Session x]`: the keyword is case-sensitive.
    PrefixCase,
    /// `[plugins]`, `[preview]`: AWS CLI settings, not profiles (not a mistake).
    CliSection,
    /// `[profile my profile]`: shlex gives more than two words.
    UnquotedSpace { words: usize },
    /// `[profile]`, `[profile ]`, `[profilex]`: shlex gives one word.
    MissingName,
    /// `[profile "x]`: shlex fails (no closing quotation, trailing backslash).
    UnbalancedQuote,
}

/// Header details that botocore accepts but that deserve attention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderQuirk {
    /// `[profile x]` in the credentials file: botocore makes a profile named `profile x`,
    /// the Rust SDK ignores the section.
    ProfilePrefixInCredentials,
    /// The name is quoted or escaped (`[profile "x y"]`): botocore unquotes, the Rust SDK
    /// rejects it.
    QuotedName,
    /// The keyword is longer than `profile` / `sso-session` / `services` (`[profiles x]`):
    /// botocore only checks the prefix; the Rust SDK does not treat it as a profile.
    NonstandardPrefix,
    /// Credentials file `[ x ]`: the name keeps the spaces (` x `).
    PaddedName,
}

/// How the Rust SDK (`aws_runtime::env_config`) reads a section header, from its name alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdkSection {
    Profile(String),
    SsoSession(String),
    /// Other prefixed sections such as `[services x]`.
    Other {
        prefix: String,
        name: String,
    },
    /// Ignored with a `tracing::warn!`.
    Ignored,
}

/// One `key = value` line (with its continuation lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// Lowercased as configparser does (sub-properties keep their case).
    pub key: String,
    pub key_span: Range<usize>,
    /// The value as botocore sees it: continuation lines joined with `\n`. For a nested
    /// value this starts with `\n` and [`Property::sub_properties`] holds the parsed map.
    pub value: String,
    /// From the first value byte to the end of the last non-blank continuation line
    /// (empty at the end of the key line for `key =`).
    pub value_span: Range<usize>,
    /// 1-based line of the key.
    pub line: usize,
    /// `k = v` lines of a nested value (`s3 =\n  max_concurrent_requests = 10`).
    pub sub_properties: Vec<Property>,
    /// ` ; x` / ` # x` after the value on the key line (from the `;`/`#` to the value's end):
    /// botocore keeps it in the value, the Rust SDK strips it.
    pub inline_comment: Option<Range<usize>>,
}

impl Property {
    /// botocore parses this value as a nested map.
    pub fn is_nested(&self) -> bool {
        self.value.starts_with('\n')
    }

    /// A sub-property by key (the last one wins, as in botocore's dict).
    pub fn sub(&self, key: &str) -> Option<&Property> {
        self.sub_properties.iter().rev().find(|p| p.key == key)
    }
}

/// Something that makes botocore raise `ConfigParseError` for the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
    pub message: String,
}

/// The kinds of [`SyntaxError`]; duplicates are separate so CC208 can tell them from CC002.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// UTF-8 byte order mark: Python reads it as U+FEFF, so line 1 is no header.
    Bom,
    /// Bytes that are not UTF-8 (`UnicodeDecodeError`); only from [`parse_bytes`].
    InvalidUtf8,
    /// A non-blank, non-comment line before the first header (`MissingSectionHeaderError`).
    MissingSectionHeader,
    /// A line that is neither a header nor `key = value` / `key: value` (`ParsingError`).
    NotKeyValue,
    /// `= value` (`ParsingError`).
    EmptyKey,
    /// A line of a nested value without `=` (`_parse_nested` `ValueError`).
    NestedWithoutEquals,
    /// `DuplicateSectionError`; `first` is the earlier header.
    DuplicateSection { first: Range<usize> },
    /// `DuplicateOptionError`; `first` is the earlier key.
    DuplicateKey { first: Range<usize> },
}

impl SyntaxErrorKind {
    /// A repeated section or key (rule CC208) rather than a syntax error (CC002).
    pub fn is_duplicate(&self) -> bool {
        matches!(
            self,
            SyntaxErrorKind::DuplicateSection { .. } | SyntaxErrorKind::DuplicateKey { .. }
        )
    }
}

const BOM: &str = "\u{feff}";

/// Parse a file's text. Never panics; see the module docs for the semantics.
pub fn parse(text: &str, kind: AwsFileKind) -> AwsFile {
    let mut parser = Parser::new(text, kind);
    let mut start = 0;
    let bom = text.starts_with(BOM);
    if bom {
        parser.error(
            SyntaxErrorKind::Bom,
            0..BOM.len(),
            "the file starts with a UTF-8 byte order mark; the AWS CLI (and the Rust SDK) read it as part of the first line, which is then not a section header".into(),
        );
        start = BOM.len();
    }
    for line in python_lines(text, start) {
        parser.line(line);
    }
    let mut file = parser.finish();
    file.bom = bom;
    file
}

/// Parse raw bytes: like [`parse`], but text that is not UTF-8 is an error, and only the
/// valid prefix is read (spans stay byte offsets into `bytes`).
pub fn parse_bytes(bytes: &[u8], kind: AwsFileKind) -> AwsFile {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, kind),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // from_utf8 accepted this prefix, so it is valid UTF-8.
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let mut file = parse(text, kind);
            let (line, column) = line_col(text, text.len());
            let bad = e.valid_up_to()..e.valid_up_to() + e.error_len().unwrap_or(1);
            file.errors.push(SyntaxError {
                kind: SyntaxErrorKind::InvalidUtf8,
                line,
                column,
                span: bad,
                message: "the file is not UTF-8; the AWS CLI cannot decode it".into(),
            });
            file
        }
    }
}

/// 1-based line and column (in characters) of a byte offset, counting lines as Python does
/// (`\n`, `\r\n` and a lone `\r` end a line). Offsets inside a character or past the end
/// are clamped.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::base::source::line_col_in(text, offset, crate::base::source::LineEnds::Python)
}

// ---------------------------------------------------------------------------------------
// Python's notion of whitespace and lines

/// `str.isspace()`: Unicode White_Space plus the separators `\x1c`..`\x1f`.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Byte range of `s.strip()` within `s`.
fn py_strip(s: &str) -> Range<usize> {
    let start = s.len() - s.trim_start_matches(py_space).len();
    let end = s.trim_end_matches(py_space).len();
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// Characters besides `\r`/`\n` at which `str.splitlines()` breaks (used by `_parse_nested`).
fn py_extra_line_break(c: char) -> bool {
    matches!(
        c,
        '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[derive(Clone, Copy, Debug)]
struct Line {
    /// Offset of the first byte.
    start: usize,
    /// Offset after the last content byte (before the line break).
    end: usize,
    number: usize,
}

/// Lines as Python's text mode yields them (universal newlines), starting at `from`.
fn python_lines(text: &str, from: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Line {
                    start,
                    end: i,
                    number: lines.len() + 1,
                });
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(Line {
                    start,
                    end: i,
                    number: lines.len() + 1,
                });
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(Line {
            start,
            end: bytes.len(),
            number: lines.len() + 1,
        });
    }
    lines
}

// ---------------------------------------------------------------------------------------
// configparser

struct RawProperty {
    key: String,
    key_span: Range<usize>,
    first_value: Range<usize>,
    line: usize,
    /// Continuation lines: `None` for a blank line kept inside the value.
    more: Vec<Option<Range<usize>>>,
}

struct RawSection {
    header: Range<usize>,
    raw_name: String,
    name_span_inner: Range<usize>,
    trailing: Option<Range<usize>>,
    line: usize,
    properties: Vec<RawProperty>,
}

struct Parser<'a> {
    text: &'a str,
    kind: AwsFileKind,
    sections: Vec<RawSection>,
    errors: Vec<SyntaxError>,
    /// Header of the first section with each name.
    first_header: HashMap<String, Range<usize>>,
    /// Keys seen per (section name, key): strict configparser's `elements_added`, but
    /// per header occurrence so a repeated section is reported once, not once per key.
    seen_keys: HashMap<(usize, String), Range<usize>>,
    /// Keys of all `[DEFAULT]` sections (configparser shares them).
    default_keys: HashMap<String, Range<usize>>,
    /// Index of the section lines go to.
    current: Option<usize>,
    /// Index of the property continuation lines go to.
    option: Option<usize>,
    indent_level: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, kind: AwsFileKind) -> Self {
        Parser {
            text,
            kind,
            sections: Vec::new(),
            errors: Vec::new(),
            first_header: HashMap::new(),
            seen_keys: HashMap::new(),
            default_keys: HashMap::new(),
            current: None,
            option: None,
            indent_level: 0,
        }
    }

    fn error(&mut self, kind: SyntaxErrorKind, span: Range<usize>, message: String) {
        let (line, column) = line_col(self.text, span.start);
        self.errors.push(SyntaxError {
            kind,
            line,
            column,
            span,
            message,
        });
    }

    /// One line, following `RawConfigParser._read` (Python 3.11).
    fn line(&mut self, line: Line) {
        let content = &self.text[line.start..line.end];
        let stripped = py_strip(content);
        let value = &content[stripped.clone()];
        let value_span = line.start + stripped.start..line.start + stripped.end;
        if value.starts_with('#') || value.starts_with(';') {
            return;
        }
        if value.is_empty() {
            // empty_lines_in_values: a blank line belongs to the value being read.
            if let (Some(s), Some(p)) = (self.current, self.option) {
                self.sections[s].properties[p].more.push(None);
            }
            return;
        }
        let indent = content.chars().take_while(|c| py_space(*c)).count();
        if let (Some(s), Some(p), true) = (self.current, self.option, indent > self.indent_level) {
            self.sections[s].properties[p].more.push(Some(value_span));
            return;
        }
        self.indent_level = indent;
        if let Some(close) = header_close(value) {
            self.header(line, value_span.start, close);
        } else if self.current.is_none() {
            self.error(
                SyntaxErrorKind::MissingSectionHeader,
                value_span,
                "a setting before the first section header; the AWS CLI cannot read this file"
                    .into(),
            );
        } else {
            self.option_line(line, value_span);
        }
    }

    fn header(&mut self, line: Line, start: usize, close: usize) {
        let end = start + close + 1;
        let raw_name = self.text[start + 1..start + close].to_string();
        let rest = &self.text[end..line.end];
        let rest_strip = py_strip(rest);
        let trailing =
            (!rest_strip.is_empty()).then(|| end + rest_strip.start..end + rest_strip.end);
        let index = self.sections.len();
        if raw_name == "DEFAULT" {
            // configparser's defaults section is never "added", so never a duplicate.
        } else if let Some(first) = self.first_header.get(&raw_name).cloned() {
            self.error(
                SyntaxErrorKind::DuplicateSection { first },
                start..end,
                format!(
                    "section `[{raw_name}]` is defined twice in this file; the AWS CLI refuses the whole file"
                ),
            );
        } else {
            self.first_header.insert(raw_name.clone(), start..end);
        }
        self.sections.push(RawSection {
            header: start..end,
            raw_name,
            name_span_inner: start + 1..start + close,
            trailing,
            line: line.number,
            properties: Vec::new(),
        });
        self.current = Some(index);
        self.option = None;
    }

    fn option_line(&mut self, line: Line, span: Range<usize>) {
        let value = &self.text[span.clone()];
        let Some(delim) = value.find(['=', ':']) else {
            self.error(
                SyntaxErrorKind::NotKeyValue,
                span,
                "expected `key = value` or a `[section]` header".into(),
            );
            return;
        };
        let key_raw = value[..delim].trim_end_matches(py_space);
        let after = &value[delim + 1..];
        let value_start =
            span.start + delim + 1 + (after.len() - after.trim_start_matches(py_space).len());
        let key_span = span.start..span.start + key_raw.len();
        if key_raw.is_empty() {
            self.error(
                SyntaxErrorKind::EmptyKey,
                span.start..span.start + delim + 1,
                "a value without a key".into(),
            );
        }
        let key = key_raw.to_lowercase();
        let section = self
            .current
            .expect("option_line is only called inside a section");
        let is_defaults = self.sections[section].raw_name == "DEFAULT";
        let first = if is_defaults {
            self.default_keys.get(&key).cloned()
        } else {
            self.seen_keys.get(&(section, key.clone())).cloned()
        };
        if let Some(first) = first {
            let at = if key.is_empty() {
                span.start..span.start + delim + 1
            } else {
                key_span.clone()
            };
            self.error(
                SyntaxErrorKind::DuplicateKey { first },
                at,
                format!(
                    "`{key}` is set twice in `[{}]`; the AWS CLI refuses the whole file",
                    self.sections[section].raw_name
                ),
            );
        } else if is_defaults {
            self.default_keys.insert(key.clone(), key_span.clone());
        } else {
            self.seen_keys
                .insert((section, key.clone()), key_span.clone());
        }
        if key.is_empty() {
            // configparser stores it under `''` (so a second one is a duplicate), and no
            // continuation line can extend it; it is not a setting worth modelling.
            self.option = None;
            return;
        }
        let props = &mut self.sections[section].properties;
        props.push(RawProperty {
            key,
            key_span,
            first_value: value_start.min(span.end)..span.end,
            line: line.number,
            more: Vec::new(),
        });
        self.option = Some(props.len() - 1);
    }

    fn finish(self) -> AwsFile {
        let Parser {
            text,
            kind,
            sections: raw_sections,
            mut errors,
            ..
        } = self;
        let mut sections = Vec::with_capacity(raw_sections.len());
        for raw in raw_sections {
            let (kind_of, name_span, quirks) = classify(text, &raw, kind);
            let mut properties = Vec::with_capacity(raw.properties.len());
            for p in raw.properties {
                properties.push(finish_property(text, p, &mut errors));
            }
            sections.push(Section {
                header: raw.header,
                raw_name: raw.raw_name,
                name_span,
                trailing: raw.trailing,
                kind: kind_of,
                quirks,
                properties,
                line: raw.line,
            });
        }
        errors.sort_by_key(|e| e.span.start);
        AwsFile {
            kind,
            bom: false,
            sections,
            errors,
        }
    }
}

/// Index of the closing `]` if `value` (a stripped line) is a header: configparser's
/// `\[(?P<header>.+)\]` matched at the start, so the *last* `]`, with a non-empty name.
fn header_close(value: &str) -> Option<usize> {
    if !value.starts_with('[') {
        return None;
    }
    value.rfind(']').filter(|&i| i >= 2)
}

/// `_join_multiline_values` (join with `\n`, rstrip) and `_parse_nested`.
fn finish_property(text: &str, p: RawProperty, errors: &mut Vec<SyntaxError>) -> Property {
    let mut value = text[p.first_value.clone()].to_string();
    let mut value_end = p.first_value.end;
    for piece in &p.more {
        value.push('\n');
        if let Some(span) = piece {
            value.push_str(&text[span.clone()]);
            value_end = span.end;
        }
    }
    let kept = value.trim_end_matches(py_space).len();
    value.truncate(kept);

    let first_text = &text[p.first_value.clone()];
    let mut sub_properties = Vec::new();
    if value.starts_with('\n') {
        for span in p.more.iter().flatten() {
            nested_lines(text, span.clone(), p.line, &mut sub_properties, errors);
        }
    }
    let inline_comment = inline_comment(text, p.first_value.clone(), first_text);
    Property {
        key: p.key,
        key_span: p.key_span,
        value,
        value_span: p.first_value.start..value_end,
        line: p.line,
        sub_properties,
        inline_comment,
    }
}

/// The Rust SDK's comment rule on the key line: `#`/`;` right after whitespace.
fn inline_comment(text: &str, span: Range<usize>, value: &str) -> Option<Range<usize>> {
    let mut prev_space = text[..span.start]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace);
    for (i, c) in value.char_indices() {
        if (c == '#' || c == ';') && prev_space {
            return Some(span.start + i..span.end);
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// One continuation line of a nested value, split further where `str.splitlines()` would.
fn nested_lines(
    text: &str,
    span: Range<usize>,
    key_line: usize,
    out: &mut Vec<Property>,
    errors: &mut Vec<SyntaxError>,
) {
    let piece = &text[span.clone()];
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, c) in piece.char_indices() {
        if py_extra_line_break(c) {
            pieces.push(start..i);
            start = i + c.len_utf8();
        }
    }
    pieces.push(start..piece.len());
    for r in pieces {
        let part = &piece[r.clone()];
        let s = py_strip(part);
        if s.is_empty() {
            continue;
        }
        let abs = span.start + r.start + s.start..span.start + r.start + s.end;
        let line_text = &text[abs.clone()];
        let (line, column) = line_col(text, abs.start);
        let Some(eq) = line_text.find('=') else {
            errors.push(SyntaxError {
                kind: SyntaxErrorKind::NestedWithoutEquals,
                line,
                column,
                span: abs,
                message: format!(
                    "a line of the nested value started on line {key_line} has no `=`"
                ),
            });
            continue;
        };
        let k = py_strip(&line_text[..eq]);
        let after = &line_text[eq + 1..];
        let v = py_strip(after);
        let key_span = abs.start + k.start..abs.start + k.end;
        let value_span = abs.start + eq + 1 + v.start..abs.start + eq + 1 + v.end;
        out.push(Property {
            key: text[key_span.clone()].to_string(),
            key_span,
            value: text[value_span.clone()].to_string(),
            inline_comment: inline_comment(text, value_span.clone(), &text[value_span.clone()]),
            value_span,
            line,
            sub_properties: Vec::new(),
        });
    }
}

// ---------------------------------------------------------------------------------------
// Section names: build_profile_map and shlex

fn classify(
    text: &str,
    raw: &RawSection,
    kind: AwsFileKind,
) -> (SectionKind, Range<usize>, Vec<HeaderQuirk>) {
    let name = raw.raw_name.as_str();
    let whole = raw.name_span_inner.clone();
    if name == "DEFAULT" {
        return (SectionKind::ParserDefaults, whole, Vec::new());
    }
    match kind {
        AwsFileKind::Credentials => (credentials_section(name), whole, credentials_quirks(name)),
        AwsFileKind::Config => config_section(text, name, whole),
    }
}

/// A credentials-file section: every name is a profile, `[default]` included.
fn credentials_section(name: &str) -> SectionKind {
    if name == "default" {
        SectionKind::Default
    } else {
        SectionKind::Profile(name.to_string())
    }
}

/// What is odd about a credentials-file header that still works.
fn credentials_quirks(name: &str) -> Vec<HeaderQuirk> {
    let mut quirks = Vec::new();
    if name == "default" {
        return quirks;
    }
    let mut words = name.split([' ', '\t']).filter(|w| !w.is_empty());
    if words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("profile"))
        && words.next().is_some()
    {
        quirks.push(HeaderQuirk::ProfilePrefixInCredentials);
    }
    if name.trim() != name {
        quirks.push(HeaderQuirk::PaddedName);
    }
    quirks
}

/// A config-file section: `[profile NAME]`, `[sso-session NAME]`, `[services NAME]` split as
/// botocore splits them (`shlex`), `[default]`, or one the AWS CLI ignores.
fn config_section(
    text: &str,
    name: &str,
    whole: Range<usize>,
) -> (SectionKind, Range<usize>, Vec<HeaderQuirk>) {
    type Make = fn(String) -> SectionKind;
    let prefixes: [(&str, Make); 3] = [
        ("profile", SectionKind::Profile),
        ("sso-session", SectionKind::SsoSession),
        ("services", SectionKind::Services),
    ];
    if let Some((prefix, make)) = prefixes.into_iter().find(|(p, _)| name.starts_with(p)) {
        return prefixed_section(&text[whole.clone()], prefix, make, whole);
    }
    let reason = if name == "default" {
        return (SectionKind::Default, whole, Vec::new());
    } else if name == "plugins" || name == "preview" {
        IgnoredReason::CliSection
    } else if ["profile", "sso-session", "services"]
        .iter()
        .any(|p| name.to_lowercase().starts_with(p))
        || name.eq_ignore_ascii_case("default")
    {
        IgnoredReason::PrefixCase
    } else {
        IgnoredReason::MissingProfilePrefix
    };
    (SectionKind::Ignored(reason), whole, Vec::new())
}

/// `[PREFIX NAME]` (`inner` is the text between the brackets, at `whole`): exactly two words.
fn prefixed_section(
    inner: &str,
    prefix: &str,
    make: fn(String) -> SectionKind,
    whole: Range<usize>,
) -> (SectionKind, Range<usize>, Vec<HeaderQuirk>) {
    let mut quirks = Vec::new();
    let Ok(words) = shlex_split(inner) else {
        return (
            SectionKind::Ignored(IgnoredReason::UnbalancedQuote),
            whole,
            quirks,
        );
    };
    let reason = match words.len() {
        2 => {
            let (first, _) = &words[0];
            let (second, span) = &words[1];
            if first != prefix {
                quirks.push(HeaderQuirk::NonstandardPrefix);
            }
            if inner[span.clone()].contains(['"', '\'', '\\']) {
                quirks.push(HeaderQuirk::QuotedName);
            }
            let abs = whole.start + span.start..whole.start + span.end;
            return (make(second.clone()), abs, quirks);
        }
        1 => IgnoredReason::MissingName,
        n => IgnoredReason::UnquotedSpace { words: n },
    };
    (SectionKind::Ignored(reason), whole, quirks)
}

/// `shlex.split(s)` (POSIX mode, no comments): words with their byte spans in `s`
/// (from the first to the last byte consumed, quotes included). `Err` where Python raises
/// `ValueError`.
fn shlex_split(s: &str) -> Result<Vec<(String, Range<usize>)>, ()> {
    let mut lexer = Shlex::default();
    for (i, c) in s.char_indices() {
        lexer.push(i, c);
    }
    lexer.finish(s.len())
}

/// Where `shlex` is within the text.
#[derive(Clone, Copy, PartialEq, Default)]
enum ShlexState {
    #[default]
    Space,
    Word,
    Quote(char),
    /// After a `\`: in a word, or inside double quotes.
    Escape {
        in_double_quotes: bool,
    },
}

/// `shlex.shlex(posix=True, punctuation_chars=False)` with whitespace splitting, one character
/// at a time.
#[derive(Default)]
struct Shlex {
    words: Vec<(String, Range<usize>)>,
    token: String,
    quoted: bool,
    start: usize,
    state: ShlexState,
}

impl Shlex {
    fn push(&mut self, i: usize, c: char) {
        let is_ws = matches!(c, ' ' | '\t' | '\r' | '\n');
        self.state = match self.state {
            ShlexState::Space if is_ws => ShlexState::Space,
            ShlexState::Space => {
                self.start = i;
                self.word_char(c)
            }
            ShlexState::Word if is_ws => {
                self.words
                    .push((std::mem::take(&mut self.token), self.start..i));
                self.quoted = false;
                ShlexState::Space
            }
            ShlexState::Word => self.word_char(c),
            ShlexState::Quote(q) if c == q => ShlexState::Word,
            ShlexState::Quote('"') if c == '\\' => ShlexState::Escape {
                in_double_quotes: true,
            },
            ShlexState::Quote(q) => {
                self.token.push(c);
                ShlexState::Quote(q)
            }
            ShlexState::Escape { in_double_quotes } => {
                // inside double quotes only `\\` and `\"` are escapes
                if in_double_quotes && c != '\\' && c != '"' {
                    self.token.push('\\');
                }
                self.token.push(c);
                if in_double_quotes {
                    ShlexState::Quote('"')
                } else {
                    ShlexState::Word
                }
            }
        };
    }

    /// A character that starts or continues a word outside quotes.
    fn word_char(&mut self, c: char) -> ShlexState {
        match c {
            '\\' => ShlexState::Escape {
                in_double_quotes: false,
            },
            '"' | '\'' => {
                self.quoted = true;
                ShlexState::Quote(c)
            }
            _ => {
                self.token.push(c);
                ShlexState::Word
            }
        }
    }

    /// The words, or `Err` for an open quote or a trailing escape (shlex's "No closing
    /// quotation" / "No escaped character").
    fn finish(mut self, end: usize) -> Result<Vec<(String, Range<usize>)>, ()> {
        match self.state {
            ShlexState::Quote(_) | ShlexState::Escape { .. } => Err(()),
            ShlexState::Word => {
                if !self.token.is_empty() || self.quoted {
                    self.words.push((self.token, self.start..end));
                }
                Ok(self.words)
            }
            ShlexState::Space => Ok(self.words),
        }
    }
}

impl Section {
    /// The profile name botocore gives this section, if it is a profile.
    pub fn profile_name(&self) -> Option<&str> {
        match &self.kind {
            SectionKind::Default => Some("default"),
            SectionKind::Profile(name) => Some(name),
            _ => None,
        }
    }

    /// How the Rust SDK (aws-config / aws-runtime 1.x) classifies this header, judged from
    /// the name between the brackets (its `normalize.rs`). Differences in how it reads the
    /// header *line* (it cuts `#`/`;` anywhere on it, and rejects text after `]`) are not
    /// modelled here.
    pub fn sdk_section(&self, kind: AwsFileKind) -> SdkSection {
        let input = self.raw_name.trim_matches([' ', '\t']);
        let (prefix, suffix) = match input.split_once([' ', '\t']) {
            Some((p, s)) => (Some(p.trim()), s.trim()),
            None => (None, input.trim()),
        };
        let valid = |s: &str| {
            s.chars().all(|c| {
                c.is_ascii_alphanumeric() || ['_', '-', '/', '.', '%', '@', ':', '+'].contains(&c)
            })
        };
        match (kind, prefix) {
            (AwsFileKind::Config, Some(prefix)) if valid(suffix) => match prefix {
                "profile" => SdkSection::Profile(suffix.to_string()),
                "sso-session" => SdkSection::SsoSession(suffix.to_string()),
                _ => SdkSection::Other {
                    prefix: prefix.to_string(),
                    name: suffix.to_string(),
                },
            },
            (AwsFileKind::Config, None) if suffix == "default" => {
                SdkSection::Profile("default".into())
            }
            (AwsFileKind::Credentials, None) if valid(suffix) => {
                SdkSection::Profile(suffix.to_string())
            }
            _ => SdkSection::Ignored,
        }
    }

    /// A property by (lowercase) key; the last one if it is repeated.
    pub fn get(&self, key: &str) -> Option<&Property> {
        self.properties.iter().rev().find(|p| p.key == key)
    }
}

// ---------------------------------------------------------------------------------------
// The merged view: Session.full_config['profiles']

/// Where a merged setting comes from: `file`'s `sections[section].properties[property]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: AwsFileKind,
    pub section: usize,
    pub property: usize,
    /// The property sits in a `[DEFAULT]` section and configparser copied it here.
    pub inherited: bool,
}

/// One setting of a merged profile, SSO session or services section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub origin: Origin,
    /// The property as written (spans into the file named by `origin.file`).
    pub property: Property,
}

impl Setting {
    pub fn key(&self) -> &str {
        &self.property.key
    }
    pub fn value(&self) -> &str {
        &self.property.value
    }
}

/// A profile (or SSO session, or services section) as botocore resolves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// In botocore's key order.
    pub settings: Vec<Setting>,
    /// Sections whose keys are in `settings`, in the order they were applied.
    pub sections: Vec<(AwsFileKind, usize)>,
    /// Config-file sections botocore threw away because a later section maps to the same
    /// name (`[default]` followed by `[profile default]`).
    pub shadowed: Vec<(AwsFileKind, usize)>,
}

impl Profile {
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.key() == key)
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).map(Setting::value)
    }

    /// The `region` setting.
    pub fn region(&self) -> Option<&Setting> {
        self.get("region")
    }
}

/// Profiles, SSO sessions and services sections from both files, merged as botocore does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: Vec<Profile>,
    sso_sessions: Vec<Profile>,
    services: Vec<Profile>,
    /// Position of each profile by name, so lookups stay O(1) with thousands of profiles.
    index: std::collections::HashMap<String, usize>,
}

impl ProfileSet {
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.index.get(name).map(|&i| &self.profiles[i])
    }
    /// Profile names in botocore's order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|p| p.name.as_str())
    }
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.iter().find(|p| p.name == name)
    }
    pub fn sso_sessions(&self) -> &[Profile] {
        &self.sso_sessions
    }
    pub fn services(&self, name: &str) -> Option<&Profile> {
        self.services.iter().find(|p| p.name == name)
    }
    pub fn all_services(&self) -> &[Profile] {
        &self.services
    }
}

/// A configparser section: all headers with one name, keys in first-seen order, later
/// values winning (what a non-strict parser would do; strict botocore refuses repeats),
/// then `[DEFAULT]` keys the section does not set.
struct ParserSection {
    first: usize,
    sections: Vec<usize>,
    settings: Vec<Setting>,
}

fn parser_sections(file: &AwsFile) -> Vec<ParserSection> {
    let mut defaults: Vec<Setting> = Vec::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<ParserSection> = Vec::new();
    let put = |settings: &mut Vec<Setting>, s: Setting| {
        if let Some(old) = settings.iter_mut().find(|o| o.key() == s.key()) {
            *old = s;
        } else {
            settings.push(s);
        }
    };
    for (si, section) in file.sections.iter().enumerate() {
        let is_defaults = section.kind == SectionKind::ParserDefaults;
        let target = if is_defaults {
            None
        } else {
            let idx = *by_name.entry(&section.raw_name).or_insert_with(|| {
                out.push(ParserSection {
                    first: si,
                    sections: Vec::new(),
                    settings: Vec::new(),
                });
                out.len() - 1
            });
            out[idx].sections.push(si);
            Some(idx)
        };
        for (pi, p) in section.properties.iter().enumerate() {
            let setting = Setting {
                origin: Origin {
                    file: file.kind,
                    section: si,
                    property: pi,
                    inherited: is_defaults,
                },
                property: p.clone(),
            };
            match target {
                Some(idx) => put(&mut out[idx].settings, setting),
                None => put(&mut defaults, setting),
            }
        }
    }
    for ps in &mut out {
        for d in &defaults {
            if !ps.settings.iter().any(|s| s.key() == d.key()) {
                ps.settings.push(d.clone());
            }
        }
    }
    out
}

/// botocore's `Session.full_config`: profiles of the config file (`build_profile_map`),
/// then every credentials-file section merged in key by key (credentials win).
///
/// botocore reads nothing from a file with [`AwsFile::errors`]; this still merges what was
/// read (a repeated section key by key, the later value winning, as the Rust SDK does), so
/// rules can say more than "the file is broken".
pub fn profiles(config: &AwsFile, credentials: &AwsFile) -> ProfileSet {
    let mut set = ProfileSet::default();
    for ps in parser_sections(config) {
        let section = &config.sections[ps.first];
        let (list, name) = match &section.kind {
            SectionKind::Default => (&mut set.profiles, "default"),
            SectionKind::Profile(n) => (&mut set.profiles, n.as_str()),
            SectionKind::SsoSession(n) => (&mut set.sso_sessions, n.as_str()),
            SectionKind::Services(n) => (&mut set.services, n.as_str()),
            SectionKind::ParserDefaults | SectionKind::Ignored(_) => continue,
        };
        let sections: Vec<_> = ps.sections.iter().map(|&i| (config.kind, i)).collect();
        let fresh = Profile {
            name: name.to_string(),
            settings: ps.settings,
            sections,
            shadowed: Vec::new(),
        };
        // `profiles.update({name: values})`: replaces the whole entry, keeps its position.
        let existing = match &section.kind {
            SectionKind::Default | SectionKind::Profile(_) => set.index.get(name).copied(),
            _ => list.iter().position(|p| p.name == name),
        };
        if let Some(old) = existing.map(|i| &mut list[i]) {
            let mut shadowed = std::mem::take(&mut old.shadowed);
            shadowed.extend(old.sections.iter().copied());
            *old = Profile { shadowed, ..fresh };
        } else {
            if matches!(section.kind, SectionKind::Default | SectionKind::Profile(_)) {
                set.index.insert(name.to_owned(), list.len());
            }
            list.push(fresh);
        }
    }
    for ps in parser_sections(credentials) {
        let name = credentials.sections[ps.first].raw_name.clone();
        let sections: Vec<_> = ps.sections.iter().map(|&i| (credentials.kind, i)).collect();
        match set.index.get(&name).map(|&i| &mut set.profiles[i]) {
            Some(profile) => {
                for s in ps.settings {
                    if let Some(old) = profile.settings.iter_mut().find(|o| o.key() == s.key()) {
                        *old = s;
                    } else {
                        profile.settings.push(s);
                    }
                }
                profile.sections.extend(sections);
            }
            None => {
                set.index.insert(name.clone(), set.profiles.len());
                set.profiles.push(Profile {
                    name,
                    settings: ps.settings,
                    sections,
                    shadowed: Vec::new(),
                });
            }
        }
    }
    set
}

/// Where a role's source credentials come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleSource {
    /// `source_profile`.
    SourceProfile,
    /// `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`).
    CredentialSource,
    /// Both set: botocore refuses the profile.
    Both,
    /// Neither set: botocore refuses the profile.
    Missing,
}

/// Which credential provider botocore would use for a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialSourceKind {
    /// `role_arn` without `web_identity_token_file`.
    AssumeRole(RoleSource),
    /// A non-empty `web_identity_token_file` (botocore then requires `role_arn`).
    WebIdentity,
    /// `sso_account_id` or `sso_role_name` (botocore's trigger); `session` is `sso_session`,
    /// `None` for the legacy `sso_start_url` form.
    Sso { session: Option<String> },
    /// `aws_access_key_id` (with or without a secret: see CC204).
    StaticKeys,
    /// `login_session` (`aws login`).
    LoginSession,
    /// `credential_process`.
    Process,
}

/// Why the AWS CLI refuses an SSO profile, if it does: an `sso_session` naming no
/// `[sso-session …]` section, or a required setting missing or empty (`sso_start_url` and
/// `sso_region` — from the session or, legacy, the profile —, `sso_account_id`,
/// `sso_role_name`).
pub fn sso_problem(profiles: &ProfileSet, profile: &Profile) -> Option<String> {
    let Some(CredentialSourceKind::Sso { session }) = credential_source_kind(profile) else {
        return None;
    };
    let session_section = match &session {
        Some(name) => match profiles.sso_session(name) {
            Some(s) => Some(s),
            None => {
                return Some(format!(
                    "`sso_session = {name}` names no `[sso-session {name}]` section"
                ));
            }
        },
        None => None,
    };
    let get = |key: &str| {
        session_section
            .and_then(|s| s.value(key))
            .or_else(|| profile.value(key))
            .filter(|v| !v.trim().is_empty())
    };
    let missing: Vec<&str> = [
        "sso_start_url",
        "sso_region",
        "sso_account_id",
        "sso_role_name",
    ]
    .into_iter()
    .filter(|k| get(k).is_none())
    .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "the SSO settings lack {} (missing or empty)",
            missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The credential provider botocore's chain picks for `profile` (environment variables
/// aside), in its order: assume-role, web identity, SSO, keys from the credentials file,
/// `login_session`, `credential_process`, keys from the config file. Keys count when
/// present, even empty, as botocore tests `in`.
pub fn credential_source_kind(profile: &Profile) -> Option<CredentialSourceKind> {
    let has = |k: &str| profile.get(k).is_some();
    if has("role_arn") && !has("web_identity_token_file") {
        let source = match (has("source_profile"), has("credential_source")) {
            (true, true) => RoleSource::Both,
            (true, false) => RoleSource::SourceProfile,
            (false, true) => RoleSource::CredentialSource,
            (false, false) => RoleSource::Missing,
        };
        return Some(CredentialSourceKind::AssumeRole(source));
    }
    // botocore skips an empty token file path, and refuses one without `role_arn`.
    if profile
        .value("web_identity_token_file")
        .is_some_and(|v| !v.is_empty())
    {
        return Some(CredentialSourceKind::WebIdentity);
    }
    if has("sso_account_id") || has("sso_role_name") {
        return Some(CredentialSourceKind::Sso {
            session: profile.value("sso_session").map(str::to_string),
        });
    }
    let keys = profile.get("aws_access_key_id");
    if keys.is_some_and(|s| s.origin.file == AwsFileKind::Credentials) {
        return Some(CredentialSourceKind::StaticKeys);
    }
    if has("login_session") {
        return Some(CredentialSourceKind::LoginSession);
    }
    if has("credential_process") {
        return Some(CredentialSourceKind::Process);
    }
    keys.map(|_| CredentialSourceKind::StaticKeys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> AwsFile {
        parse(text, AwsFileKind::Config)
    }

    fn creds(text: &str) -> AwsFile {
        parse(text, AwsFileKind::Credentials)
    }

    #[test]
    fn spans_point_at_the_bytes() {
        let text = "# top\n[profile dev]\n  Region = us-east-1 ; ohio\noutput=json\n";
        let f = config(text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let s = &f.sections[0];
        assert_eq!(&text[s.header.clone()], "[profile dev]");
        assert_eq!(&text[s.name_span.clone()], "dev");
        assert_eq!(s.line, 2);
        assert_eq!(s.kind, SectionKind::Profile("dev".into()));
        let region = &s.properties[0];
        assert_eq!(region.key, "region");
        assert_eq!(&text[region.key_span.clone()], "Region");
        assert_eq!(region.value, "us-east-1 ; ohio");
        assert_eq!(&text[region.value_span.clone()], "us-east-1 ; ohio");
        assert_eq!(&text[region.inline_comment.clone().unwrap()], "; ohio");
        assert_eq!(region.line, 3);
        let output = &s.properties[1];
        assert_eq!(&text[output.key_span.clone()], "output");
        assert_eq!(&text[output.value_span.clone()], "json");
        assert_eq!(output.inline_comment, None);
        assert_eq!(output.line, 4);
    }

    #[test]
    fn crlf_spans_and_lines() {
        let text = "[default]\r\nregion = eu-west-1\r\n\r\n[profile b]\r\nx=1\r\n";
        let f = config(text);
        assert!(f.errors.is_empty());
        let p = &f.sections[0].properties[0];
        assert_eq!(p.value, "eu-west-1");
        assert_eq!(&text[p.value_span.clone()], "eu-west-1");
        assert_eq!(f.sections[1].line, 4);
        assert_eq!(f.sections[1].properties[0].line, 5);
        assert_eq!(
            line_col(text, f.sections[1].properties[0].key_span.start),
            (5, 1)
        );
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let text = "[default]\rregion = a\r";
        let f = config(text);
        assert_eq!(f.sections[0].properties[0].value, "a");
        assert_eq!(f.sections[0].properties[0].line, 2);
    }

    #[test]
    fn colons_in_values_and_colon_delimiter() {
        let f = config("[default]\nrole_arn = arn:aws:iam::1:role/x\nsso: y\n");
        let p = &f.sections[0].properties;
        assert_eq!(p[0].value, "arn:aws:iam::1:role/x");
        assert_eq!((p[1].key.as_str(), p[1].value.as_str()), ("sso", "y"));
    }

    #[test]
    fn nested_values_with_spans() {
        let text = "[services s]\nsts =\n  endpoint_url = http://127.0.0.1:5055\n\n  # c\n  Region=us-east-1\nx = 1\n";
        let f = config(text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let sts = &f.sections[0].properties[0];
        assert!(sts.is_nested());
        assert_eq!(
            sts.value,
            "\nendpoint_url = http://127.0.0.1:5055\n\nRegion=us-east-1"
        );
        assert_eq!(sts.sub_properties.len(), 2);
        let url = sts.sub("endpoint_url").unwrap();
        assert_eq!(&text[url.key_span.clone()], "endpoint_url");
        assert_eq!(&text[url.value_span.clone()], "http://127.0.0.1:5055");
        assert_eq!(url.line, 3);
        let region = &sts.sub_properties[1];
        assert_eq!(region.key, "Region", "nested keys keep their case");
        assert_eq!(region.line, 6);
        assert_eq!(
            &text[sts.value_span.clone()],
            &text[text.find("\n  endpoint").unwrap()..text.find("\nx =").unwrap()]
        );
        assert_eq!(f.sections[0].properties[1].key, "x");
        assert_eq!(f.sections[0].kind, SectionKind::Services("s".into()));
    }

    #[test]
    fn continuation_that_is_not_nested() {
        let f = config("[default]\nregion = us-east-1\n  output = json\n");
        let p = &f.sections[0].properties;
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].value, "us-east-1\noutput = json");
        assert!(!p[0].is_nested());
        assert!(p[0].sub_properties.is_empty());
    }

    #[test]
    fn same_indent_is_a_new_key() {
        let f = config("[default]\n  region = a\n  output = b\n");
        let keys: Vec<_> = f.sections[0]
            .properties
            .iter()
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(keys, ["region", "output"]);
    }

    #[test]
    fn errors_have_kinds_and_positions() {
        let text =
            "region = x\n[default]\nnot a pair\n= v\ns3 =\n  bad line\n[default]\nk = 1\nK = 2\n";
        let f = config(text);
        let kinds: Vec<_> = f
            .errors
            .iter()
            .map(|e| (&e.kind, e.line, e.column))
            .collect();
        assert!(matches!(
            kinds[0],
            (SyntaxErrorKind::MissingSectionHeader, 1, 1)
        ));
        assert!(matches!(kinds[1], (SyntaxErrorKind::NotKeyValue, 3, 1)));
        assert!(matches!(kinds[2], (SyntaxErrorKind::EmptyKey, 4, 1)));
        assert!(matches!(
            kinds[3],
            (SyntaxErrorKind::NestedWithoutEquals, 6, 3)
        ));
        assert!(matches!(
            kinds[4],
            (SyntaxErrorKind::DuplicateSection { .. }, 7, 1)
        ));
        assert!(matches!(
            kinds[5],
            (SyntaxErrorKind::DuplicateKey { .. }, 9, 1)
        ));
        assert_eq!(kinds.len(), 6);
        assert_eq!(&text[f.errors[3].span.clone()], "bad line");
        assert!(f.errors[4].kind.is_duplicate() && f.errors[5].kind.is_duplicate());
        assert!(!f.errors[1].kind.is_duplicate());
        // Keys repeated across a repeated section are reported once, as the section.
        let g = config("[a]\nk = 1\n[a]\nk = 2\n");
        assert_eq!(g.errors.len(), 1);
    }

    #[test]
    fn bom_is_an_error_but_the_rest_is_read() {
        let text = "\u{feff}[default]\nregion = a\n";
        let f = config(text);
        assert!(f.bom);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].kind, SyntaxErrorKind::Bom);
        assert_eq!((f.errors[0].line, f.errors[0].column), (1, 1));
        assert_eq!(&text[f.sections[0].header.clone()], "[default]");
        assert_eq!(line_col(text, f.sections[0].header.start), (1, 2));
    }

    #[test]
    fn invalid_utf8_reads_the_valid_prefix() {
        let bytes = b"[default]\nregion = a\nx = \xff\n";
        let f = parse_bytes(bytes, AwsFileKind::Config);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].kind, SyntaxErrorKind::InvalidUtf8);
        assert_eq!(f.errors[0].span, 25..26);
        assert_eq!(f.errors[0].line, 3);
        assert_eq!(f.sections[0].properties[0].value, "a");
    }

    #[test]
    fn header_forms_in_config() {
        let cases: &[(&str, SectionKind, &[HeaderQuirk], &str)] = &[
            ("[default]", SectionKind::Default, &[], "default"),
            (
                "[profile default]",
                SectionKind::Profile("default".into()),
                &[],
                "default",
            ),
            ("[profile  x ]", SectionKind::Profile("x".into()), &[], "x"),
            (
                "[profile \"x y\"]",
                SectionKind::Profile("x y".into()),
                &[HeaderQuirk::QuotedName],
                "\"x y\"",
            ),
            (
                "[profile 'x y']",
                SectionKind::Profile("x y".into()),
                &[HeaderQuirk::QuotedName],
                "'x y'",
            ),
            (
                "[profile x\\ y]",
                SectionKind::Profile("x y".into()),
                &[HeaderQuirk::QuotedName],
                "x\\ y",
            ),
            (
                "[profile a\"b c\"d]",
                SectionKind::Profile("ab cd".into()),
                &[HeaderQuirk::QuotedName],
                "a\"b c\"d",
            ),
            (
                "[profile '']",
                SectionKind::Profile(String::new()),
                &[HeaderQuirk::QuotedName],
                "''",
            ),
            (
                "[profiles x]",
                SectionKind::Profile("x".into()),
                &[HeaderQuirk::NonstandardPrefix],
                "x",
            ),
            (
                "[sso-session corp]",
                SectionKind::SsoSession("corp".into()),
                &[],
                "corp",
            ),
            (
                "[services local]",
                SectionKind::Services("local".into()),
                &[],
                "local",
            ),
            ("[DEFAULT]", SectionKind::ParserDefaults, &[], "DEFAULT"),
            (
                "[profile x y]",
                SectionKind::Ignored(IgnoredReason::UnquotedSpace { words: 3 }),
                &[],
                "profile x y",
            ),
            (
                "[profile]",
                SectionKind::Ignored(IgnoredReason::MissingName),
                &[],
                "profile",
            ),
            (
                "[profile \"x]",
                SectionKind::Ignored(IgnoredReason::UnbalancedQuote),
                &[],
                "profile \"x",
            ),
            (
                "[profile x\\]",
                SectionKind::Ignored(IgnoredReason::UnbalancedQuote),
                &[],
                "profile x\\",
            ),
            (
                "[Profile x]",
                SectionKind::Ignored(IgnoredReason::PrefixCase),
                &[],
                "Profile x",
            ),
            (
                "[Default]",
                SectionKind::Ignored(IgnoredReason::PrefixCase),
                &[],
                "Default",
            ),
            (
                "[x]",
                SectionKind::Ignored(IgnoredReason::MissingProfilePrefix),
                &[],
                "x",
            ),
            (
                "[ default ]",
                SectionKind::Ignored(IgnoredReason::MissingProfilePrefix),
                &[],
                " default ",
            ),
            (
                "[plugins]",
                SectionKind::Ignored(IgnoredReason::CliSection),
                &[],
                "plugins",
            ),
        ];
        for (header, kind, quirks, name) in cases {
            let text = format!("{header}\n");
            let f = config(&text);
            let s = &f.sections[0];
            assert_eq!(&s.kind, kind, "{header}");
            assert_eq!(s.quirks.as_slice(), *quirks, "{header}");
            assert_eq!(&text[s.name_span.clone()], *name, "{header}");
        }
    }

    #[test]
    fn header_forms_in_credentials() {
        let f = creds("[default]\n[x]\n[profile x]\n[ x ]\n[Cred Space]\n[DEFAULT]\n");
        let kinds: Vec<_> = f
            .sections
            .iter()
            .map(|s| (s.kind.clone(), s.quirks.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (SectionKind::Default, vec![]),
                (SectionKind::Profile("x".into()), vec![]),
                (
                    SectionKind::Profile("profile x".into()),
                    vec![HeaderQuirk::ProfilePrefixInCredentials]
                ),
                (
                    SectionKind::Profile(" x ".into()),
                    vec![HeaderQuirk::PaddedName]
                ),
                (SectionKind::Profile("Cred Space".into()), vec![]),
                (SectionKind::ParserDefaults, vec![]),
            ]
        );
    }

    #[test]
    fn header_takes_the_last_bracket_and_keeps_trailing_text() {
        let text = "[a] b ] c\n[default] ; note\n";
        let f = config(text);
        assert_eq!(f.sections[0].raw_name, "a] b ");
        assert_eq!(&text[f.sections[0].trailing.clone().unwrap()], "c");
        assert_eq!(&text[f.sections[1].trailing.clone().unwrap()], "; note");
        // `[]` is not a header: configparser needs a non-empty name.
        assert_eq!(
            config("[]\n").errors[0].kind,
            SyntaxErrorKind::MissingSectionHeader
        );
    }

    #[test]
    fn sdk_section_view() {
        let f = config(
            "[profile dev]\n[default]\n[x]\n[profile \"a b\"]\n[sso-session c]\n[services s]\n[Profile y]\n",
        );
        let views: Vec<_> = f
            .sections
            .iter()
            .map(|s| s.sdk_section(AwsFileKind::Config))
            .collect();
        assert_eq!(
            views,
            [
                SdkSection::Profile("dev".into()),
                SdkSection::Profile("default".into()),
                SdkSection::Ignored,
                SdkSection::Ignored,
                SdkSection::SsoSession("c".into()),
                SdkSection::Other {
                    prefix: "services".into(),
                    name: "s".into()
                },
                SdkSection::Other {
                    prefix: "Profile".into(),
                    name: "y".into()
                },
            ]
        );
    }

    #[test]
    fn merged_view_origins_and_precedence() {
        let cfg = config(
            "[default]\nregion = a\n[profile cc]\nregion = us-east-1\naws_access_key_id = C\n[profile default]\noutput = json\n",
        );
        let cred =
            creds("[cc]\naws_access_key_id = K\naws_secret_access_key = S\n[other]\nregion = x\n");
        let set = profiles(&cfg, &cred);
        assert_eq!(set.names().collect::<Vec<_>>(), ["default", "cc", "other"]);
        let default = set.get("default").unwrap();
        assert!(
            default.region().is_none(),
            "[profile default] replaced [default]"
        );
        assert_eq!(default.shadowed, [(AwsFileKind::Config, 0)]);
        let cc = set.get("cc").unwrap();
        let key = cc.get("aws_access_key_id").unwrap();
        assert_eq!(key.value(), "K");
        assert_eq!(
            key.origin,
            Origin {
                file: AwsFileKind::Credentials,
                section: 0,
                property: 0,
                inherited: false
            }
        );
        assert_eq!(cc.region().unwrap().origin.file, AwsFileKind::Config);
        assert_eq!(
            cc.sections,
            [(AwsFileKind::Config, 1), (AwsFileKind::Credentials, 0)]
        );
        assert_eq!(
            credential_source_kind(cc),
            Some(CredentialSourceKind::StaticKeys)
        );
        assert!(set.get("missing").is_none());
    }

    #[test]
    fn credential_sources_in_botocore_order() {
        let cfg = config(concat!(
            "[profile role]\nrole_arn = r\nsource_profile = base\n",
            "[profile role2]\nrole_arn = r\ncredential_source = Environment\n",
            "[profile broken]\nrole_arn = r\n",
            "[profile web]\nrole_arn = r\nweb_identity_token_file = /t\n",
            "[profile web-no-role]\nweb_identity_token_file = /t\n",
            "[profile web-empty]\nweb_identity_token_file =\n",
            "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n",
            "[profile legacy]\nsso_start_url = u\nsso_account_id = 1\n",
            "[profile token-only]\nsso_session = corp\n",
            "[profile proc]\ncredential_process = p\naws_access_key_id = A\n",
            "[profile login]\nlogin_session = arn:aws:iam::1:user/x\n",
            "[profile keys]\naws_access_key_id = A\n",
            "[profile none]\nregion = us-east-1\n",
        ));
        let cred = creds("[proc2]\ncredential_process = p\naws_access_key_id = A\n");
        let set = profiles(&cfg, &cred);
        let kind = |n: &str| credential_source_kind(set.get(n).unwrap());
        use CredentialSourceKind as K;
        assert_eq!(kind("role"), Some(K::AssumeRole(RoleSource::SourceProfile)));
        assert_eq!(
            kind("role2"),
            Some(K::AssumeRole(RoleSource::CredentialSource))
        );
        assert_eq!(kind("broken"), Some(K::AssumeRole(RoleSource::Missing)));
        assert_eq!(kind("web"), Some(K::WebIdentity));
        assert_eq!(kind("web-no-role"), Some(K::WebIdentity));
        assert_eq!(kind("web-empty"), None);
        assert_eq!(
            kind("sso"),
            Some(K::Sso {
                session: Some("corp".into())
            })
        );
        assert_eq!(kind("legacy"), Some(K::Sso { session: None }));
        assert_eq!(kind("token-only"), None);
        assert_eq!(
            kind("proc"),
            Some(K::Process),
            "process beats keys from the config file"
        );
        assert_eq!(
            kind("proc2"),
            Some(K::StaticKeys),
            "keys from the credentials file beat process"
        );
        assert_eq!(kind("login"), Some(K::LoginSession));
        assert_eq!(kind("keys"), Some(K::StaticKeys));
        assert_eq!(kind("none"), None);
        assert_eq!(
            set.get("none").unwrap().region().unwrap().value(),
            "us-east-1"
        );
    }

    #[test]
    fn shlex_matches_python() {
        let words =
            |s: &str| shlex_split(s).map(|w| w.into_iter().map(|(t, _)| t).collect::<Vec<_>>());
        assert_eq!(
            words("profile  x "),
            Ok(vec!["profile".to_string(), "x".into()])
        );
        assert_eq!(
            words("a \"b\\\"c\\d\" 'e\\f'"),
            Ok(vec!["a".to_string(), "b\"c\\d".into(), "e\\f".into()])
        );
        assert_eq!(words("\"\""), Ok(vec![String::new()]));
        assert_eq!(words("a#b"), Ok(vec!["a#b".to_string()]));
        assert_eq!(words("'x"), Err(()));
        assert_eq!(words("x\\"), Err(()));
        assert_eq!(words(""), Ok(vec![]));
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "é\r\nab\rc";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (1, 2));
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 7), (3, 1));
        assert_eq!(
            line_col(text, 1),
            (1, 1),
            "inside a character: clamped back"
        );
        assert_eq!(line_col(text, 99), (3, 2));
    }

    /// No panic, and every span is a valid slice, on scrambled inputs.
    #[test]
    fn never_panics_on_scrambled_input() {
        const PIECES: &[&str] = &[
            "[", "]", "profile", " ", "\t", "\n", "\r", "\r\n", "=", ":", "#", ";", "'", "\"",
            "\\", "a", "K", "default", "DEFAULT", "\u{feff}", "\u{a0}", "\u{c}", "é", "\u{2028}",
            "  ", "x = 1", "s3 =", "\n  ",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            for kind in [AwsFileKind::Config, AwsFileKind::Credentials] {
                let f = parse(&text, kind);
                for s in &f.sections {
                    let _ = (&text[s.header.clone()], &text[s.name_span.clone()]);
                    for p in &s.properties {
                        let _ = (&text[p.key_span.clone()], &text[p.value_span.clone()]);
                        for sp in &p.sub_properties {
                            let _ = (&text[sp.key_span.clone()], &text[sp.value_span.clone()]);
                        }
                    }
                }
                for e in &f.errors {
                    let _ = &text[e.span.clone()];
                }
                let set = profiles(&f, &f);
                for p in set.profiles() {
                    let _ = credential_source_kind(p);
                }
            }
        }
    }
}
