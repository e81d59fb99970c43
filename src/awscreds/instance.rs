//! Whether an instance or container role can supply the default credentials, judged offline.

use std::path::PathBuf;

use crate::base::env::Env;

/// Offline signs that an instance or container role can supply the default credentials:
/// the ECS/CodeBuild container variables, or this machine being an EC2 instance (Linux:
/// the DMI vendor `Amazon EC2` or a hypervisor UUID starting `ec2`; Windows: the EC2Launch
/// or EC2Config service's folder; macOS: `ec2-macos-init`). No network is asked.
/// `CC_LINT_SYSROOT` prefixes the files looked at (for tests).
pub fn role_likely(env: &Env) -> bool {
    if env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
    {
        return true;
    }
    let root = PathBuf::from(env.var("CC_LINT_SYSROOT").unwrap_or("/"));
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
