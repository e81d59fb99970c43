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
            .is_some_and(|v| crate::gitconfig::parse_bool(Some(v)).unwrap_or(false))
    }

    /// Home as git and the AWS CLI see it: `$HOME`, on Windows `%USERPROFILE%` when unset.
    pub fn home(&self) -> Option<PathBuf> {
        if let Some(h) = self.var("HOME") {
            return Some(PathBuf::from(h));
        }
        if cfg!(windows) {
            if let Some(p) = self.var("USERPROFILE") {
                return Some(PathBuf::from(p));
            }
            if let (Some(d), Some(p)) = (self.var("HOMEDRIVE"), self.var("HOMEPATH")) {
                return Some(PathBuf::from(format!("{d}{p}")));
            }
        }
        None
    }

    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub fn xdg_config_home(&self) -> Option<PathBuf> {
        self.var("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| self.home().map(|h| h.join(".config")))
    }

    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
