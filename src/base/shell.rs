//! The POSIX `sh` word splitting git's `sh -c` applies to a `!` helper, and quoting for writing
//! one. Only what helper lines use: quotes, backslashes, whitespace, `$NAME` / `${NAME}`
//! parameters; `$@` is empty because git passes no arguments after the command string.

/// One word as `sh` sees it, with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Whether any part of the word was quoted or escaped.
    pub quoted: bool,
    /// The parameters expanded into this word (`$X`, `${X}`), with whether each was set.
    pub expansions: Vec<Expansion>,
}

/// A `$NAME` or `${NAME}` the shell expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub name: String,
    /// `None` when the variable is unset (it expands to nothing).
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    UnterminatedQuote(usize),
}

/// What a command's `$NAME` parameters expand to (`None`: unset).
pub type Vars<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Splits `command` into words, leaving `$NAME` as written (variables unknown). `$@` alone
/// expands to nothing, as git runs it.
pub fn split(command: &str) -> Result<Vec<Word>, SplitError> {
    split_with(command, None)
}

/// Splits `command` as `sh` does with the variables `vars` gives: `$NAME` and `${NAME}`
/// expand (unset → nothing), and unquoted expansions are split on blanks; a word that was
/// only an unquoted empty expansion disappears. `$@` and `$1`… are empty (git passes no
/// arguments). With `vars` `None`, parameters are kept literally.
pub fn split_with(command: &str, vars: Option<Vars>) -> Result<Vec<Word>, SplitError> {
    let bytes = command.as_bytes();
    let mut words = Vec::new();
    let mut cur = Pending::default();
    let mut i = 0;
    while i < bytes.len() {
        i = match bytes[i] {
            b' ' | b'\t' | b'\n' => {
                cur.finish(&mut words, i);
                i + 1
            }
            b'\'' => single_quoted(command, i, &mut cur)?,
            b'"' => double_quoted(command, i, vars, &mut cur)?,
            b'\\' => {
                cur.begin(i);
                cur.quoted = true;
                if let Some(&c) = bytes.get(i + 1) {
                    cur.text.push(c);
                }
                (i + 2).min(bytes.len())
            }
            b'$' if vars.is_some() || command[i..].starts_with("$@") => {
                unquoted_parameter(command, i, vars, &mut cur, &mut words)
            }
            c => {
                cur.begin(i);
                cur.text.push(c);
                i + 1
            }
        };
    }
    cur.finish(&mut words, bytes.len());
    if let Some(last) = words.last_mut() {
        last.expansions.append(&mut cur.vanished);
    }
    Ok(words)
}

/// `'…'` at `i`: everything up to the next `'` as it is. Returns where the word goes on.
fn single_quoted(command: &str, i: usize, cur: &mut Pending) -> Result<usize, SplitError> {
    cur.begin(i);
    cur.quoted = true;
    let close = command[i + 1..]
        .find('\'')
        .ok_or(SplitError::UnterminatedQuote(i))?;
    cur.text
        .extend_from_slice(&command.as_bytes()[i + 1..i + 1 + close]);
    Ok(i + close + 2)
}

