//! Source files as read from disk: text, positions, and the scope git or the AWS CLI gives them.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a configuration entry comes from: a git config scope (`git config --show-scope`
/// names), one of the AWS files, a credential-store file, or the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    System,
    Global,
    Local,
    Worktree,
    Command,
    AwsConfig,
    AwsCredentials,
    GitCredentials,
    Env,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::System => "system",
            Scope::Global => "global",
            Scope::Local => "local",
            Scope::Worktree => "worktree",
            Scope::Command => "command",
            Scope::AwsConfig => "aws-config",
            Scope::AwsCredentials => "aws-credentials",
            Scope::GitCredentials => "git-credentials",
            Scope::Env => "env",
        }
    }

    /// A repository's own configuration (and what it includes): anyone who can hand the user a
    /// repository can write it.
    pub fn is_repository(self) -> bool {
        matches!(self, Scope::Local | Scope::Worktree)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file's text with a line index. Offsets are byte offsets into `text`, which excludes a
/// leading UTF-8 byte-order mark (recorded in `bom`). Bytes that are not UTF-8 are replaced,
/// which keeps offsets of ASCII syntax intact for the formats we read.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    pub bom: bool,
    /// Whether the file had bytes that are not UTF-8 (then `text` is not the file).
    pub lossy: bool,
    /// The file exactly as read, BOM included.
    raw: Vec<u8>,
    /// The file starts with a UTF-16 byte-order mark (Notepad's "Unicode"): neither git nor
    /// the AWS CLI can read it, and `text` is left empty rather than shown garbled.
    pub utf16: bool,
    line_starts: Vec<usize>,
}

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Source {
    pub fn new(path: impl Into<PathBuf>, bytes: &[u8]) -> Source {
        let (bom, body) = match bytes.strip_prefix(UTF8_BOM) {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
        let lossy = std::str::from_utf8(body).is_err();
        let text = if utf16 {
            String::new()
        } else {
            String::from_utf8_lossy(body).into_owned()
        };
        let line_starts = line_starts(&text, LineEnds::Git);
        Source {
            path: path.into(),
            text,
            bom,
            lossy,
            raw: bytes.to_vec(),
            utf16,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col_with(&self.text, &self.line_starts, offset)
    }

    /// Byte range of 1-based `line`, without its line ending.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[(line.max(1) - 1).min(self.line_starts.len() - 1)];
        line_from(&self.text, start)
    }

    /// The file exactly as read, BOM and any non-UTF-8 bytes included.
    pub fn bytes(&self) -> &[u8] {
        &self.raw
    }
}

/// What ends a line: for git a `\n` (a `\r` before it belongs to the ending); for Python,
/// which reads the AWS files, also a lone `\r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnds {
    Git,
    Python,
}

/// The byte offset where each line of `text` starts (the first is 0).
pub fn line_starts(text: &str, ends: LineEnds) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        // `\r\n` ends a line once, at the `\n`
        let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if b == b'\n' || (ends == LineEnds::Python && lone_cr) {
            starts.push(i + 1);
        }
    }
    starts
}

/// 1-based line and column (in characters) of a byte offset of `text`, lines ending as `ends`
/// says. Offsets inside a character or past the end are clamped.
pub fn line_col_in(text: &str, offset: usize, ends: LineEnds) -> (usize, usize) {
    line_col_with(text, &line_starts(text, ends), offset)
}

fn line_col_with(text: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = text.floor_char_boundary(offset.min(text.len()));
    let line = line_starts.partition_point(|&s| s <= offset);
    let col = text[line_starts[line - 1]..offset].chars().count();
    (line, col + 1)
}

/// Byte range of 1-based `line` of `text`, without its line ending.
pub fn line_range_in(text: &str, line: usize) -> Range<usize> {
    let start = match line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    line_from(text, start)
}

/// The line starting at `start`, without its line ending.
fn line_from(text: &str, start: usize) -> Range<usize> {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_skips_bom() {
        let src = Source::new("x", b"\xEF\xBB\xBF[a]\r\n\tk = v\n");
        assert!(src.bom);
        assert_eq!(src.line_col(0), (1, 1));
        let k = src.text.find('k').unwrap();
        assert_eq!(src.line_col(k), (2, 2));
        assert_eq!(&src.text[src.line_range(1)], "[a]");
        assert_eq!(&src.text[src.line_range(2)], "\tk = v");
    }
}
