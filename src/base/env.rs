//! The process environment, captured once so that discovery is testable with any values.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    pub cwd: PathBuf,
}

impl Env {
    /// The real environment of this process.
    pub fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }

    pub fn new(vars: impl IntoIterator<Item = (String, String)>, cwd: impl Into<PathBuf>) -> Env {
        Env {
            vars: vars.into_iter().collect(),
            cwd: cwd.into(),
        }
    }

    /// A variable's value; empty counts as unset, as git and the AWS CLI treat most of them.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// Git's boolean for environment flags such as `GIT_CONFIG_NOSYSTEM`.
    pub fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| git_bool(Some(v)).unwrap_or(false))
    }

    /// A variable as `sh` expands it: set (even to empty) or unset.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Git's boolean (`git_config_bool`, also read for `GIT_*` flags): a bare key is true, an
/// empty value false.
pub fn git_bool(value: Option<&str>) -> Option<bool> {
    let Some(v) = value else { return Some(true) };
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" | "" => Some(false),
        other => other.parse::<i64>().ok().map(|n| n != 0),
    }
}
