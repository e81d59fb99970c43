//! On-disk cache of assumed-role credentials, shared with the AWS CLI.
//!
//! git runs the helper for every fetch and push; without a cache each run would call
//! STS `AssumeRole`. The AWS CLI keeps assumed-role credentials in `~/.aws/cli/cache/`
//! under `sha1(json.dumps(assume_role_kwargs, sort_keys=True))` (botocore
//! `AssumeRoleCredentialFetcher._create_cache_key`), as the STS response
//! `{"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}}`.
//! This module reads and writes exactly that, so each tool reuses the other's session —
//! including one the AWS CLI created after prompting for an MFA code.
//!
//! Entries are used while they stay valid for more than 15 minutes (botocore's window),
//! files are written atomically with mode 0600 in a 0700 directory.
//!
//! The cache signs requests, so it is trusted only as far as a private file is: an entry is
//! used only when it is a regular file (no symlink, FIFO or device) of the user's, not
//! writable by group or others, and at most [`MAX_ENTRY_BYTES`]; a directory others can
//! write (or whose parents they can) is neither read nor written. `cc-lint check` reports the
//! same conditions ([`problems`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha1::{Digest, Sha1};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::creds::Credentials;
use crate::base::env::Env;

/// An entry is used only while it stays valid for longer than this (botocore's
/// `DEFAULT_EXPIRY_WINDOW_SECONDS`): a password signed now lives 15 minutes.
pub const MIN_REMAINING: Duration = Duration::from_secs(15 * 60);

/// `~/.aws/cli/cache`, the AWS CLI's assume-role cache.
pub fn cache_dir(env: &Env) -> Option<PathBuf> {
    Some(crate::base::paths::aws_dir(env)?.join("cli").join("cache"))
}

/// Where the AWS CLI keeps the SSO token it got for `key` (an `sso_session` name, or a legacy
/// profile's `sso_start_url`): `~/.aws/sso/cache/<sha1 of key>.json`.
pub fn sso_token_file(env: &Env, key: &str) -> Option<PathBuf> {
    let name = format!("{}.json", hex::encode(Sha1::digest(key.as_bytes())));
    Some(
        crate::base::paths::aws_dir(env)?
            .join("sso")
            .join("cache")
            .join(name),
    )
}

/// The AWS CLI's cache key for the role a profile assumes, or `None` when the profile
/// assumes no role.
pub fn role_cache_key(profile: &HashMap<String, String>) -> Option<String> {
    let role_arn = profile.get("role_arn")?;
    // Sorted by key, as json.dumps(sort_keys=True) writes them.
    let mut args: Vec<(&str, JsonValue)> = vec![("RoleArn", JsonValue::Str(role_arn))];
    if let Some(v) = profile.get("role_session_name") {
        args.push(("RoleSessionName", JsonValue::Str(v)));
    }
    if let Some(v) = profile.get("external_id") {
        args.push(("ExternalId", JsonValue::Str(v)));
    }
    if let Some(v) = profile.get("mfa_serial") {
        args.push(("SerialNumber", JsonValue::Str(v)));
    }
    if let Some(v) = profile.get("duration_seconds") {
        // botocore converts with int(); a value it cannot convert fails there too.
        args.push(("DurationSeconds", JsonValue::Int(v.trim().parse().ok()?)));
    }
    args.sort_by(|a, b| a.0.cmp(b.0));
    let mut json = String::from("{");
    for (i, (key, value)) in args.iter().enumerate() {
        if i > 0 {
            json.push_str(", ");
        }
        python_json_string(&mut json, key);
        json.push_str(": ");
        match value {
            JsonValue::Str(s) => python_json_string(&mut json, s),
            JsonValue::Int(n) => json.push_str(&n.to_string()),
        }
    }
    json.push('}');
    Some(hex::encode(Sha1::digest(json.as_bytes())))
}

