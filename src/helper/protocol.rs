//! git's credential helper protocol (gitcredentials(7), git-credential(1)): `key=value`
//! lines in, `key=value` lines out.
//!
//! Input is bounded: a line may be at most [`MAX_LINE`] bytes (git's own limit) and the
//! whole request at most [`MAX_REQUEST`] bytes, so a runaway writer cannot make the helper
//! allocate without limit. Error messages name line numbers, never line contents: a
//! request may carry a password.

use std::io::{self, BufRead, Write};

/// Longest accepted line, without its newline (git-credential(1): 65535 bytes).
pub const MAX_LINE: usize = 65_535;
/// Largest accepted request, newlines included: room for one line of the maximum
/// length plus the usual attributes.
pub const MAX_REQUEST: usize = 128 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    #[error("could not read the request from git: {0}")]
    Io(#[from] io::Error),
    #[error("line {line} of the request has no `=` (expected `key=value`)")]
    MissingEquals { line: usize },
    #[error("line {line} of the request has an empty key")]
    EmptyKey { line: usize },
    #[error("line {line} of the request is longer than {MAX_LINE} bytes")]
    LineTooLong { line: usize },
    #[error("the request is larger than {MAX_REQUEST} bytes")]
    TooLarge,
    #[error("line {line} of the request is not valid UTF-8")]
    NotUtf8 { line: usize },
    #[error("line {line} of the request contains a NUL byte")]
    Nul { line: usize },
}

/// The attributes git sent, in order. Repeated keys are kept; [`Request::get`] returns
/// the last, as git and the AWS CLI do.
#[derive(Default, PartialEq, Eq)]
pub struct Request {
    fields: Vec<(String, String)>,
}

// Values may be secrets (`password`, `credential`); never print them.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.fields.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Request {
    /// The last value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Reads one request: lines up to a blank line or end of input. A final `\r` before the
/// newline is dropped (git sends none, but Windows tools and tests sometimes do).
pub fn read_request(input: &mut dyn BufRead) -> Result<Request, ProtocolError> {
    let mut request = Request::default();
    let mut total = 0usize;
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        let Some(raw) = read_bounded_line(input, &mut total, line_no)? else {
            break;
        };
        let raw = raw.strip_suffix(b"\r").unwrap_or(&raw);
        if raw.is_empty() {
            break;
        }
        if raw.contains(&0) {
            return Err(ProtocolError::Nul { line: line_no });
        }
        let line =
            std::str::from_utf8(raw).map_err(|_| ProtocolError::NotUtf8 { line: line_no })?;
        let Some((key, value)) = line.split_once('=') else {
            return Err(ProtocolError::MissingEquals { line: line_no });
        };
        if key.is_empty() {
            return Err(ProtocolError::EmptyKey { line: line_no });
        }
        request.fields.push((key.to_owned(), value.to_owned()));
    }
    Ok(request)
}

/// One line without its `\n`, or `None` at end of input. Never buffers more than
/// `MAX_LINE + 1` bytes of a line.
fn read_bounded_line(
    input: &mut dyn BufRead,
    total: &mut usize,
    line_no: usize,
) -> Result<Option<Vec<u8>>, ProtocolError> {
    let mut line = Vec::new();
    let mut saw_any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if buf.is_empty() {
            if !saw_any {
                return Ok(None);
            }
            return finish_line(line, line_no).map(Some);
        }
        saw_any = true;
        let (chunk, found_newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        // `\r` before the newline does not count towards the line limit.
        let limit = MAX_LINE + 1;
        if line.len() + chunk.len() > limit {
            return Err(ProtocolError::LineTooLong { line: line_no });
        }
        line.extend_from_slice(chunk);
        let consumed = chunk.len() + usize::from(found_newline);
        *total += consumed;
        input.consume(consumed);
        if *total > MAX_REQUEST {
            return Err(ProtocolError::TooLarge);
        }
        if found_newline {
            return finish_line(line, line_no).map(Some);
        }
    }
}

fn finish_line(line: Vec<u8>, line_no: usize) -> Result<Vec<u8>, ProtocolError> {
    let content_len = line.len() - usize::from(line.last() == Some(&b'\r'));
    if content_len > MAX_LINE {
        return Err(ProtocolError::LineTooLong { line: line_no });
    }
    Ok(line)
}

/// Reads and discards up to [`MAX_REQUEST`] bytes, so that a writer (git, for `store`
/// and `erase`) does not see a closed pipe. Errors are irrelevant here.
pub fn drain(input: &mut dyn BufRead) {
    let mut left = MAX_REQUEST;
    while left > 0 {
        let n = match input.fill_buf() {
            Ok([]) | Err(_) => return,
            Ok(buf) => buf.len().min(left),
        };
        input.consume(n);
        left -= n;
    }
}

/// The answer to `get`: user name, password and (git ≥ 2.40) the password's expiry.
pub struct Answer {
    pub username: String,
    pub password: String,
    pub password_expiry_utc: i64,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("username", &"****")
            .field("password", &"****")
            .field("password_expiry_utc", &self.password_expiry_utc)
            .finish()
    }
}

