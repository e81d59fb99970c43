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

/// The home directory git uses: `HOME`. On Windows, when `HOME` is unset, Git for Windows sets
/// it at startup (`setup_windows_environment` in compat/mingw.c) to `HOMEDRIVE` + `HOMEPATH`
/// when that is a directory, else to `USERPROFILE`.
pub fn git_home(env: &Env) -> Option<PathBuf> {
    git_home_from(|k| env.var(k), cfg!(windows), |p| p.is_dir())
}

/// The home directory the AWS CLI uses: Python's `os.path.expanduser("~")`, which botocore
/// applies to `~/.aws/config`, `~/.aws/credentials` and the CLI's caches. On POSIX that is
/// `HOME`; on Windows (Python 3.8 and later) `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`,
/// and never `HOME`, so Git Bash's `HOME` does not move the AWS files.
pub fn aws_home(env: &Env) -> Option<PathBuf> {
    aws_home_from(|k| env.var(k), cfg!(windows))
}

fn git_home_from<'a>(
    var: impl Fn(&str) -> Option<&'a str>,
    windows: bool,
    is_dir: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    if let Some(h) = var("HOME") {
        return Some(PathBuf::from(h));
    }
    if !windows {
        return None;
    }
    let share = var("HOMEDRIVE")
        .zip(var("HOMEPATH"))
        .map(|(d, p)| PathBuf::from(format!("{d}{p}")));
    share
        .filter(|p| is_dir(p))
        .or_else(|| var("USERPROFILE").map(PathBuf::from))
}

fn aws_home_from<'a>(var: impl Fn(&str) -> Option<&'a str>, windows: bool) -> Option<PathBuf> {
    if !windows {
        return var("HOME").map(PathBuf::from);
    }
    if let Some(p) = var("USERPROFILE") {
        return Some(PathBuf::from(p));
    }
    let path = var("HOMEPATH")?;
    Some(PathBuf::from(format!(
        "{}{path}",
        var("HOMEDRIVE").unwrap_or("")
    )))
}

/// Git's `$XDG_CONFIG_HOME`, else `~/.config`.
pub fn xdg_config_home(env: &Env) -> Option<PathBuf> {
    env.var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| git_home(env).map(|h| h.join(".config")))
}

/// A path from git's configuration with a leading `~/` (or a lone `~`) expanded to git's
/// home; without a home it stays as written.
pub fn expand_git_home(env: &Env, value: &str) -> PathBuf {
    expand_tilde(value, &["~/"], git_home(env))
}

/// A path with a leading `~` expanded as Python's `expanduser` does for the AWS CLI: `~/`, on
/// Windows also `~\`, or a lone `~`; without a home it stays as written.
fn expand_aws_home(env: &Env, value: &str) -> PathBuf {
    let prefixes: &[&str] = if cfg!(windows) {
        &["~/", "~\\"]
    } else {
        &["~/"]
    };
    expand_tilde(value, prefixes, aws_home(env))
}

fn expand_tilde(value: &str, prefixes: &[&str], home: Option<PathBuf>) -> PathBuf {
    let Some(home) = home else {
        return PathBuf::from(value);
    };
    if value == "~" {
        return home;
    }
    match prefixes.iter().find_map(|p| value.strip_prefix(p)) {
        Some(rest) => home.join(rest),
        None => PathBuf::from(value),
    }
}

/// The AWS CLI's config file: `$AWS_CONFIG_FILE`, else `~/.aws/config`; `None` without a home.
pub fn aws_config_path(env: &Env) -> Option<PathBuf> {
    aws_file(env, "AWS_CONFIG_FILE", "config")
}

