//! Where files are and how their paths are shown.

use std::path::{Path, PathBuf};

use crate::base::env::Env;

/// How paths are shown: `~/…` below the home directory, else as they are.
pub fn display_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            format!("~/{}", rel.to_string_lossy().replace('\\', "/"))
        }
        _ => path.to_string_lossy().into_owned(),
    }
}

/// How machine formats (JSON, SARIF, GitHub) show paths: as they are, absolute, so tools
/// can open them.
pub fn machine_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub fn expand_home(env: &Env, value: &str) -> PathBuf {
    match value.strip_prefix("~/") {
        Some(rest) => match env.home() {
            Some(h) => h.join(rest),
            None => PathBuf::from(value),
        },
        None if value == "~" => env.home().unwrap_or_else(|| PathBuf::from(value)),
        None => PathBuf::from(value),
    }
}
