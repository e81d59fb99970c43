//! Rule codes, their documentation (`rules/<CODE>.toml`) and how their fixes apply: what
//! both findings and the rules that make them name.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use super::Severity;

macro_rules! codes {
    ($($code:ident),* $(,)?) => {
        /// Every rule code. Codes are forever: a retired code keeps its doc as a tombstone.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }

            fn doc_source(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!("../../rules/", stringify!($code), ".toml"))),*
                }
            }
        }
    };
}

codes!(
    CC001, CC002, CC003, CC004, CC005, CC100, CC101, CC102, CC103, CC104, CC105, CC106, CC107,
    CC108, CC109, CC110, CC111, CC201, CC202, CC203, CC204, CC205, CC206, CC207, CC208, CC209,
    CC210, CC301, CC302, CC303, CC304, CC305, CC401, CC402, CC403, CC404, CC501, CC502, CC503,
    CC504, CC505,
);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Code {
    pub fn name(self) -> &'static str {
        &self.doc().name
    }

    pub fn doc(self) -> &'static RuleDoc {
        static DOCS: OnceLock<BTreeMap<Code, RuleDoc>> = OnceLock::new();
        let docs = DOCS.get_or_init(|| {
            Code::ALL
                .iter()
                .map(|&c| {
                    let doc = RuleDoc::parse(c.doc_source())
                        .unwrap_or_else(|e| panic!("rules/{c}.toml is invalid: {e}"));
                    (c, doc)
                })
                .collect()
        });
        &docs[&self]
    }

    /// A code (`CC101`, any case) or a name (`missing-use-http-path`).
    pub fn lookup(s: &str) -> Option<Code> {
        let s = s.trim();
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name().eq_ignore_ascii_case(s))
    }
}

/// How a rule's fix applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
}

/// One example of a rule's doc: files of a machine, by scope.
#[derive(Debug, Clone, Default)]
pub struct ExampleFiles {
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub bad: ExampleFiles,
    pub good: Option<ExampleFiles>,
    /// What `cc-lint fix --helper aws` makes of `bad`, file by file.
    pub fixed: Option<ExampleFiles>,
    pub env: BTreeMap<String, String>,
    /// Unix modes of the bad example's files (`aws_credentials = "0644"`); credential files
    /// otherwise get 0600, as the AWS CLI and git credential-store create them.
    pub modes: BTreeMap<String, String>,
    /// Fake programs put first on PATH (`git = "#!/bin/sh …"`), for bad and good; an example
    /// with any runs with probes on.
    pub programs: BTreeMap<String, String>,
    /// Programs for the good example instead of `programs`.
    pub good_programs: Option<BTreeMap<String, String>>,
}

/// A rule's documentation and identity, from `rules/<CODE>.toml`.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub fix: FixKind,
    pub summary: String,
    pub what: String,
    pub why: String,
    pub guide: Option<String>,
    pub platform: Option<String>,
    /// Fires only with `check --online` (what AWS and git answer, not the files): its
    /// examples show the files, and the online tests show the answers.
    pub online: bool,
    pub examples: Vec<Example>,
}

impl RuleDoc {
    pub fn parse(text: &str) -> Result<RuleDoc, String> {
        let doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
        let s = |k: &str| -> Result<String, String> {
            doc.get(k)
                .and_then(|v| v.as_str())
                .map(|v| v.trim().to_owned())
                .ok_or_else(|| format!("missing string `{k}`"))
        };
        let opt = |k: &str| {
            doc.get(k)
                .and_then(|v| v.as_str())
                .map(|v| v.trim().to_owned())
        };
        let severity = Severity::parse(&s("severity")?).ok_or("bad severity")?;
        let fix = match s("fix")?.as_str() {
            "none" => FixKind::None,
            "safe" => FixKind::Safe,
            "unsafe" => FixKind::Unsafe,
            other => return Err(format!("bad fix `{other}`")),
        };
        let examples = match doc.get("example").and_then(|v| v.as_array_of_tables()) {
            Some(arr) => arr.iter().map(Example::parse).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        Ok(RuleDoc {
            code: s("code")?,
            name: s("name")?,
            severity,
            fix,
            summary: s("summary")?,
            what: s("what")?,
            why: s("why")?,
            guide: opt("guide"),
            platform: opt("platform"),
            online: doc.get("online").and_then(|v| v.as_bool()).unwrap_or(false),
            examples,
        })
    }
}

impl Example {
    /// One `[[example]]` table of a rule's doc.
    fn parse(t: &toml_edit::Table) -> Result<Example, String> {
        let files = |k: &str| -> Option<ExampleFiles> {
            Some(ExampleFiles {
                files: strings(t.get(k)?.as_table_like()?),
            })
        };
        let table = |k: &str| -> BTreeMap<String, String> {
            t.get(k)
                .and_then(|v| v.as_table_like())
                .map(strings)
                .unwrap_or_default()
        };
        Ok(Example {
            name: t
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("example")
                .to_owned(),
            bad: files("bad").ok_or("example without `bad`")?,
            good: files("good"),
            fixed: files("fixed"),
            env: table("env"),
            modes: table("mode"),
            programs: table("programs"),
            good_programs: t.get("good_programs").map(|_| table("good_programs")),
        })
    }
}

/// The string values of a TOML table, by key.
fn strings(tbl: &dyn toml_edit::TableLike) -> BTreeMap<String, String> {
    tbl.iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v.as_str()?.to_owned())))
        .collect()
}
