//! The AWS CLI's view of this machine: its config and credentials files (parsed with spans,
//! botocore's semantics), the profiles they define, and the environment variables that
//! override them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::env::Env;
use crate::base::source::{Scope, Source};
use crate::model::discover::{self, Overlay};
use crate::parse::awsconfig::{
    self, AwsFile, AwsFileKind, ProfileSet, SyntaxError, SyntaxErrorKind,
};

/// One AWS file as read.
#[derive(Debug, Clone)]
pub struct AwsLoaded {
    pub kind: AwsFileKind,
    pub source: Arc<Source>,
    pub file: AwsFile,
    /// Unix permission bits; `None` on Windows.
    pub mode: Option<u32>,
}

impl AwsLoaded {
    pub fn scope(&self) -> Scope {
        self.kind.scope()
    }
}

/// Both AWS files and the merged profiles.
#[derive(Debug, Clone, Default)]
pub struct AwsModel {
    pub config_path: Option<PathBuf>,
    pub credentials_path: Option<PathBuf>,
    pub config: Option<AwsLoaded>,
    pub credentials: Option<AwsLoaded>,
    pub profiles: ProfileSet,
    /// Files that exist but cannot be read: (path, scope, error).
    pub unreadable: Vec<(PathBuf, Scope, String)>,
    /// Why the AWS CLI's assume-role cache (`~/.aws/cli/cache`) is not safe to sign with:
    /// (path, problem), the directory's or each entry's.
    pub role_cache: Vec<(PathBuf, String)>,
}

impl AwsModel {
    pub fn load(env: &Env, overlay: Option<&Overlay>) -> AwsModel {
        let Some(paths) = crate::base::paths::aws_paths(env) else {
            return AwsModel::default();
        };
        let mut model = AwsModel {
            config_path: Some(paths.config.clone()),
            credentials_path: Some(paths.credentials.clone()),
            role_cache: crate::awscreds::cache::cache_dir(env)
                .map(|dir| crate::awscreds::cache::problems(&dir))
                .unwrap_or_default(),
            ..AwsModel::default()
        };
        for (kind, path) in [
            (AwsFileKind::Config, paths.config),
            (AwsFileKind::Credentials, paths.credentials),
        ] {
            match read(&path, overlay) {
                Ok(Some(bytes)) => {
                    let loaded = parse_loaded(kind, &path, &bytes);
                    match kind {
                        AwsFileKind::Config => model.config = Some(loaded),
                        AwsFileKind::Credentials => model.credentials = Some(loaded),
                    }
                }
                Ok(None) => {}
                Err(e) => model.unreadable.push((path, kind.scope(), e.to_string())),
            }
        }
        model.profiles = merged_profiles(model.config.as_ref(), model.credentials.as_ref());
        model
    }

    pub fn file(&self, kind: AwsFileKind) -> Option<&AwsLoaded> {
        match kind {
            AwsFileKind::Config => self.config.as_ref(),
            AwsFileKind::Credentials => self.credentials.as_ref(),
        }
    }

    pub fn files(&self) -> impl Iterator<Item = &AwsLoaded> {
        self.config.iter().chain(self.credentials.iter())
    }

    /// Whether the AWS CLI reads both files (no fatal parse error).
    pub fn readable_by_aws_cli(&self) -> bool {
        self.files().all(|f| f.file.errors.is_empty())
    }

    /// The files the AWS CLI read, for messages.
    pub fn describe_files(&self, home: Option<&std::path::Path>) -> String {
        [&self.config_path, &self.credentials_path]
            .into_iter()
            .flatten()
            .map(|p| crate::base::paths::display_path(p, home))
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// A file's bytes: the overlay's (a planned fix), else the disk's; `None` when it is absent.
fn read(path: &Path, overlay: Option<&Overlay>) -> std::io::Result<Option<Vec<u8>>> {
    match overlay.and_then(|o| o.get(path)) {
        Some(b) => Ok(Some(b.clone())),
        None => crate::base::trust::read_optional(path),
    }
}

/// One file parsed, with what keeps the AWS CLI from decoding it put first among its errors.
fn parse_loaded(kind: AwsFileKind, path: &Path, bytes: &[u8]) -> AwsLoaded {
    let source = Arc::new(Source::new(path, bytes));
    let mut file = awsconfig::parse(&source.text, kind);
    if source.utf16 {
        file.errors = vec![encoding_error(
            SyntaxErrorKind::InvalidUtf8,
            "the file is UTF-16 (Notepad's \"Unicode\"); the AWS CLI reads UTF-8: save it as UTF-8 (without a byte order mark)",
        )];
    } else {
        if source.bom {
            file.bom = true;
            file.errors.insert(0, encoding_error(
                SyntaxErrorKind::Bom,
                "the file starts with a UTF-8 byte order mark; the AWS CLI reads it as part of the first line, which is then not a section header, and refuses the file",
            ));
        }
        if source.lossy {
            file.errors.insert(
                0,
                encoding_error(
                    SyntaxErrorKind::InvalidUtf8,
                    "the file has bytes that are not UTF-8; the AWS CLI cannot decode it",
                ),
            );
        }
    }
    AwsLoaded {
        kind,
        source,
        file,
        mode: discover::file_mode(path),
    }
}

/// An error about the whole file, shown at its start.
fn encoding_error(kind: SyntaxErrorKind, message: &str) -> SyntaxError {
    SyntaxError {
        kind,
        line: 1,
        column: 1,
        span: 0..0,
        message: message.into(),
    }
}

/// The profiles botocore sees in both files (an absent file is empty).
fn merged_profiles(config: Option<&AwsLoaded>, credentials: Option<&AwsLoaded>) -> ProfileSet {
    let empty_config = awsconfig::parse("", AwsFileKind::Config);
    let empty_credentials = awsconfig::parse("", AwsFileKind::Credentials);
    awsconfig::profiles(
        config.map_or(&empty_config, |l| &l.file),
        credentials.map_or(&empty_credentials, |l| &l.file),
    )
}
