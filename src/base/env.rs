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

    /// Offline signs that an instance or container role can supply the default credentials:
    /// the ECS/CodeBuild container variables, or this machine being an EC2 instance (Linux:
    /// the DMI vendor `Amazon EC2` or a hypervisor UUID starting `ec2`; Windows: the EC2Launch
    /// or EC2Config service's folder; macOS: `ec2-macos-init`). No network is asked.
    /// `CC_LINT_SYSROOT` prefixes the files looked at (for tests).
    pub fn instance_role_likely(&self) -> bool {
        if self.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
            || self.var("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
        {
            return true;
        }
        let root = PathBuf::from(self.var("CC_LINT_SYSROOT").unwrap_or("/"));
        let under = |p: &str| root.join(p.trim_start_matches('/'));
        let read = |p: &str| std::fs::read_to_string(under(p)).unwrap_or_default();
        if cfg!(target_os = "linux") {
            return read("/sys/class/dmi/id/sys_vendor").trim() == "Amazon EC2"
                || read("/sys/class/dmi/id/board_vendor").trim() == "Amazon EC2"
                || read("/sys/hypervisor/uuid")
                    .trim()
                    .to_ascii_lowercase()
                    .starts_with("ec2");
        }
        if cfg!(windows) {
            return [
                "C:/ProgramData/Amazon/EC2Launch",
                "C:/ProgramData/Amazon/EC2-Windows",
            ]
            .iter()
            .any(|p| std::path::Path::new(p).is_dir());
        }
        if cfg!(target_os = "macos") {
            return under("/usr/local/bin/ec2-macos-init").exists();
        }
        false
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