enum JsonValue<'a> {
    Str(&'a str),
    Int(i64),
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii=True`).
fn python_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// The largest cache entry read: an STS response is under 4 KiB.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024;

/// What a cache lookup found.
#[derive(Debug)]
pub enum Lookup {
    /// Credentials valid for more than [`MIN_REMAINING`], and the file they came from.
    Hit(Credentials, PathBuf),
    /// No usable entry (none, expired, or not an STS response).
    Miss,
    /// The entry or the directory is not safe to use: why (a warning for the user).
    Unsafe(String),
}

/// Why the cache directory must not be used: it, or a parent up to `~/.aws`, is writable by
/// others or not the user's. `None` when it is fine or does not exist yet.
pub fn dir_problem(dir: &Path) -> Option<String> {
    for (i, d) in dir.ancestors().take(3).enumerate() {
        let Ok(meta) = std::fs::metadata(d) else {
            continue;
        };
        if !meta.is_dir() {
            return Some(format!("{} is not a directory", d.display()));
        }
        if let Some(problem) = ownership_problem(&meta) {
            let what = if i == 0 {
                "the assume-role cache directory"
            } else {
                "a parent of the assume-role cache directory"
            };
            return Some(format!("{what} {} {problem}", d.display()));
        }
    }
    None
}

/// Why a file or directory with `meta` is not private to the user, if it is not.
fn ownership_problem(meta: &std::fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let euid = crate::base::trust::effective_uid()?;
        if meta.uid() != euid {
            return Some(format!(
                "belongs to uid {}, not to you (uid {euid})",
                meta.uid()
            ));
        }
        if meta.mode() & 0o022 != 0 {
            return Some(format!(
                "is writable by {} (mode {:04o})",
                if meta.mode() & 0o002 != 0 {
                    "everyone"
                } else {
                    "its group"
                },
                meta.mode() & 0o7777
            ));
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Opens a cache entry without following a symlink or blocking on a FIFO, and checks it is a
/// private regular file of a sane size.
fn open_entry(path: &Path) -> Result<Option<std::fs::File>, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(if link {
                format!("{} is a symbolic link", path.display())
            } else {
                format!("{} cannot be opened: {e}", path.display())
            });
        }
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    entry_problem(path, &meta).map_or(Ok(Some(file)), Err)
}

fn entry_problem(path: &Path, meta: &std::fs::Metadata) -> Option<String> {
    if let Some(kind) = crate::base::trust::kind_of(meta) {
        return Some(format!("{} is {kind}, not a regular file", path.display()));
    }
    if let Some(problem) = ownership_problem(meta) {
        return Some(format!("{} {problem}", path.display()));
    }
    if meta.len() > MAX_ENTRY_BYTES {
        return Some(format!(
            "{} is larger than {} KiB, which no STS response is",
            path.display(),
            MAX_ENTRY_BYTES / 1024
        ));
    }
    None
}

/// Every reason the cache at `dir` is unsafe: the directory's, else each entry's (for
/// `cc-lint check`). Entries are looked at, never read.
pub fn problems(dir: &Path) -> Vec<(PathBuf, String)> {
    if let Some(p) = dir_problem(dir) {
        return vec![(dir.to_path_buf(), p)];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .take(10_000)
        .filter_map(|e| {
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).ok()?;
            let problem = if meta.file_type().is_symlink() {
                Some(format!("{} is a symbolic link", path.display()))
            } else {
                entry_problem(&path, &meta)
            };
            problem.map(|p| (path, p))
        })
        .collect();
    out.sort();
    out
}

/// Looks up cached credentials valid for more than [`MIN_REMAINING`] after `now`.
pub fn lookup(dir: &Path, key: &str, now: SystemTime) -> Lookup {
    if let Some(problem) = dir_problem(dir) {
        return Lookup::Unsafe(format!("{problem}: the cache is neither read nor written"));
    }
    let path = dir.join(format!("{key}.json"));
    let file = match open_entry(&path) {
        Ok(Some(f)) => f,
        Ok(None) => return Lookup::Miss,
        Err(problem) => return Lookup::Unsafe(format!("{problem}: not used")),
    };
    let mut text = String::new();
    if std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_ENTRY_BYTES), &mut text)
        .is_err()
    {
        return Lookup::Miss;
    }
    match parse_entry(&text, now) {
        Some(creds) => Lookup::Hit(creds, path),
        None => Lookup::Miss,
    }
}

/// Cached credentials valid for more than [`MIN_REMAINING`] after `now`; `None` also when the
/// entry is unsafe (see [`lookup`]).
pub fn load(dir: &Path, key: &str, now: SystemTime) -> Option<Credentials> {
    match lookup(dir, key, now) {
        Lookup::Hit(creds, _) => Some(creds),
        _ => None,
    }
}

fn parse_entry(text: &str, now: SystemTime) -> Option<Credentials> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let creds = value.get("Credentials")?;
    let field = |name: &str| creds.get(name)?.as_str().map(str::to_owned);
    let expiry = parse_expiration(&field("Expiration")?)?;
    if expiry.duration_since(now).ok()? <= MIN_REMAINING {
        return None;
    }
    Some(Credentials {
        access_key_id: field("AccessKeyId")?,
        secret_access_key: field("SecretAccessKey")?,
        session_token: field("SessionToken"),
        expiry: Some(expiry),
    })
}

/// Writes an entry atomically, mode 0600 ([`crate::base::write::write_private`]). Credentials
/// without an expiry are not cached.
pub fn store(dir: &Path, key: &str, creds: &Credentials) -> std::io::Result<()> {
    let Some(expiry) = creds.expiry else {
        return Ok(());
    };
    if let Some(problem) = dir_problem(dir) {
        return Err(std::io::Error::other(problem));
    }
    let expiration = OffsetDateTime::from(expiry)
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .map_err(std::io::Error::other)?;
    let mut credentials = serde_json::json!({
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key,
        "Expiration": expiration,
    });
    if let Some(token) = &creds.session_token {
        credentials["SessionToken"] = serde_json::Value::from(token.as_str());
    }
    let body = serde_json::json!({ "Credentials": credentials }).to_string();

    create_private_dir(dir)?;
    crate::base::write::write_private(&dir.join(format!("{key}.json")), body.as_bytes())
        .map_err(std::io::Error::other)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// `Expiration` as botocore writes it (`2026-11-26T12:00:00UTC`, from
/// `strftime('%Y-%m-%dT%H:%M:%S%Z')`) or as RFC 3339 (`…Z`, `…+00:00`).
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let normalized = match text.strip_suffix("UTC") {
        Some(bare) => format!("{bare}Z"),
        None => text.to_owned(),
    };
    OffsetDateTime::parse(&normalized, &Rfc3339)
        .ok()
        .map(SystemTime::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn key_matches_botocore() {
        // Expected values: python3 -c 'import json,hashlib; print(hashlib.sha1(
        //   json.dumps(ARGS, sort_keys=True).encode()).hexdigest())'
        assert_eq!(
            role_cache_key(&profile(&[
                ("role_arn", "arn:aws:iam::123456789012:role/dev"),
                ("region", "x")
            ]))
            .unwrap(),
            "af854889538ac1a069a8274d5ee4dc500f8b1f91"
        );
        assert_eq!(
            role_cache_key(&profile(&[
                ("role_arn", "arn:aws:iam::123456789012:role/dev"),
                ("role_session_name", "me"),
                ("external_id", "x\"y"),
                ("duration_seconds", "3600"),
                ("mfa_serial", "arn:aws:iam::1:mfa/\u{e9}"),
                ("source_profile", "base"),
            ]))
            .unwrap(),
            "e6b83233283eddbc286574a103090d5a414393fe"
        );
        assert!(role_cache_key(&profile(&[("region", "x")])).is_none());
        assert!(
            role_cache_key(&profile(&[("role_arn", "a"), ("duration_seconds", "abc")])).is_none()
        );
    }

    #[test]
    fn python_json_escapes() {
        let mut s = String::new();
        python_json_string(&mut s, "a\"b\\c\nd/é😀\u{1}");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd/\\u00e9\\ud83d\\ude00\\u0001\"");
    }

    #[test]
    fn store_then_load_round_trips_and_respects_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cli").join("cache");
        let now = SystemTime::now();
        let creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: "s".into(),
            session_token: Some("t".into()),
            expiry: Some(now + Duration::from_secs(3600)),
        };
        store(&cache, "k", &creds).unwrap();
        let loaded = load(&cache, "k", now).unwrap();
        assert_eq!(loaded.access_key_id, "ASIAX");
        assert_eq!(loaded.session_token.as_deref(), Some("t"));
        // Expiry is kept to the second.
        let drift = creds
            .expiry
            .unwrap()
            .duration_since(loaded.expiry.unwrap())
            .unwrap();
        assert!(drift < Duration::from_secs(1));
        // 46 minutes later fewer than 15 minutes remain: not used.
        assert!(load(&cache, "k", now + Duration::from_secs(46 * 60)).is_none());
        assert!(load(&cache, "other", now).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.join("k.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
            let mode = std::fs::metadata(&cache).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn reads_botocore_expiration_formats() {
        for text in [
            "2030-01-02T03:04:05UTC",
            "2030-01-02T03:04:05Z",
            "2030-01-02T03:04:05+00:00",
        ] {
            let t = parse_expiration(text).unwrap();
            assert_eq!(
                OffsetDateTime::from(t).unix_timestamp(),
                1_893_553_445,
                "{text}"
            );
        }
        assert!(parse_expiration("tomorrow").is_none());
    }
}