/// The AWS CLI's credentials file: `$AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`;
/// `None` without a home.
pub fn aws_credentials_path(env: &Env) -> Option<PathBuf> {
    aws_file(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

fn aws_file(env: &Env, var: &str, name: &str) -> Option<PathBuf> {
    match env.var(var) {
        Some(p) => Some(expand_aws_home(env, p)),
        None => Some(aws_dir(env)?.join(name)),
    }
}

/// `~/.aws`, where the AWS CLI keeps its files and caches.
pub fn aws_dir(env: &Env) -> Option<PathBuf> {
    Some(aws_home(env)?.join(".aws"))
}

/// Both AWS files' locations.
#[derive(Debug, Clone)]
pub struct AwsPaths {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

/// Where the AWS CLI reads its two files; `None` when one of them needs a home there is none of.
pub fn aws_paths(env: &Env) -> Option<AwsPaths> {
    Some(AwsPaths {
        config: aws_config_path(env)?,
        credentials: aws_credentials_path(env)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<&'static str> + Copy {
        move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v)
    }

    #[test]
    fn home_on_windows_falls_back_to_userprofile() {
        // only `D:\Users\m` exists: git takes `HOMEDRIVE` + `HOMEPATH` only when it does
        let exists = |p: &Path| p == Path::new("D:\\Users\\m");
        let win = vars(&[
            ("USERPROFILE", "C:\\Users\\Mary"),
            ("HOMEDRIVE", "D:"),
            ("HOMEPATH", "\\u"),
        ]);
        assert_eq!(
            git_home_from(win, true, exists),
            Some(PathBuf::from("C:\\Users\\Mary"))
        );
        assert_eq!(git_home_from(win, false, exists), None);
        let drive = vars(&[("HOMEDRIVE", "D:"), ("HOMEPATH", "\\Users\\m")]);
        assert_eq!(
            git_home_from(drive, true, exists),
            Some(PathBuf::from("D:\\Users\\m"))
        );
        let both = vars(&[
            ("HOME", "/c/Users/Mary"),
            ("USERPROFILE", "C:\\Users\\Mary"),
        ]);
        assert_eq!(
            git_home_from(both, true, exists),
            Some(PathBuf::from("/c/Users/Mary"))
        );
    }

    #[test]
    fn git_home_prefers_an_existing_home_share_to_userprofile() {
        let share = vars(&[
            ("USERPROFILE", "C:\\Users\\Mary"),
            ("HOMEDRIVE", "H:"),
            ("HOMEPATH", "\\"),
        ]);
        assert_eq!(
            git_home_from(share, true, |_: &Path| true),
            Some(PathBuf::from("H:\\"))
        );
        assert_eq!(
            git_home_from(share, true, |_: &Path| false),
            Some(PathBuf::from("C:\\Users\\Mary"))
        );
    }

    #[test]
    fn aws_home_is_pythons_expanduser() {
        let git_bash = vars(&[
            ("HOME", "/c/Users/Mary"),
            ("USERPROFILE", "C:\\Users\\Mary"),
            ("HOMEDRIVE", "D:"),
            ("HOMEPATH", "\\u"),
        ]);
        assert_eq!(
            aws_home_from(git_bash, true),
            Some(PathBuf::from("C:\\Users\\Mary"))
        );
        assert_eq!(
            aws_home_from(git_bash, false),
            Some(PathBuf::from("/c/Users/Mary"))
        );
        let share = vars(&[("HOME", "/h"), ("HOMEDRIVE", "D:"), ("HOMEPATH", "\\u")]);
        assert_eq!(aws_home_from(share, true), Some(PathBuf::from("D:\\u")));
        let no_drive = vars(&[("HOMEPATH", "\\u")]);
        assert_eq!(aws_home_from(no_drive, true), Some(PathBuf::from("\\u")));
        let profile_only = vars(&[("USERPROFILE", "C:\\Users\\Mary")]);
        assert_eq!(aws_home_from(profile_only, false), None);
        assert_eq!(aws_home_from(vars(&[("HOME", "/h")]), true), None);
    }

    #[test]
    fn aws_paths_follow_the_environment() {
        let env = Env::new(
            [
                ("HOME".to_owned(), "/home/u".to_owned()),
                ("AWS_CONFIG_FILE".to_owned(), "~/cfg/aws".to_owned()),
            ],
            "/",
        );
        let paths = aws_paths(&env).unwrap();
        assert_eq!(paths.config, PathBuf::from("/home/u/cfg/aws"));
        assert_eq!(paths.credentials, PathBuf::from("/home/u/.aws/credentials"));
        assert!(aws_paths(&Env::new([], "/")).is_none());
        let only_files = Env::new(
            [
                ("AWS_CONFIG_FILE".to_owned(), "/c".to_owned()),
                ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), "~/k".to_owned()),
            ],
            "/",
        );
        let paths = aws_paths(&only_files).unwrap();
        assert_eq!(
            paths.credentials,
            PathBuf::from("~/k"),
            "as Python leaves it"
        );
    }
}
