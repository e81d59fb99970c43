//! Secrets never leave cc-lint: secret keys, session tokens, passwords in URLs, tokens used as
//! URL user names, `Authorization` headers, passwords in inline helpers and stored
//! credentials are masked in every rendering. Source text is masked with `*` of the same
//! length so spans still line up; messages use `****`.
//!
//! Every function here takes any text and never panics: positions are snapped to character
//! boundaries, and a line ending is never masked.

use std::borrow::Cow;
use std::ops::Range;

/// Keys whose value is a secret (`key = value`, AWS or git style).
const SECRET_KEYS: [&str; 8] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "x_security_token",
    "password",
    "smtppass",
    "oauth_refresh_token",
    "client_secret",
];

/// HTTP headers whose value is a credential (`http.extraHeader = Authorization: Bearer …`).
/// For the first two the scheme word (`Bearer`, `Basic`) stays visible.
const SECRET_HEADERS: [&str; 7] = [
    "authorization:",
    "proxy-authorization:",
    "private-token:",
    "job-token:",
    "x-api-key:",
    "x-auth-token:",
    "cookie:",
];

/// Prefixes of well-known access tokens, masked wherever a URL user name starts with one.
const TOKEN_PREFIXES: [&str; 9] = [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
];

/// Masks, keeping byte length: see the module documentation for what counts as a secret.
pub fn mask_source(text: &str) -> Cow<'_, str> {
    replace_secrets(text, |secret, out| {
        for c in secret.chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            }
        }
    })
}

/// Masks for messages: each secret becomes `****`.
pub fn mask_message(text: &str) -> Cow<'_, str> {
    replace_secrets(text, |secret, out| {
        out.push_str("****");
        // a secret spanning lines keeps its line breaks
        out.extend(secret.chars().filter(|c| *c == '\n'));
    })
}

/// `text` with each secret range written by `replace` instead.
fn replace_secrets(text: &str, replace: impl Fn(&str, &mut String)) -> Cow<'_, str> {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in ranges {
        out.push_str(&text[last..r.start]);
        replace(&text[r.clone()], &mut out);
        last = r.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// The byte ranges of `text` that hold secrets: sorted, disjoint, on character boundaries.
pub fn secret_ranges(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let interesting = SECRET_KEYS.iter().any(|k| lower.contains(k))
        || SECRET_HEADERS.iter().any(|k| lower.contains(k))
        || TOKEN_PREFIXES.iter().any(|k| lower.contains(k))
        || text.contains("://")
        || text.contains('%');
    if !interesting {
        return Vec::new();
    }
    // Git joins a line ending in a backslash with the next: look at the joined text, and map
    // what it finds back to the bytes of `text`.
    let (view, map) = join_continuations(text);
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut line_start = 0;
    let mut in_secret = false;
    for line in view.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut here: Vec<Range<usize>> = Vec::new();
        let continuation = content.starts_with([' ', '\t']) && !content.trim().is_empty();
        if in_secret && continuation {
            let lead = content.len() - content.trim_start().len();
            here.push(lead..content.trim_end().len());
        } else {
            in_secret = key_value(content, &mut here);
        }
        url_credentials(content, &mut here);
        session_tokens(content, &mut here);
        headers(content, &mut here);
        prefixed_tokens(content, &mut here);
        inline_passwords(content, &mut here);
        for r in here {
            let (s, e) = (line_start + r.start, line_start + r.end.min(content.len()));
            if s < e {
                found.extend(map_back(&map, s..e));
            }
        }
        line_start += line.len();
    }
    normalize(text, found)
}

/// `text` without backslash-newline pairs, and for each byte of the result its offset in
/// `text`.
fn join_continuations(text: &str) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut view = Vec::with_capacity(bytes.len());
    let mut map = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let skip = match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(b'\n'), _) => 2,
                (Some(b'\r'), Some(b'\n')) => 3,
                _ => 0,
            };
            if skip > 0 {
                i += skip;
                continue;
            }
        }
        view.push(bytes[i]);
        map.push(i);
        i += 1;
    }
    // Only ASCII bytes were removed, so the rest is still UTF-8.
    let view = String::from_utf8(view)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if view.len() != map.len() {
        // cannot happen (see above); fall back to no joining rather than wrong offsets
        return (text.to_owned(), (0..text.len()).collect());
    }
    (view, map)
}

