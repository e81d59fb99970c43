//! `.cc-lint.toml`: project settings for severities and ignored codes.
//!
//! ```toml
//! ignore = ["CC105"]          # codes or names
//! [severity]
//! CC106 = "error"             # info | warning | error
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::finding::Code;
use crate::finding::Severity;

pub const FILE_NAME: &str = ".cc-lint.toml";

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub path: Option<PathBuf>,
    pub ignore: Vec<Code>,
    pub severity: BTreeMap<Code, Severity>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl Settings {
    /// The first `.cc-lint.toml` found from `start` upwards.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        // bounded, and never a wait on a FIFO
        let read = |source| SettingsError::Read {
            path: path.to_path_buf(),
            source,
        };
        let bytes = crate::base::trust::read_optional(path)
            .map_err(read)?
            .ok_or_else(|| read(std::io::ErrorKind::NotFound.into()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| read(std::io::Error::other("the file is not UTF-8")))?;
        Settings::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Settings, SettingsError> {
        let invalid = |offset: usize, message: String| SettingsError::Invalid {
            path: path.to_path_buf(),
            line: crate::base::source::line_col_in(
                text,
                offset,
                crate::base::source::LineEnds::Git,
            )
            .0,
            message,
        };
        let doc = toml_edit::Document::parse(text).map_err(|e: toml_edit::TomlError| {
            invalid(e.span().map_or(0, |s| s.start), e.message().to_owned())
        })?;
        let mut settings = Settings {
            path: Some(path.to_path_buf()),
            ..Settings::default()
        };
        for (key, item) in doc.iter() {
            let offset = item.span().map_or(0, |s| s.start);
            match key {
                "ignore" => {
                    let arr = item.as_array().ok_or_else(|| {
                        invalid(offset, "`ignore` must be an array of rule codes".into())
                    })?;
                    for v in arr.iter() {
                        let s = v.as_str().unwrap_or("");
                        let code = Code::lookup(s).ok_or_else(|| {
                            invalid(offset, format!("unknown rule `{s}` in `ignore`"))
                        })?;
                        settings.ignore.push(code);
                    }
                }
                "severity" => {
                    let table = item
                        .as_table_like()
                        .ok_or_else(|| invalid(offset, "`severity` must be a table".into()))?;
                    for (k, v) in table.iter() {
                        let code = Code::lookup(k).ok_or_else(|| {
                            invalid(offset, format!("unknown rule `{k}` in `severity`"))
                        })?;
                        let sev = v.as_str().and_then(Severity::parse).ok_or_else(|| {
                            invalid(
                                offset,
                                format!(
                                    "severity of `{k}` must be \"info\", \"warning\" or \"error\""
                                ),
                            )
                        })?;
                        settings.severity.insert(code, sev);
                    }
                }
                other => {
                    return Err(invalid(
                        offset,
                        format!("unknown setting `{other}` (expected `ignore` or `severity`)"),
                    ));
                }
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_names() {
        let s = Settings::parse(
            Path::new(".cc-lint.toml"),
            "ignore = [\"CC105\", \"duplicate-helper\"]\n[severity]\nCC003 = \"error\"\n",
        )
        .unwrap();
        assert_eq!(s.ignore, [Code::CC105, Code::CC106]);
        assert_eq!(s.severity[&Code::CC003], Severity::Error);
    }

    #[test]
    fn errors_name_the_line() {
        let e =
            Settings::parse(Path::new("x.toml"), "\n[severity]\nCC003 = \"loud\"\n").unwrap_err();
        assert!(e.to_string().starts_with("x.toml:"), "{e}");
        let e = Settings::parse(Path::new("x.toml"), "ignore = [\"CC999\"]").unwrap_err();
        assert!(e.to_string().contains("unknown rule `CC999`"), "{e}");
    }
}
