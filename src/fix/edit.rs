//! Byte-range edits on a file's text. Everything outside an edit stays byte-for-byte: comments,
//! order, spacing, key case, CRLF, a UTF-8 BOM, a missing final newline.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::source::{Scope, Source};

/// One change: replace `range` of the text with `text`.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
    /// Unsafe edits (they remove a comment or something the user may still want) apply only
    /// with `--unsafe`.
    pub safe: bool,
    /// What the edit does, for the summary.
    pub why: String,
}

/// The planned changes to one file.
#[derive(Debug, Clone)]
pub struct FilePlan {
    /// The path as git reads it (a symlink stays a symlink; write.rs writes its target).
    pub path: PathBuf,
    pub scope: Scope,
    pub source: Arc<Source>,
    /// Whether the file exists (a new one is created).
    pub exists: bool,
    pub edits: Vec<Edit>,
}

impl FilePlan {
    pub fn new(path: PathBuf, scope: Scope, source: Arc<Source>, exists: bool) -> FilePlan {
        FilePlan {
            path,
            scope,
            source,
            exists,
            edits: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The file's line ending: CRLF when it uses CRLF anywhere.
    pub fn newline(&self) -> &'static str {
        if self.text().contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// The indentation of the file's first indented key, else a tab (git's own).
    pub fn indent(&self) -> String {
        self.text()
            .lines()
            .filter(|l| !l.trim_start().starts_with(['[', '#', ';']) && !l.trim().is_empty())
            .map(|l| &l[..l.len() - l.trim_start().len()])
            .find(|i| !i.is_empty())
            .unwrap_or("\t")
            .to_owned()
    }

    pub fn push(
        &mut self,
        range: Range<usize>,
        text: impl Into<String>,
        safe: bool,
        why: impl Into<String>,
    ) {
        self.edits.push(Edit {
            range,
            text: text.into(),
            safe,
            why: why.into(),
        });
    }

    /// Removes the line of the entry spanning `span` (unsafe when the line also holds a
    /// comment), unless another edit touches it already.
    pub fn remove_entry(&mut self, span: &Range<usize>, why: &str) {
        let (range, safe) = entry_line(self.text(), span);
        if !self.touches(&range) {
            self.push(range, "", safe, why);
        }
    }

    /// Whether any edit touches `range` already.
    pub fn touches(&self, range: &Range<usize>) -> bool {
        self.edits.iter().any(|e| {
            e.range.start < range.end.max(range.start + 1)
                && range.start < e.range.end.max(e.range.start + 1)
        })
    }

    /// The file after the edits (unsafe ones only with `with_unsafe`), BOM restored.
    pub fn apply(&self, with_unsafe: bool) -> Vec<u8> {
        let mut edits: Vec<&Edit> = self
            .edits
            .iter()
            .filter(|e| e.safe || with_unsafe)
            .collect();
        if edits.is_empty() {
            return self.source.bytes().to_vec();
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let text = self.text();
        let mut out = String::with_capacity(text.len() + 256);
        let mut pos = 0;
        for e in edits {
            if e.range.start < pos {
                continue; // overlapping edits are planned away; never apply two
            }
            out.push_str(&text[pos..e.range.start]);
            out.push_str(&e.text);
            pos = e.range.end;
        }
        out.push_str(&text[pos..]);
        let mut bytes = Vec::with_capacity(out.len() + 3);
        if self.source.bom {
            bytes.extend_from_slice(crate::base::source::UTF8_BOM);
        }
        bytes.extend_from_slice(out.as_bytes());
        bytes
    }

    /// The bytes on disk when the plan was made (`None` for a new file).
    pub fn original(&self) -> Option<Vec<u8>> {
        self.exists.then(|| self.source.bytes().to_vec())
    }
}

/// What to put before text inserted at `at` so that it starts on a line of its own: a line
/// ending when the text before does not end with one, and an empty line when the line before
/// ends in a `\` continuation (git would read the inserted lines as part of that value).
pub fn lead_for_insert(text: &str, at: usize, nl: &str) -> String {
    let before = &text[..at];
    if before.is_empty() {
        return String::new();
    }
    let mut lead = String::new();
    if !before.ends_with('\n') {
        lead.push_str(nl);
    }
    // `\` at the end of a line continues the value onto the next one: end it with an empty line
    let line = before.trim_end_matches(['\n', '\r']);
    let continued = (line.len() - line.trim_end_matches('\\').len()) % 2 == 1;
    if continued {
        lead.push_str(nl);
    }
    lead
}

/// Start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line holding `offset`, after its line ending (or the end of the text).
pub fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The range that removes an entry's whole line, and whether that is safe: it is not when the
/// line also holds a comment (or anything else) besides the entry.
pub fn entry_line(text: &str, span: &Range<usize>) -> (Range<usize>, bool) {
    let start = line_start(text, span.start);
    let end = line_end(text, span.end.max(span.start));
    let before = &text[start..span.start];
    let after = &text[span.end..end];
    if !before.trim().is_empty() {
        // Something precedes the key on its line (`[credential] helper = x`): remove the entry only.
        return (span.clone(), !after.contains(['#', ';']));
    }
    let clean = after.trim().is_empty();
    (start..end, clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &[u8]) -> FilePlan {
        FilePlan::new(
            "x".into(),
            Scope::Global,
            Arc::new(Source::new("x", text)),
            true,
        )
    }

    #[test]
    fn untouched_bytes_survive_including_bom_crlf_and_no_final_newline() {
        let text = b"\xEF\xBB\xBF# keep\r\n[a]\r\n\tk = v ; note\r\n\tj = w";
        let mut p = plan(text);
        assert_eq!(p.newline(), "\r\n");
        assert_eq!(p.apply(true), text.to_vec());
        let end = p.text().len();
        p.push(end..end, "\r\n[b]\r\n", true, "add");
        let out = p.apply(true);
        assert!(out.starts_with(b"\xEF\xBB\xBF# keep\r\n[a]\r\n\tk = v ; note\r\n\tj = w\r\n[b]"));
    }

    #[test]
    fn removing_an_entry_with_a_comment_is_unsafe() {
        let text = "[a]\n\tk = v ; why\n\tj = w\n";
        let k = text.find("k =").unwrap();
        let (range, safe) = entry_line(text, &(k..k + 5));
        assert_eq!(&text[range], "\tk = v ; why\n");
        assert!(!safe);
        let j = text.find("j =").unwrap();
        let (range, safe) = entry_line(text, &(j..j + 5));
        assert_eq!(&text[range], "\tj = w\n");
        assert!(safe);
    }
}
