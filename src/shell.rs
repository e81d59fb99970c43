//! The POSIX `sh` word splitting git's `sh -c` applies to a `!` helper, and quoting for writing
//! one. Only what helper lines use: quotes, backslashes, whitespace; `$@` is empty because git
//! passes no arguments after the command string.

/// One word as `sh` sees it, with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Whether any part of the word was quoted or escaped.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    UnterminatedQuote(usize),
}

/// Splits `command` into words. `$@` alone expands to nothing, as git runs it.
pub fn split(command: &str) -> Result<Vec<Word>, SplitError> {
    let bytes = command.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut text = Vec::new();
        let mut quoted = false;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n') {
            match bytes[i] {
                b'\'' => {
                    quoted = true;
                    let close = command[i + 1..]
                        .find('\'')
                        .ok_or(SplitError::UnterminatedQuote(i))?;
                    text.extend_from_slice(&bytes[i + 1..i + 1 + close]);
                    i += close + 2;
                }
                b'"' => {
                    quoted = true;
                    let open = i;
                    i += 1;
                    loop {
                        match bytes.get(i) {
                            None => return Err(SplitError::UnterminatedQuote(open)),
                            Some(b'"') => {
                                i += 1;
                                break;
                            }
                            Some(b'\\')
                                if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`')) =>
                            {
                                text.push(bytes[i + 1]);
                                i += 2;
                            }
                            Some(&c) => {
                                text.push(c);
                                i += 1;
                            }
                        }
                    }
                }
                b'\\' => {
                    quoted = true;
                    if let Some(&c) = bytes.get(i + 1) {
                        text.push(c);
                    }
                    i += 2;
                }
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        let end = i.min(bytes.len());
        let text = String::from_utf8_lossy(&text).into_owned();
        if !quoted && text == "$@" {
            continue;
        }
        words.push(Word {
            text,
            start,
            end,
            quoted,
        });
    }
    Ok(words)
}

/// Quotes `word` for `sh` (single quotes unless it needs none).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        split(s).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn splits_like_sh() {
        assert_eq!(
            words("aws --profile My Profile codecommit credential-helper $@"),
            [
                "aws",
                "--profile",
                "My",
                "Profile",
                "codecommit",
                "credential-helper"
            ]
        );
        assert_eq!(
            words("aws --profile 'My Profile' x"),
            ["aws", "--profile", "My Profile", "x"]
        );
        assert_eq!(
            words("aws --profile \"My Profile\" x"),
            ["aws", "--profile", "My Profile", "x"]
        );
        assert_eq!(
            words(r"aws --profile My\ Profile"),
            ["aws", "--profile", "My Profile"]
        );
        assert_eq!(
            words("'/c/Program Files/cc-lint' credential-helper"),
            ["/c/Program Files/cc-lint", "credential-helper"]
        );
        assert!(split("aws 'x").is_err());
    }

    #[test]
    fn quote_round_trips_through_split() {
        for w in ["plain", "My Profile", "it's", "C:/Program Files/x", ""] {
            assert_eq!(words(&quote(w)), [w]);
        }
    }

    /// Real `sh` agrees with the splitter.
    #[test]
    fn agrees_with_real_sh() {
        let cases = [
            "aws --profile My Profile codecommit credential-helper $@",
            "aws --profile 'My Profile' codecommit credential-helper $@",
            "aws --profile \"My Profile\" x",
            r"aws --profile My\ Profile",
            "'/c/Program Files/cc-lint' credential-helper --profile 'a'\\''b'",
        ];
        for case in cases {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("for a in {case}; do printf '%s\\n' \"$a\"; done"))
                .output()
                .expect("sh runs");
            let sh: Vec<String> = String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect();
            assert_eq!(words(case), sh, "{case}");
        }
    }
}