/// Writes the answer in one `write_all`, lines ending in `\n` only.
pub fn write_answer(out: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    let text = format!(
        "username={}\npassword={}\npassword_expiry_utc={}\n",
        answer.username, answer.password, answer.password_expiry_utc
    );
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// A message for the user on stderr, `cc-lint credential-helper: <message>`, with a hint
/// line under it when there is one. Write errors are ignored: git shows stderr, if anyone.
pub fn write_message(err: &mut dyn Write, message: &str, hint: Option<&str>) {
    let mut text = format!("cc-lint credential-helper: {message}\n");
    if let Some(hint) = hint {
        text.push_str(&format!("  hint: {hint}\n"));
    }
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Tells git to stop: no prompt, no further helper.
pub fn write_quit(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"quit=1\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &[u8]) -> Result<Request, ProtocolError> {
        read_request(&mut &input[..])
    }

    #[test]
    fn reads_key_values_until_blank_line() {
        let r = parse(b"protocol=https\nhost=h\npath=v1/repos/x\n\nhost=after-blank\n").unwrap();
        assert_eq!(r.get("protocol"), Some("https"));
        assert_eq!(r.get("host"), Some("h"));
        assert_eq!(r.get("path"), Some("v1/repos/x"));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn reads_until_eof_without_final_newline() {
        let r = parse(b"protocol=https\nhost=h").unwrap();
        assert_eq!(r.get("host"), Some("h"));
        assert!(parse(b"").unwrap().is_empty());
    }

    #[test]
    fn unknown_keys_are_kept_but_harmless_and_last_value_wins() {
        let r = parse(
            b"capability[]=authtype\nwwwauth[]=Basic realm=\"x\"\nhost=a\nhost=b\nstate[]=x=y\n",
        )
        .unwrap();
        assert_eq!(r.get("host"), Some("b"));
        assert_eq!(r.get("wwwauth[]"), Some("Basic realm=\"x\""));
        // Only the first `=` splits.
        assert_eq!(r.get("state[]"), Some("x=y"));
    }

    #[test]
    fn crlf_is_tolerated() {
        let r = parse(b"protocol=https\r\nhost=h\r\n\r\nhost=no\r\n").unwrap();
        assert_eq!(r.get("protocol"), Some("https"));
        assert_eq!(r.get("host"), Some("h"));
    }

    #[test]
    fn empty_value_is_allowed() {
        let r = parse(b"path=\n").unwrap();
        assert_eq!(r.get("path"), Some(""));
    }

    #[test]
    fn line_without_equals_is_an_error_that_hides_the_line() {
        let err = parse(b"protocol=https\nhunter2\n").unwrap_err();
        assert!(matches!(err, ProtocolError::MissingEquals { line: 2 }));
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn empty_key_nul_and_bad_utf8_are_errors() {
        assert!(matches!(
            parse(b"=x\n"),
            Err(ProtocolError::EmptyKey { line: 1 })
        ));
        assert!(matches!(
            parse(b"a=\0\n"),
            Err(ProtocolError::Nul { line: 1 })
        ));
        assert!(matches!(
            parse(b"a=\xff\n"),
            Err(ProtocolError::NotUtf8 { line: 1 })
        ));
    }

    #[test]
    fn line_limit_is_65535_bytes() {
        let mut ok = b"k=".to_vec();
        ok.resize(MAX_LINE, b'v');
        ok.push(b'\n');
        assert_eq!(
            parse(&ok).unwrap().get("k").map(str::len),
            Some(MAX_LINE - 2)
        );

        let mut long = b"k=".to_vec();
        long.resize(MAX_LINE + 1, b'v');
        long.push(b'\n');
        assert!(matches!(
            parse(&long),
            Err(ProtocolError::LineTooLong { line: 1 })
        ));

        // Without a newline at all, too.
        let mut long = b"k=".to_vec();
        long.resize(MAX_LINE + 10, b'v');
        assert!(matches!(
            parse(&long),
            Err(ProtocolError::LineTooLong { line: 1 })
        ));
    }

    #[test]
    fn request_limit_is_128_kib() {
        let line = format!("k={}\n", "v".repeat(1000));
        let big = line.repeat(140);
        assert!(matches!(
            parse(big.as_bytes()),
            Err(ProtocolError::TooLarge)
        ));
        // Data after the blank line does not count: reading stops there.
        let ok = format!("host=h\n\n{big}");
        assert_eq!(parse(ok.as_bytes()).unwrap().get("host"), Some("h"));
    }

    #[test]
    fn one_byte_reader_gives_the_same_result() {
        struct OneByte<'a>(&'a [u8]);
        impl io::Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let input = b"protocol=https\r\nhost=h\npath=v1/repos/r\n\n";
        let mut reader = io::BufReader::with_capacity(1, OneByte(input));
        let r = read_request(&mut reader).unwrap();
        assert_eq!(r.get("path"), Some("v1/repos/r"));
        assert_eq!(r.get("protocol"), Some("https"));
    }

    #[test]
    fn drain_reads_at_most_the_limit() {
        let data = vec![b'x'; MAX_REQUEST * 2];
        let mut slice = &data[..];
        drain(&mut slice);
        assert_eq!(slice.len(), MAX_REQUEST);
    }

    #[test]
    fn answer_is_three_lf_lines_in_order() {
        let mut out = Vec::new();
        write_answer(
            &mut out,
            &Answer {
                username: "AKID%tok".into(),
                password: "20200101T000000Zabc".into(),
                password_expiry_utc: 42,
            },
        )
        .unwrap();
        assert_eq!(
            out,
            b"username=AKID%tok\npassword=20200101T000000Zabc\npassword_expiry_utc=42\n"
        );
        let debug = format!(
            "{:?}",
            Answer {
                username: "AKID".into(),
                password: "pw".into(),
                password_expiry_utc: 1
            }
        );
        assert!(!debug.contains("AKID") && !debug.contains("pw\""));
    }

    #[test]
    fn request_debug_hides_values() {
        let r = parse(b"password=hunter2\n").unwrap();
        assert!(!format!("{r:?}").contains("hunter2"));
    }
}