/// A range of the joined view as contiguous ranges of the original text.
fn map_back(map: &[usize], r: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &o in &map[r.start.min(map.len())..r.end.min(map.len())] {
        match out.last_mut() {
            Some(last) if last.end == o => last.end = o + 1,
            _ => out.push(o..o + 1),
        }
    }
    out
}

/// Sorts and merges ranges, widened to character boundaries.
fn normalize(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    for r in &mut ranges {
        r.start = text.floor_char_boundary(r.start.min(text.len()));
        r.end = text.ceil_char_boundary(r.end.min(text.len()));
    }
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `secret_key = value`: the value; true when the line was a secret key (its continuation
/// lines are secret too).
fn key_value(line: &str, out: &mut Vec<Range<usize>>) -> bool {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let lower = trimmed.to_ascii_lowercase();
    let Some(key) = SECRET_KEYS.iter().find(|k| lower.starts_with(**k)) else {
        return false;
    };
    let after = &lower[key.len()..];
    let Some(sep) = after.find(['=', ':']) else {
        return false;
    };
    if !after[..sep].trim().is_empty() {
        return false;
    }
    let value_start = indent + key.len() + sep + 1;
    let value = &line[value_start..];
    let lead = value.len() - value.trim_start().len();
    let end = value_start + value.trim_end().len();
    if value_start + lead < end {
        out.push(value_start + lead..end);
    }
    true
}

/// `scheme://user:password@host`: the password (which may hold spaces); a user name that is
/// an access token (`https://ghp_…@github.com`): the user name.
fn url_credentials(line: &str, out: &mut Vec<Range<usize>>) {
    let mut search = 0;
    while let Some(pos) = line[search..].find("://") {
        let auth_start = search + pos + 3;
        let rest = &line[auth_start..];
        let auth_end = rest
            .find(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let authority = &rest[..auth_end];
        let mut next = auth_start + auth_end;
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => out.push(auth_start + colon + 1..auth_start + at),
                None if token_like(userinfo) => out.push(auth_start..auth_start + at),
                None => {}
            }
        } else if let Some(colon) = authority.find(':')
            && !authority[..colon].is_empty()
        {
            // `user:pass word@host`: a password with a space ends at the `@` before any `/`.
            let tail = &rest[colon + 1..];
            let stop = tail.find(['/', '"', '\'']).unwrap_or(tail.len());
            if let Some(at) = tail[..stop].find('@')
                && !tail[..at].contains("://")
            {
                out.push(auth_start + colon + 1..auth_start + colon + 1 + at);
                next = auth_start + colon + 1 + at + 1;
            }
        }
        search = next.max(auth_start);
    }
}

/// A URL user name that is a credential: a known token prefix, or long and mixing letters
/// and digits (a CodeCommit Git credentials user name, `name-at-123456789012`, is not).
fn token_like(user: &str) -> bool {
    let lower = user.to_ascii_lowercase();
    if TOKEN_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if user.contains('%') || lower.contains("-at-") || user.contains('.') {
        return false;
    }
    // an AWS access key id names a key, it is no secret (the secret key is)
    let key_id = ["AKIA", "ASIA", "AIDA", "AROA"]
        .iter()
        .any(|p| user.starts_with(p))
        && user
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if key_id {
        return false;
    }
    user.len() >= 20
        && user.bytes().any(|b| b.is_ascii_digit())
        && user.bytes().any(|b| b.is_ascii_alphabetic())
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// `AKIA…%token` / `ASIA…%25token`: a key id followed by `%` is a CodeCommit user name, and
/// what follows the `%` is the session token.
fn session_tokens(line: &str, out: &mut Vec<Range<usize>>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(pos) = line[i..].find('%') {
        let at = i + pos;
        // the key id: the ASCII alphanumerics right before `%`
        let id_start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        let id = &bytes[id_start..at];
        let key_id = id.len() >= 5
            && [b"AKIA", b"ASIA", b"AIDA", b"AROA"]
                .iter()
                .any(|p| id.starts_with(*p))
            && id
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        let token_start = if bytes[at..].starts_with(b"%25") {
            at + 3
        } else {
            at + 1
        };
        if key_id {
            let end = bytes[token_start..]
                .iter()
                .position(|&b| {
                    matches!(b, b':' | b'@' | b'`' | b'\'' | b'"' | b'/' | b'\n' | b'\r')
                        || b.is_ascii_whitespace()
                })
                .map_or(line.len(), |p| token_start + p);
            out.push(token_start..end);
            i = end.max(at + 1);
        } else {
            i = at + 1;
        }
    }
}

/// Access tokens recognisable by their prefix (`ghp_…`, `glpat-…`), wherever they stand: a
/// message may quote one (`the user name `ghp_…``).
fn prefixed_tokens(line: &str, out: &mut Vec<Range<usize>>) {
    let lower = line.to_ascii_lowercase();
    for prefix in TOKEN_PREFIXES {
        let mut search = 0;
        while let Some(pos) = lower[search..].find(prefix) {
            let start = search + pos;
            let end = start
                + line[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(line.len() - start);
            search = end.max(start + 1);
            let word_start = start == 0
                || !(lower.as_bytes()[start - 1].is_ascii_alphanumeric()
                    || lower.as_bytes()[start - 1] == b'_');
            // a token has a body: `ghp_` alone, or a short word, is no secret
            if word_start && end - start >= prefix.len() + 8 {
                out.push(start..end);
            }
        }
    }
}

/// `Authorization: Bearer <token>` and other credential headers, anywhere in a line.
fn headers(line: &str, out: &mut Vec<Range<usize>>) {
    let lower = line.to_ascii_lowercase();
    for name in SECRET_HEADERS {
        let mut search = 0;
        while let Some(pos) = lower[search..].find(name) {
            let start = search + pos;
            search = start + name.len();
            // a header name stands alone: not `x-authorization:`
            if start > 0
                && (lower.as_bytes()[start - 1].is_ascii_alphanumeric()
                    || lower.as_bytes()[start - 1] == b'-')
            {
                continue;
            }
            let mut value_start = search;
            let rest = &line[value_start..];
            value_start += rest.len() - rest.trim_start().len();
            if name.ends_with("authorization:") {
                // keep the scheme word when a credential follows it
                let rest = &line[value_start..];
                if let Some(sp) = rest.find([' ', '\t']) {
                    let after = rest[sp..].trim_start();
                    if !after.is_empty() {
                        value_start += rest.len() - after.len();
                    }
                }
            }
            let rest = &line[value_start..];
            let end = value_start + rest.find(['"', '\'']).unwrap_or(rest.len());
            let end = value_start + line[value_start..end].trim_end().len();
            if value_start < end {
                out.push(value_start..end);
            }
        }
    }
}

/// `password=…` inside a value (an inline helper `!f() { echo password=…; }; f`).
fn inline_passwords(line: &str, out: &mut Vec<Range<usize>>) {
    let lower = line.to_ascii_lowercase();
    let mut search = 0;
    while let Some(pos) = lower[search..].find("password=") {
        let start = search + pos + "password=".len();
        search = start;
        let end = line[start..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ';' | '"' | '\'' | '}' | '`' | '&' | '|' | ')')
            })
            .map_or(line.len(), |p| start + p);
        if start < end {
            out.push(start..end);
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_and_url_passwords_keeping_length() {
        let text = "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalr/XUtnFEMI+K7MDENG\r\n  Aws_Session_Token=FQoGZXIvYXdzE\nurl = https://alice:s3cr3t@host/x\n";
        let masked = mask_source(text);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("wJalr"));
        assert!(!masked.contains("FQoGZ"));
        assert!(!masked.contains("s3cr3t"));
        assert!(masked.contains("AKIDEXAMPLE"));
        assert!(masked.contains("https://alice:******@host/x"));
        assert!(masked.contains("\r\n"));
    }

    #[test]
    fn session_tokens_in_user_names_and_continued_secrets() {
        let text = "url = https://ASIAXEXAMPLEEXAMPL%25SESSIONTOKEN:pw@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\nuser ASIAXEXAMPLEEXAMPL%TOKEN2 ok\n[default]\naws_session_token = T1\n  continued TOKENCONT\nregion = x\n";
        let masked = mask_source(text);
        for secret in ["SESSIONTOKEN", "TOKEN2", "TOKENCONT", "T1"] {
            assert!(!masked.contains(secret), "{secret}: {masked}");
        }
        assert!(masked.contains("ASIAXEXAMPLEEXAMPL%25") && masked.contains("region = x"));
        assert_eq!(masked.len(), text.len());
    }

    #[test]
    fn messages_use_four_stars() {
        assert_eq!(
            mask_message(
                "remote https://bob:hunter2@git-codecommit.us-east-1.amazonaws.com/v1/repos/x"
            ),
            "remote https://bob:****@git-codecommit.us-east-1.amazonaws.com/v1/repos/x"
        );
        assert_eq!(mask_message("nothing here"), "nothing here");
    }

    /// Issue 11: multi-byte characters next to `%`, whitespace-only secrets, and random
    /// text never panic, and masking keeps the byte length.
    #[test]
    fn any_text_is_masked_without_panic() {
        for text in [
            "url = https://git-codecommit.us-east-1.amazonaws.com/v1/repos/café%20x\n",
            "# 成功率100%\n",
            "[remote \"café%\"]\n",
            "aws_secret_access_key =   \n",
            "aws_secret_access_key =\u{3000}\n",
            "é%25é%é",
            "AKIAXXXXé%token",
            "https://é:é@é",
            "https://x:\\\n",
            "\\",
            "Authorization:",
            "password=",
        ] {
            let masked = mask_source(text);
            assert_eq!(masked.len(), text.len(), "{text:?}");
            let _ = mask_message(text);
        }
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let pieces = [
            "é",
            "成",
            "%",
            "%25",
            "://",
            "@",
            ":",
            "\\\n",
            "\n",
            " ",
            "\t",
            "AKIAABCDE",
            "=",
            "aws_secret_access_key",
            "Authorization: Bearer ",
            "password=",
            "\u{301}",
            "\r\n",
            "\u{1F600}",
            "ghp_",
            "'",
            "\"",
        ];
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[usize::try_from(state % pieces.len() as u64).unwrap()]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let masked = mask_source(&text);
            assert_eq!(masked.len(), text.len(), "{text:?}");
            assert_eq!(masked.matches('\n').count(), text.matches('\n').count());
            let _ = mask_message(&text);
        }
    }

    #[test]
    fn masks_tokens_headers_inline_helpers_and_continued_values() {
        let cases = [
            (
                "url = https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r\n",
                "ghp_abc",
            ),
            (
                "\textraHeader = Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.SECRET\n",
                "eyJhbG",
            ),
            (
                "\textraheader = \"AUTHORIZATION: basic dXNlcjpTRUNSRVQ=\"\n",
                "dXNlcj",
            ),
            (
                "\textraHeader = PRIVATE-TOKEN: glpat-SECRETSECRET\n",
                "glpat-",
            ),
            (
                "\thelper = \"!f() { echo username=u; echo password=HUNTER2; }; f\"\n",
                "HUNTER2",
            ),
            ("\turl = https://bob:my secret pw@host/x\n", "secret pw"),
            ("\turl = https://bob:sec\\\nret@host/x\n", "ret@"),
            (
                "\textraHeader = Authorization: Bearer \\\n  CONTINUEDTOKEN\n",
                "CONTINUEDTOKEN",
            ),
            (
                "[default]\naws_secret_access_key =\n  SPLITSECRET\n",
                "SPLITSECRET",
            ),
        ];
        for (text, secret) in cases {
            let masked = mask_source(text);
            assert_eq!(masked.len(), text.len(), "{text:?}");
            let shown = masked.replace("\\\n", "");
            assert!(!shown.contains(secret), "{secret} in {masked:?}");
            assert!(!mask_message(text).contains(secret), "{text:?}");
        }
        assert_eq!(
            mask_message("remote `gh` has the user name `ghp_abcdefghijklmnop1234` in its URL"),
            "remote `gh` has the user name `****` in its URL"
        );
        // user names that are not tokens, and header names, stay readable
        let text = "url = https://mary-at-123456789012@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\nAuthorization: Bearer T\n";
        let masked = mask_source(text);
        assert!(masked.contains("mary-at-123456789012@"), "{masked}");
        assert!(masked.contains("Authorization: Bearer *"), "{masked}");
        assert!(mask_source("https://alice@example.com/x").contains("alice"));
        assert!(
            mask_source(
                "https://AKIAIOSFODNN7EXAMPLE@git-codecommit.us-east-1.amazonaws.com/v1/repos/x"
            )
            .contains("AKIAIOSFODNN7EXAMPLE@")
        );
    }
}
