//! Fault injection for `fix`'s writes: a full disk, a read-only directory, a file changed
//! between read and write, and a kill between the temporary file and the rename. In every case
//! the original is intact or the new file is complete — never half — and no temporary file is
//! left where git would read it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{BIN, Machine};

const CONFIG: &str = "[user]\n\tname = Mary Major\n[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n";

/// A small tmpfs mounted at `dir`, unmounted on drop; `None` where mounting is not allowed.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .ok()?
            .success();
        ok.then(|| Mount(dir.to_path_buf()))
    }

    fn read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A machine whose global config lives in `dir` (through GIT_CONFIG_GLOBAL).
fn machine_with_global_in(dir: &Path) -> (Machine, PathBuf) {
    let mut m = Machine::empty();
    let global = dir.join("gitconfig");
    if !global.exists() {
        std::fs::write(&global, CONFIG).unwrap();
    }
    m.env.insert(
        "GIT_CONFIG_GLOBAL".into(),
        global.to_string_lossy().into_owned(),
    );
    m.write("home/.aws/credentials", &common::aws_keys("default"));
    m.chmod("home/.aws/credentials", 0o600);
    (m, global)
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_full_disk_leaves_the_original_intact() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("full");
    let mount = Mount::tmpfs(&dir, "8k");
    let (m, global) = machine_with_global_in(&dir);
    let out = match &mount {
        Some(_) => {
            // fill the file system so the temporary file cannot be written
            let filler = dir.join("filler");
            let _ = std::fs::write(&filler, vec![b'x'; 16 * 1024]);
            m.cc_lint(&["fix", "--yes", "--helper", "aws"])
        }
        None => {
            // no mount here: a file size limit makes the write fail the same way
            Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "trap '' XFSZ; ulimit -f 0; exec '{BIN}' fix --yes --helper aws --no-backup"
                ))
                .env_clear()
                .envs(m.base_env())
                .current_dir(m.cwd())
                .output()
                .unwrap()
        }
    };
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&global).unwrap(), CONFIG);
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    drop(mount);
}

#[test]
fn a_read_only_directory_leaves_the_original_intact() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("ro");
    let mount = Mount::tmpfs(&dir, "64k");
    let (m, global) = machine_with_global_in(&dir);
    let out = match mount.as_ref().filter(|mnt| mnt.read_only()) {
        Some(_) => m.cc_lint(&["fix", "--yes", "--helper", "aws"]),
        None => {
            // no mount here: run as an unprivileged user on a directory it cannot write
            for p in [base.path(), &dir, m.root(), &m.home()] {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            Command::new("setpriv")
                .args([
                    "--reuid=nobody",
                    "--regid=nogroup",
                    "--clear-groups",
                    BIN,
                    "fix",
                    "--yes",
                    "--helper",
                    "aws",
                ])
                .env_clear()
                .envs(m.base_env())
                .current_dir(m.cwd())
                .output()
                .unwrap()
        }
    };
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&global).unwrap(), CONFIG);
    assert!(leftovers(&dir).is_empty());
}

#[test]
fn a_concurrent_edit_is_refused_and_kept() {
    let base = tempfile::tempdir().unwrap();
    let (mut m, global) = machine_with_global_in(base.path());
    m.env
        .insert("CC_LINT_FAILPOINT".into(), "before-final-check".into());
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("changed on disk"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&global).unwrap(),
        format!("{CONFIG}# edited by someone else\n")
    );
    assert!(leftovers(base.path()).is_empty());
}

#[test]
fn a_kill_between_temp_write_and_rename_leaves_the_original_intact() {
    let base = tempfile::tempdir().unwrap();
    let (mut m, global) = machine_with_global_in(base.path());
    m.env
        .insert("CC_LINT_FAILPOINT".into(), "after-temp-write".into());
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert!(!out.status.success(), "the process was killed");
    assert_eq!(
        std::fs::read_to_string(&global).unwrap(),
        CONFIG,
        "original intact"
    );
    // the killed process may leave its temporary file beside the config: complete, and named
    // so that nothing reads it as config
    for name in leftovers(base.path()) {
        assert!(
            name.starts_with(".gitconfig.") && name.ends_with(".cc-lint.tmp"),
            "{name}"
        );
        let text = std::fs::read_to_string(base.path().join(&name)).unwrap();
        assert!(
            text.contains("[credential \"https://git-codecommit.*.amazonaws.com\"]"),
            "complete: {text}"
        );
    }
    // and a later run works
    m.env.remove("CC_LINT_FAILPOINT");
    let out = m.cc_lint(&["fix", "--yes", "--helper", "aws"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(&global)
            .unwrap()
            .contains("git-codecommit.*.amazonaws.com")
    );
}
