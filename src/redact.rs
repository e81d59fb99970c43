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

/// Masks, keeping byte length: values of secret keys in AWS-style `key = value` lines, and the
/// password part of `scheme://user:password@host` URLs.
pub fn mask_source(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !SECRET_KEYS.iter().any(|k| lower.contains(k)) && !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        mask_key_value(line, line_start, &mut out);
        mask_url_passwords(line, line_start, &mut out);
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

fn mask_key_value(line: &str, base: usize, out: &mut [u8]) {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let lower = trimmed.to_ascii_lowercase();
    let Some(key) = SECRET_KEYS.iter().find(|k| lower.starts_with(**k)) else {
        return;
    };
    let after = &trimmed[key.len()..];
    let Some(sep) = after.find(['=', ':']) else {
        return;
    };
    if !after[..sep].trim().is_empty() {
        return;
    }
    let value_start = indent + key.len() + sep + 1;
    let value = line[value_start..].trim_end_matches(['\n', '\r']);
    let lead = value.len() - value.trim_start().len();
    let end = value_start + value.trim_end().len();
    mask_range(out, base + value_start + lead, base + end);
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