/// `"…"` at `open`: `\` escapes only `"`, `\\`, `$` and `` ` ``; parameters expand without
/// field splitting. Returns where the word goes on.
fn double_quoted(
    command: &str,
    open: usize,
    vars: Option<Vars>,
    cur: &mut Pending,
) -> Result<usize, SplitError> {
    let bytes = command.as_bytes();
    cur.begin(open);
    cur.quoted = true;
    let mut i = open + 1;
    loop {
        match bytes.get(i) {
            None => return Err(SplitError::UnterminatedQuote(open)),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`')) => {
                cur.text.push(bytes[i + 1]);
                i += 2;
            }
            Some(b'$') if vars.is_some() => {
                let (len, exp) = parameter(command, i, vars);
                match exp {
                    Some(exp) => {
                        cur.text
                            .extend_from_slice(exp.value.as_deref().unwrap_or("").as_bytes());
                        cur.expansions.push(exp);
                    }
                    None => cur.text.extend_from_slice(&bytes[i..i + len]),
                }
                i += len;
            }
            Some(&c) => {
                cur.text.push(c);
                i += 1;
            }
        }
    }
}

/// An unquoted `$…` at `i`: expanded, then split into fields at blanks. Returns where the
/// command goes on.
fn unquoted_parameter(
    command: &str,
    i: usize,
    vars: Option<Vars>,
    cur: &mut Pending,
    words: &mut Vec<Word>,
) -> usize {
    let (len, exp) = parameter(command, i, vars);
    cur.begin(i);
    match exp {
        Some(exp) => {
            for &c in exp.value.as_deref().unwrap_or("").as_bytes() {
                if matches!(c, b' ' | b'\t' | b'\n') {
                    cur.split_here(words, i);
                } else {
                    cur.begin(i);
                    cur.text.push(c);
                }
            }
            cur.expansions.push(exp);
        }
        None => cur.text.extend_from_slice(&command.as_bytes()[i..i + len]),
    }
    i + len
}

/// The word being built.
#[derive(Default)]
struct Pending {
    start: Option<usize>,
    text: Vec<u8>,
    quoted: bool,
    expansions: Vec<Expansion>,
    /// Expansions of words that vanished, waiting for the next word.
    vanished: Vec<Expansion>,
}

impl Pending {
    fn begin(&mut self, at: usize) {
        self.start.get_or_insert(at);
    }

    /// Ends the word at a blank in the source.
    fn finish(&mut self, words: &mut Vec<Word>, end: usize) {
        let Some(start) = self.start.take() else {
            return;
        };
        let vanished = std::mem::take(&mut self.vanished);
        let pending = std::mem::take(self);
        self.vanished = vanished;
        // An unquoted expansion that produced nothing leaves no word; what it expanded is
        // recorded on the next word (or the last one), so callers still see it.
        if !pending.text.is_empty() || pending.quoted {
            let mut expansions = std::mem::take(&mut self.vanished);
            expansions.extend(pending.expansions);
            words.push(Word {
                text: String::from_utf8_lossy(&pending.text).into_owned(),
                start,
                end,
                quoted: pending.quoted,
                expansions,
            });
        } else {
            self.vanished.extend(pending.expansions);
        }
    }

    /// Ends the word inside an expansion's value (field splitting); the next word starts at
    /// the same place in the source.
    fn split_here(&mut self, words: &mut Vec<Word>, at: usize) {
        if self.start.is_none() || (self.text.is_empty() && !self.quoted) {
            return;
        }
        let expansions = self.expansions.clone();
        self.finish(words, at);
        if let Some(w) = words.last_mut() {
            w.expansions = expansions;
        }
    }
}

/// The parameter at `command[i]` (a `$`): its length in the source and what it expands to;
/// `None` for text that is not a parameter (kept literally), and for every parameter when
/// `vars` is `None` (except `$@`, which is always empty).
fn parameter(command: &str, i: usize, vars: Option<Vars>) -> (usize, Option<Expansion>) {
    let rest = &command[i + 1..];
    let special = |name: &str| Expansion {
        name: name.to_owned(),
        value: Some(String::new()),
    };
    if rest.starts_with('@') || rest.starts_with('*') {
        return (2, Some(special(&rest[..1])));
    }
    let Some(vars) = vars else {
        return (1, None);
    };
    if let Some(d) = rest.bytes().next().filter(u8::is_ascii_digit) {
        return (2, Some(special(&(d as char).to_string())));
    }
    if let Some(inner) = rest.strip_prefix('{') {
        return braced_parameter(inner, vars).map_or((1, None), |(len, exp)| (len + 1, Some(exp)));
    }
    let n = name_len(rest);
    if n == 0 {
        return (1, None);
    }
    let name = &rest[..n];
    (
        n + 1,
        Some(Expansion {
            name: name.to_owned(),
            value: vars(name),
        }),
    )
}

/// The length of the parameter name `s` starts with (a letter or `_`, then also digits).
fn name_len(s: &str) -> usize {
    s.bytes()
        .enumerate()
        .take_while(|(k, b)| {
            b.is_ascii_alphabetic() || *b == b'_' || (*k > 0 && b.is_ascii_digit())
        })
        .count()
}

/// `${NAME}`, `${NAME:-word}` (word when unset or empty) and `${NAME-word}` (when unset):
/// `inner` follows the `{`. Returns the length from the `{` on, and the expansion; `None` for
/// forms not modelled (kept as written).
fn braced_parameter(inner: &str, vars: Vars) -> Option<(usize, Expansion)> {
    let n = name_len(inner);
    let name = &inner[..n];
    if n > 0 && inner[n..].starts_with('}') {
        let exp = Expansion {
            name: name.to_owned(),
            value: vars(name),
        };
        return Some((n + 2, exp));
    }
    let after = &inner[n..];
    let (colon, word_at) = if after.starts_with(":-") {
        (true, 2)
    } else if after.starts_with('-') {
        (false, 1)
    } else {
        return None;
    };
    if n == 0 {
        return None;
    }
    let close = after[word_at..].find('}')?;
    let word = &after[word_at..word_at + close];
    if word.contains(['$', '`', '\\', '\'', '"']) {
        return None; // nested expansions and quotes: not modelled, kept as written
    }
    let value = match vars(name) {
        Some(v) if !(colon && v.is_empty()) => Some(v),
        _ => Some(word.to_owned()),
    };
    let exp = Expansion {
        name: name.to_owned(),
        value,
    };
    Some((1 + n + word_at + close + 1, exp))
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

    /// The words real `sh` makes of `case` with only `vars` set (and `UNSET` unset).
    fn sh_words(case: &str, vars: &[(&str, &str)]) -> Vec<String> {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("for a in {case}; do printf '%s\\n' \"$a\"; done"))
            .envs(vars.iter().copied())
            .env_remove("UNSET")
            .output()
            .expect("sh runs");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn expanded(s: &str) -> Vec<String> {
        let vars = |name: &str| match name {
            "P" => Some("dev".to_owned()),
            "TWO" => Some("a b".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        split_with(s, Some(&vars))
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    /// Real `sh` agrees with the splitter when variables expand (P=dev, TWO='a b', EMPTY='',
    /// UNSET unset).
    #[test]
    fn expands_parameters_like_real_sh() {
        let cases = [
            "aws --profile ${UNSET} codecommit credential-helper $@",
            "aws --profile $P codecommit credential-helper",
            "aws --profile \"$TWO\" x",
            "aws --profile $TWO x",
            "aws --profile \"${UNSET}\" x",
            "x$P${P}y '$P' \\$P",
            "$EMPTY $UNSET a$UNSET \"\" $1 b",
            "cost $ 5 a$",
            "é$P ü${TWO}ö",
            "aws --profile ${UNSET:-work} x ${P:-no} ${EMPTY:-e} ${EMPTY-e} ${UNSET-u}",
        ];
        let vars = [("P", "dev"), ("TWO", "a b"), ("EMPTY", "")];
        for case in cases {
            assert_eq!(expanded(case), sh_words(case, &vars), "{case}");
        }
        let w = split_with("aws --profile ${UNSET} x", Some(&|_: &str| None)).unwrap();
        assert_eq!(w[2].text, "x");
        assert_eq!(w[2].expansions[0].name, "UNSET");
        let w = split_with("aws --profile \"${X}\"", Some(&|_: &str| None)).unwrap();
        assert_eq!(w[2].expansions[0].name, "X");
        assert_eq!(w[2].expansions[0].value, None);
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
            assert_eq!(words(case), sh_words(case, &[]), "{case}");
        }
    }
}
