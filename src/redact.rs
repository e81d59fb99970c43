//! Secrets never leave cc-lint: secret keys, session tokens, passwords in URLs and stored
//! credentials are masked in every rendering. Source text is masked with `*` of the same
//! length so spans still line up; messages use `****`.

use std::borrow::Cow;

const SECRET_KEYS: [&str; 4] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "x_security_token",
];

/// Masks, keeping byte length: values of secret keys in AWS-style `key = value` lines (and
/// their continuation lines), the password part of `scheme://user:password@host` URLs, and
/// the session token in a CodeCommit user name (`ASIA…%<token>`, `%25` in a URL).
pub fn mask_source(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !SECRET_KEYS.iter().any(|k| lower.contains(k))
        && !text.contains("://")
        && !text.contains('%')
    {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let mut line_start = 0;
    let mut in_secret = false;
    for line in text.split_inclusive('\n') {
        let continuation = line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if in_secret && continuation {
            let content = line.trim_end_matches(['\n', '\r']);
            let lead = content.len() - content.trim_start().len();
            mask_range(
                &mut out,
                line_start + lead,
                line_start + content.trim_end().len(),
            );
        } else {
            in_secret = mask_key_value(line, line_start, &mut out);
        }
        mask_url_passwords(line, line_start, &mut out);
        mask_session_tokens(line, line_start, &mut out);
        line_start += line.len();
    }
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// Masks for messages: secrets become `****`.
pub fn mask_message(text: &str) -> Cow<'_, str> {
    let masked = mask_source(text);
    if !masked.contains('*') {
        return masked;
    }
    // Collapse runs of mask characters produced above into `****`.
    let mut out = String::with_capacity(masked.len());
    let mut in_run = false;
    let original: Vec<char> = text.chars().collect();
    for (i, c) in masked.chars().enumerate() {
        let masked_here = c == '*' && original.get(i) != Some(&'*');
        if masked_here {
            if !in_run {
                out.push_str("****");
            }
            in_run = true;
        } else {
            in_run = false;
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Masks a secret key's value; true when the line was a secret key (its continuation lines
/// are secret too).
fn mask_key_value(line: &str, base: usize, out: &mut [u8]) -> bool {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let lower = trimmed.to_ascii_lowercase();
    let Some(key) = SECRET_KEYS.iter().find(|k| lower.starts_with(**k)) else {
        return false;
    };
    let after = &trimmed[key.len()..];
    let Some(sep) = after.find(['=', ':']) else {
        return false;
    };
    if !after[..sep].trim().is_empty() {
        return false;
    }
    let value_start = indent + key.len() + sep + 1;
    let value = line[value_start..].trim_end_matches(['\n', '\r']);
    let lead = value.len() - value.trim_start().len();
    let end = value_start + value.trim_end().len();
    mask_range(out, base + value_start + lead, base + end);
    true
}

fn mask_url_passwords(line: &str, base: usize, out: &mut [u8]) {
    let mut search = 0;
    while let Some(pos) = line[search..].find("://") {
        let auth_start = search + pos + 3;
        let rest = &line[auth_start..];
        let auth_end = rest
            .find(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let authority = &rest[..auth_end];
        if let Some(at) = authority.rfind('@')
            && let Some(colon) = authority[..at].find(':')
        {
            mask_range(out, base + auth_start + colon + 1, base + auth_start + at);
        }
        search = auth_start + auth_end;
    }
}

/// `AKIA…%token` / `ASIA…%25token`: a key id followed by `%` is a CodeCommit user name, and
/// what follows the `%` is the session token.
fn mask_session_tokens(line: &str, base: usize, out: &mut [u8]) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(pos) = line[i..].find('%') {
        let at = i + pos;
        let id_start = line[..at]
            .rfind(|c: char| !c.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        let id = &line[id_start..at];
        let key_id = id.len() >= 5
            && ["AKIA", "ASIA", "AIDA", "AROA"]
                .iter()
                .any(|p| id.starts_with(p))
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        let token_start = if line[at..].starts_with("%25") {
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
            mask_range(out, base + token_start, base + end);
            i = end.max(at + 1);
        } else {
            i = at + 1;
        }
    }
}

fn mask_range(out: &mut [u8], start: usize, end: usize) {
    // Replace whole characters only, so the result stays UTF-8 with the same byte length.
    for b in &mut out[start..end] {
        *b = b'*';
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
}
