//! The differential suite of issue 10: for every published configuration under
//! `fixtures/real/<name>/`, real `git credential fill` is the oracle and cc-lint's claims are
//! compared with it.
//!
//! For each fixture:
//!
//! * **Oracle.** The URLs that matter are the fixture's CodeCommit `https://` remotes (as git
//!   reads them in the fixture's working directory); without one, the standard
//!   `https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x` plus one URL per other
//!   CodeCommit host form a `credential.<url>.*` section scopes (a `*` label becomes a region,
//!   or a VPC endpoint id in first position; a scope without a path gets `/v1/repos/x`). For
//!   each, real git runs `credential fill` with the environment cleared as in
//!   `Machine::base_env`, `GIT_TERMINAL_PROMPT=0`, `AWS_EC2_METADATA_DISABLED=true` (this is
//!   not an EC2 instance) and a `PATH` of: a directory with the real AWS CLI behind a
//!   recording shim, the test's cc-lint as `cc-lint` (also recording), and stubs for Git
//!   Credential Manager (`manager`, `manager-core`), `osxkeychain`, `wincred` and `libsecret`
//!   that answer `get` with a stale stored password; then the fixture's own `bin/` if it has
//!   one (a credential_process script, an installed third-party helper); then the directories
//!   of `git` and `sh`. The verdict is **fresh** when git's answer has a password of the form
//!   `YYYYMMDDTHHMMSSZ<64 hex>`, dated within 15 minutes of now, that is a valid CodeCommit
//!   signature for this URL's host, region and **path** (verified here with an independent
//!   signer), made with a secret the fixture holds for the username's access key id — and,
//!   when the fixture has an `EXPECT_KEY` file, with one of the key ids listed there. A
//!   signature without the path, a stale stored password, no answer or an error are all
//!   "not fresh". When the first answer is fresh and git's own storing helpers (`store`,
//!   `cache`) are configured, git is told it worked (`git credential approve`, as after a
//!   successful request) and asked again a second later: if the same password comes back, a
//!   store answers before the CodeCommit helper and will replay it after 15 minutes — not
//!   fresh. A fixture whose credentials need the network (STS, SSO) states git's verdict in
//!   an `ORACLE` file instead (`fresh <why>` or `not-fresh <why>`).
//! * **Claim.** `cc-lint check --format json` (run first, with the same environment, probes
//!   on: the PATH is the one git runs helpers with, so whether a helper's program exists is
//!   this machine's answer) must have an error-severity finding exactly when some URL is not
//!   fresh.
//! * **Fix.** With a `FIX_PROFILE` file (a profile name), on a fresh copy: `cc-lint fix --yes
//!   --profile P` exits 0; then every URL is fresh and signed with P's key (or a key listed in
//!   `FIX_EXPECT_KEY`: a kept, more specific per-repository profile, or a credential_process
//!   profile); `https://github.com/o/r` runs exactly the helpers it ran before (GIT_TRACE
//!   `run_command: … get`, every helper silent so that the whole list runs) minus the
//!   CodeCommit helpers it ran; and a second identical fix exits 0 and changes no byte under
//!   the machine (git is judged on what the first fix wrote).
//! * **Ratchet.** `fixtures/real/KNOWN-DIVERGENCES` lists `name<TAB>check|fix|second-fix<TAB>reason`
//!   for every disagreement today. Any unlisted disagreement, and any listed one that now
//!   agrees, fails the test, with a table of every fixture.
//!
//! `CC_LINT_REAL_AWS` names the AWS CLI to wrap (default: `aws` on `PATH`, through pyenv's
//! shim if that is what is there); `CC_LINT_DIFF_JOBS` the number of worker threads (4);
//! `CC_LINT_DIFF_ONLY=a,b` runs only those fixtures; `CC_LINT_DIFF_TABLE=1` prints the table
//! even when everything is as listed.

mod common;

use common::{BIN, Machine, unquote_sq};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const STANDARD_URL: &str = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x";
const OTHER_URL: &str = "https://github.com/o/r";
const VPCE_LABEL: &str = "vpce-0b47ea360adebf88a-jkl88hez";

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

// ---------------------------------------------------------------------------------------
// Tools on the host

struct Host {
    aws: PathBuf,
    git: PathBuf,
    /// Directories every oracle PATH ends with: where `git` and `sh` live.
    system_path: String,
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn host() -> Host {
    let aws = match std::env::var_os("CC_LINT_REAL_AWS") {
        Some(p) => PathBuf::from(p),
        None => {
            let found = which("aws").expect("the AWS CLI (`aws`) must be installed (.ci/run)");
            let text = std::fs::read(&found).unwrap_or_default();
            if String::from_utf8_lossy(&text).contains("pyenv") {
                // pyenv's shim needs its own environment; ask it where the real one is.
                let out = Command::new("pyenv")
                    .args(["which", "aws"])
                    .output()
                    .expect("pyenv which aws");
                PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
            } else {
                found
            }
        }
    };
    assert!(aws.is_file(), "no AWS CLI at {}", aws.display());
    let git = which("git").expect("git on PATH");
    let sh = which("sh").expect("sh on PATH");
    let mut dirs: Vec<String> = Vec::new();
    for p in [&git, &sh] {
        let d = p.parent().unwrap().to_string_lossy().into_owned();
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    for d in ["/usr/bin", "/bin"] {
        if !dirs.iter().any(|x| x == d) {
            dirs.push(d.to_owned());
        }
    }
    Host {
        aws,
        git,
        system_path: dirs.join(":"),
    }
}

fn write_exe(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Shims and stubs for one machine, outside its directory so that they never show up in a
/// snapshot of what fix wrote.
struct Oracle {
    _dir: tempfile::TempDir,
    bin: PathBuf,
    /// The same programs, silent: for runs that only need GIT_TRACE's list of helpers
    /// (every helper then runs) or git's `store` calls, without the AWS CLI's start-up.
    quiet: PathBuf,
    log: PathBuf,
    trace: PathBuf,
}

impl Oracle {
    fn new(host: &Host) -> Oracle {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let log = dir.path().join("helpers.log");
        let recorder = |real: &Path| {
            format!(
                "#!/bin/sh\nin=$(cat)\nprintf '%s\\n' \"== $0 $*\" \"$in\" >> '{}'\nprintf '%s\\n\\n' \"$in\" | exec '{}' \"$@\"\n",
                log.display(),
                real.display()
            )
        };
        write_exe(&bin.join("aws"), &recorder(&host.aws));
        write_exe(&bin.join("cc-lint"), &recorder(Path::new(BIN)));
        for stub in [
            "git-credential-manager",
            "git-credential-manager-core",
            "git-credential-osxkeychain",
            "git-credential-wincred",
            "git-credential-libsecret",
        ] {
            write_exe(
                &bin.join(stub),
                &format!(
                    "#!/bin/sh\n# {stub}: holds a CodeCommit password stored long ago\ncat >/dev/null\nprintf '%s\\n' \"== $0 $*\" >> '{}'\nif [ \"$1\" = get ]; then printf 'username=stale\\npassword=stale-password\\n'; fi\nexit 0\n",
                    log.display()
                ),
            );
        }
        let quiet = dir.path().join("quiet");
        std::fs::create_dir_all(&quiet).unwrap();
        for name in std::fs::read_dir(&bin).unwrap().flatten() {
            write_exe(
                &quiet.join(name.file_name()),
                "#!/bin/sh\ncat >/dev/null\nexit 0\n",
            );
        }
        let trace = dir.path().join("trace");
        Oracle {
            _dir: dir,
            bin,
            quiet,
            log,
            trace,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The environment both git and cc-lint get

fn machine_env(m: &Machine, host: &Host, oracle: &Oracle) -> Vec<(String, String)> {
    env_with(m, host, &oracle.bin)
}

fn env_with(m: &Machine, host: &Host, bin: &Path) -> Vec<(String, String)> {
    let mut path = bin.to_string_lossy().into_owned();
    let own_bin = m.root().join("bin");
    if own_bin.is_dir() {
        path.push(':');
        path.push_str(&own_bin.to_string_lossy());
    }
    path.push(':');
    path.push_str(&host.system_path);
    let mut env = m.base_env();
    let fixture_path = m.env.get("PATH").cloned();
    env.retain(|(k, _)| k != "PATH");
    env.push((
        "PATH".into(),
        match fixture_path {
            // a fixture may narrow PATH (a GUI client's): `$ORACLE_PATH` is the usual one,
            // `$SYSTEM_PATH` only the directories of git and sh
            Some(p) => p
                .replace("$ORACLE_PATH", &path)
                .replace("$SYSTEM_PATH", &host.system_path),
            None => path,
        },
    ));
    if !env.iter().any(|(k, _)| k == "AWS_EC2_METADATA_DISABLED") {
        env.push(("AWS_EC2_METADATA_DISABLED".into(), "true".into()));
    }
    env
}

struct Fill {
    /// What git printed (the credential, for `git credential approve`).
    raw: String,
    username: Option<String>,
    password: Option<String>,
    /// `run_command` lines for `… get`, unquoted.
    helpers: Vec<String>,
    stderr: String,
    timed_out: bool,
}

fn credential_fill(m: &Machine, host: &Host, oracle: &Oracle, url: &str) -> Fill {
    fill_with(m, host, oracle, url, &oracle.bin)
}

/// The helpers git runs for `url`, every one of them (all silent).
fn helpers_for(m: &Machine, host: &Host, oracle: &Oracle, url: &str) -> Vec<String> {
    fill_with(m, host, oracle, url, &oracle.quiet).helpers
}

fn fill_with(m: &Machine, host: &Host, oracle: &Oracle, url: &str, bin: &Path) -> Fill {
    let _ = std::fs::remove_file(&oracle.trace);
    let mut cmd = Command::new(&host.git);
    cmd.args(["credential", "fill"])
        .env_clear()
        .envs(env_with(m, host, bin))
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_TRACE", &oracle.trace)
        .current_dir(m.cwd());
    let out =
        common::run_with_timeout(&mut cmd, &format!("url={url}\n\n"), Duration::from_secs(60));
    let trace = std::fs::read_to_string(&oracle.trace).unwrap_or_default();
    let helpers = trace
        .lines()
        .filter_map(|l| l.split_once("trace: run_command: ").map(|(_, c)| c))
        .filter(|c| c.starts_with('\'') && c.ends_with(" get'"))
        .map(unquote_sq)
        .collect();
    let Some(out) = out else {
        return Fill {
            raw: String::new(),
            username: None,
            password: None,
            helpers,
            stderr: String::new(),
            timed_out: true,
        };
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")).map(str::to_owned))
    };
    Fill {
        raw: stdout.clone().into_owned(),
        username: field("username"),
        password: field("password"),
        helpers,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        timed_out: false,
    }
}

// ---------------------------------------------------------------------------------------
// An independent CodeCommit signer (research notes, appendix A)

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > 64 {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(64, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn sign(secret: &str, ts: &str, region: &str, host: &str, canonical_path: &str) -> String {
    let canon = format!("GIT\n{canonical_path}\n\nhost:{host}\n\nhost\n");
    let sts = format!(
        "AWS4-HMAC-SHA256\n{ts}\n{}/{region}/codecommit/aws4_request\n{}",
        &ts[..8],
        hex::encode(Sha256::digest(canon.as_bytes()))
    );
    let mut k = hmac(format!("AWS4{secret}").as_bytes(), &ts.as_bytes()[..8]);
    for part in [region, "codecommit", "aws4_request"] {
        k = hmac(&k, part.as_bytes());
    }
    format!("{ts}Z{}", hex::encode(hmac(&k, sts.as_bytes())))
}

#[test]
fn independent_signer_matches_the_aws_cli_test_vector() {
    assert_eq!(
        sign(
            "secret",
            "20171224T115320",
            "us-west-2",
            "git-codecommit.us-west-2.amazonaws.com",
            "/v1/repos/test_repo"
        ),
        "20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a"
    );
}

/// Host (without port), region (as the AWS CLI reads it from the host) and path of a URL.
fn url_parts(url: &str) -> (String, Option<String>, String) {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let hostport = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let host = hostport.split(':').next().unwrap().to_owned();
    let labels: Vec<&str> = host.split('.').collect();
    let region = labels
        .iter()
        .position(|l| *l == "git-codecommit" || *l == "git-codecommit-fips")
        .and_then(|i| labels.get(i + 1))
        .map(|r| r.to_string());
    (host, region, path.trim_matches('/').to_owned())
}

fn is_sigv4_password(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 80
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
        && b[16..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

/// Seconds since the epoch of `YYYYMMDDTHHMMSS` (UTC).
fn epoch_of(ts: &str) -> Option<i64> {
    let n = |r: std::ops::Range<usize>| ts.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (n(0..4)?, n(4..6)?, n(6..8)?);
    let (h, mi, s) = (n(9..11)?, n(11..13)?, n(13..15)?);
    // days from civil (Howard Hinnant)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + h * 3600 + mi * 60 + s)
}

// ---------------------------------------------------------------------------------------
// What the fixture knows about keys

/// Access key id → secret, from every file of the fixture: AWS files, `env`, and
/// credential_process scripts (`"AccessKeyId": …, "SecretAccessKey": …`).
fn key_secrets(dir: &Path) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let lower = text.to_ascii_lowercase();
            let mut marks: Vec<(usize, bool)> = Vec::new();
            for (needle, is_key) in [
                ("aws_access_key_id", true),
                ("accesskeyid", true),
                ("aws_secret_access_key", false),
                ("secretaccesskey", false),
            ] {
                marks.extend(
                    lower
                        .match_indices(needle)
                        .map(|(i, _)| (i + needle.len(), is_key)),
                );
            }
            marks.sort();
            let value = |at: usize| {
                let rest = text[at..].trim_start_matches([' ', '\t', '"', '\'', '=', ':']);
                rest.split([' ', '\t', '\r', '\n', '"', '\'', ',', '}'])
                    .next()
                    .unwrap_or("")
                    .to_owned()
            };
            let mut pending: Option<String> = None;
            for (at, is_key) in marks {
                let v = value(at);
                if v.is_empty() || v.starts_with('$') {
                    continue;
                }
                if is_key {
                    pending = Some(v);
                } else if let Some(k) = pending.take() {
                    map.insert(k, v);
                }
            }
        }
    }
    map
}

/// The static key id of each profile in `~/.aws/credentials` and `~/.aws/config`.
fn profile_keys(home: &Path) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (file, config) in [(".aws/credentials", false), (".aws/config", true)] {
        let Ok(text) = std::fs::read_to_string(home.join(file)) else {
            continue;
        };
        let mut section: Option<String> = None;
        for line in text.lines() {
            let t = line.trim().trim_start_matches('\u{feff}');
            if let Some(h) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                let h = h.trim();
                section = if config {
                    if h == "default" {
                        Some("default".into())
                    } else {
                        h.strip_prefix("profile ")
                            .map(|n| n.trim().trim_matches(['"', '\'']).to_owned())
                    }
                } else {
                    Some(h.to_owned())
                };
                continue;
            }
            if let (Some(s), Some((k, v))) = (&section, t.split_once('='))
                && k.trim().eq_ignore_ascii_case("aws_access_key_id")
            {
                map.entry(s.clone()).or_insert_with(|| v.trim().to_owned());
            }
        }
    }
    map
}

fn read_lines(p: &Path) -> Option<Vec<String>> {
    std::fs::read_to_string(p).ok().map(|t| {
        t.lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

// ---------------------------------------------------------------------------------------
// URLs that matter

fn git_config(m: &Machine, host: &Host, oracle: &Oracle, args: &[&str]) -> String {
    let out = Command::new(&host.git)
        .arg("config")
        .args(args)
        .env_clear()
        .envs(machine_env(m, host, oracle))
        .current_dir(m.cwd())
        .output()
        .expect("git config");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn is_codecommit_host(host: &str) -> bool {
    host.split('.')
        .any(|l| l == "git-codecommit" || l == "git-codecommit-fips")
}

/// A concrete URL for a credential scope: `*` labels become a region (or a VPC endpoint id
/// in first position); a scope without a path gets `/v1/repos/x`.
fn concretize(scope: &str) -> Option<String> {
    let (scheme, rest) = scope.split_once("://")?;
    if scheme != "https" {
        return None;
    }
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    if !is_codecommit_host(host) {
        return None;
    }
    let region = if host.ends_with(".cn") {
        "cn-north-1"
    } else if host.contains("fips") {
        "us-gov-west-1"
    } else {
        "us-east-1"
    };
    let labels: Vec<String> = host
        .split('.')
        .enumerate()
        .map(|(i, l)| match (i, l) {
            (0, "*") => VPCE_LABEL.to_owned(),
            (_, "*") => region.to_owned(),
            _ => l.to_owned(),
        })
        .collect();
    let path = if path.trim_matches('/').is_empty() {
        "v1/repos/x"
    } else {
        path.trim_matches('/')
    };
    Some(format!("https://{}/{path}", labels.join(".")))
}

fn urls_that_matter(m: &Machine, host: &Host, oracle: &Oracle) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for line in git_config(m, host, oracle, &["--get-regexp", r"^remote\..*\.url$"]).lines() {
        if let Some((_, url)) = line.split_once(' ')
            && url.starts_with("https://")
            && is_codecommit_host(&url_parts(url).0)
            && !urls.contains(&url.to_owned())
        {
            urls.push(url.to_owned());
        }
    }
    if !urls.is_empty() {
        return urls;
    }
    urls.push(STANDARD_URL.to_owned());
    let standard_host = url_parts(STANDARD_URL).0;
    let names = git_config(
        m,
        host,
        oracle,
        &["--name-only", "--get-regexp", r"^credential\."],
    );
    for name in names.lines() {
        // credential.<url>.<key>: the url is everything between the first and last dot
        let Some(inner) = name
            .strip_prefix("credential.")
            .and_then(|r| r.rsplit_once('.'))
            .map(|(u, _)| u)
        else {
            continue;
        };
        if let Some(url) = concretize(inner) {
            let (h, _, p) = url_parts(&url);
            let form_is_new = h != standard_host || p != "v1/repos/x";
            if form_is_new && !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    urls
}

// ---------------------------------------------------------------------------------------
// Verdicts

#[derive(Clone)]
struct UrlVerdict {
    url: String,
    fresh: bool,
    why: String,
}

fn judge(
    fill: &Fill,
    url: &str,
    secrets: &BTreeMap<String, String>,
    expect: Option<&[String]>,
) -> UrlVerdict {
    let v = |fresh: bool, _key: Option<String>, why: String| UrlVerdict {
        url: url.to_owned(),
        fresh,
        why,
    };
    if fill.timed_out {
        return v(false, None, "git credential fill timed out".into());
    }
    let (Some(user), Some(pass)) = (&fill.username, &fill.password) else {
        let err = fill
            .stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_owned();
        return v(false, None, format!("no answer ({err})"));
    };
    if !is_sigv4_password(pass) {
        return v(false, None, format!("password {pass:?} from {user:?}"));
    }
    let key = user.split('%').next().unwrap().to_owned();
    let ts = &pass[..15];
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    match epoch_of(ts) {
        Some(t) if (now - t).abs() <= 15 * 60 => {}
        _ => return v(false, None, format!("signature dated {ts}: a stored one")),
    }
    let Some(secret) = secrets.get(&key) else {
        return v(false, None, format!("signed with unknown key {key}"));
    };
    let (host, region, path) = url_parts(url);
    let Some(region) = region else {
        return v(false, None, "no region in host".into());
    };
    if sign(secret, ts, &region, &host, &format!("/{path}")) != *pass {
        let why = if sign(secret, ts, &region, &host, "/") == *pass {
            "signed without the path (UseHttpPath off)".to_owned()
        } else {
            "signature does not verify".to_owned()
        };
        return v(false, Some(key), why);
    }
    if let Some(keys) = expect
        && !keys.contains(&key)
    {
        return v(
            false,
            Some(key.clone()),
            format!("signed with {key}, not {keys:?}"),
        );
    }
    v(true, Some(key.clone()), format!("fresh ({key})"))
}

/// Tells git the credential worked, as it does after a successful HTTP request (`store` on
/// every helper); true when a storing helper of git's own (`store`, `cache`) was asked.
fn approve(m: &Machine, host: &Host, oracle: &Oracle, fill: &Fill) -> bool {
    let _ = std::fs::remove_file(&oracle.trace);
    let mut cmd = Command::new(&host.git);
    cmd.args(["credential", "approve"])
        .env_clear()
        .envs(env_with(m, host, &oracle.quiet))
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_TRACE", &oracle.trace)
        .current_dir(m.cwd());
    common::run_with_timeout(
        &mut cmd,
        &format!("{}\n", fill.raw),
        Duration::from_secs(60),
    );
    let trace = std::fs::read_to_string(&oracle.trace).unwrap_or_default();
    let cache = trace.contains("credential-cache");
    cache || trace.contains("credential-store")
}

/// One URL: `fill`; when that is fresh and git would then store it in a helper of its own,
/// `approve` and `fill` again a second later: a storing helper that answers before the
/// CodeCommit helper replays the same (soon stale) password.
fn oracle_url(
    m: &Machine,
    host: &Host,
    oracle: &Oracle,
    url: &str,
    secrets: &BTreeMap<String, String>,
    expect: Option<&[String]>,
) -> UrlVerdict {
    let _ = std::fs::remove_file(&oracle.log);
    let first = credential_fill(m, host, oracle, url);
    let mut verdict = judge(&first, url, secrets, expect);
    if !verdict.fresh {
        // what the recording shims and stubs saw, and the helpers git ran
        let log = std::fs::read_to_string(&oracle.log).unwrap_or_default();
        let asked: Vec<&str> = log.lines().filter(|l| l.starts_with("== ")).collect();
        let path_sent = log.lines().any(|l| l.starts_with("path="));
        verdict.why = format!(
            "{} [git ran {:?}; recorded {asked:?}, path sent: {path_sent}]",
            verdict.why, first.helpers
        );
    }
    if !verdict.fresh || !approve(m, host, oracle, &first) {
        return verdict;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    std::thread::sleep(
        Duration::from_millis(1050) - Duration::from_millis(now.subsec_millis().into()),
    );
    let second = credential_fill(m, host, oracle, url);
    let after = judge(&second, url, secrets, expect);
    let replayed = second.password.is_some() && second.password == first.password;
    let cleanup = Command::new(&host.git)
        .args(["credential-cache", "exit"])
        .env_clear()
        .envs(machine_env(m, host, oracle))
        .current_dir(m.cwd())
        .output();
    drop(cleanup); // stops a cache daemon started in the machine's home, if any
    if replayed {
        UrlVerdict {
            fresh: false,
            why: "fresh once, then git stores it and a storing helper answers first with that password (stale after 15 min)".into(),
            ..verdict
        }
    } else {
        after
    }
}

fn oracle_verdicts(
    m: &Machine,
    host: &Host,
    oracle: &Oracle,
    urls: &[String],
    secrets: &BTreeMap<String, String>,
    expect: Option<&[String]>,
) -> Vec<UrlVerdict> {
    urls.iter()
        .map(|u| oracle_url(m, host, oracle, u, secrets, expect))
        .collect()
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Puts back the files of `want` and removes the ones only `now` has.
fn restore(want: &BTreeMap<PathBuf, Vec<u8>>, now: &BTreeMap<PathBuf, Vec<u8>>) {
    for (p, bytes) in want {
        if now.get(p) != Some(bytes) {
            std::fs::write(p, bytes).unwrap();
        }
    }
    for p in now.keys().filter(|p| !want.contains_key(*p)) {
        let _ = std::fs::remove_file(p);
    }
}

fn cc_lint(m: &Machine, host: &Host, oracle: &Oracle, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .envs(machine_env(m, host, oracle))
        .current_dir(m.cwd());
    common::run_with_timeout(&mut cmd, "", Duration::from_secs(120))
        .expect("cc-lint finishes in 120 s")
}

fn is_codecommit_helper(cmd: &str) -> bool {
    cmd.contains("codecommit") || cmd.contains("cc-lint")
}

#[derive(Default)]
struct Row {
    name: String,
    oracle: String,
    oracle_fresh: bool,
    check: String,
    check_error: bool,
    /// kind → detail of today's disagreement
    divergences: BTreeMap<String, String>,
    fix: String,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run_fixture(name: &str, host: &Host) -> Row {
    let fixture = real_dir().join(name);
    let mut row = Row {
        name: name.to_owned(),
        ..Row::default()
    };
    let secrets = key_secrets(&fixture);
    let expect = read_lines(&fixture.join("EXPECT_KEY"));
    let stated = std::fs::read_to_string(fixture.join("ORACLE")).ok();

    let m = Machine::fixture(&format!("real/{name}"));
    let oracle = Oracle::new(host);
    let urls = urls_that_matter(&m, host, &oracle);

    // b. the claim (first: the oracle's `approve` may write ~/.git-credentials)
    let out = cc_lint(&m, host, &oracle, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: check printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap_or("?").to_owned())
        .collect();
    let others: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] != "error")
        .map(|f| format!("{}:{}", f["code"].as_str().unwrap_or("?"), f["severity"]))
        .collect();
    row.check_error = !errors.is_empty();
    row.check = format!("errors {errors:?} others {others:?}");

    // a. the oracle
    if let Some(stated) = &stated {
        let stated = stated.trim();
        row.oracle_fresh = stated.starts_with("fresh");
        assert!(
            row.oracle_fresh || stated.starts_with("not-fresh"),
            "{name}/ORACLE must start with `fresh` or `not-fresh`"
        );
        row.oracle = format!("stated: {}", one_line(stated));
    } else {
        let verdicts = oracle_verdicts(&m, host, &oracle, &urls, &secrets, expect.as_deref());
        row.oracle_fresh = verdicts.iter().all(|v| v.fresh);
        row.oracle = verdicts
            .iter()
            .map(|v| format!("{} → {}", v.url, v.why))
            .collect::<Vec<_>>()
            .join("; ");
    }
    if row.check_error == row.oracle_fresh {
        row.divergences.insert(
            "check".into(),
            if row.oracle_fresh {
                format!("git gets a fresh signature but check reports {errors:?}")
            } else {
                format!("git gets no fresh signature but check has no error ({others:?})")
            },
        );
    }

    // c. fix
    let Some(profile) = read_lines(&fixture.join("FIX_PROFILE")).and_then(|l| l.first().cloned())
    else {
        row.fix = "no FIX_PROFILE".into();
        return row;
    };
    let m = Machine::fixture(&format!("real/{name}"));
    let oracle = Oracle::new(host);
    let want: Vec<String> = match read_lines(&fixture.join("FIX_EXPECT_KEY")) {
        Some(keys) => keys,
        None => vec![
            profile_keys(&m.home())
                .get(&profile)
                .cloned()
                .unwrap_or_else(|| {
                    panic!("{name}: no key for profile {profile}; add FIX_EXPECT_KEY")
                }),
        ],
    };
    let other_before: Vec<String> = helpers_for(&m, host, &oracle, OTHER_URL)
        .into_iter()
        .filter(|h| !is_codecommit_helper(h))
        .collect();
    let out = cc_lint(&m, host, &oracle, &["fix", "--yes", "--profile", &profile]);
    let said = one_line(&format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ));
    let mut problems = Vec::new();
    if out.status.code() != Some(0) {
        problems.push(format!(
            "fix exited {:?}: {}",
            out.status.code(),
            said.chars().take(300).collect::<String>()
        ));
    }
    // the second fix, on what the first one wrote
    let fixed = snapshot(m.root());
    let out = cc_lint(&m, host, &oracle, &["fix", "--yes", "--profile", &profile]);
    let again = snapshot(m.root());
    let changed: Vec<String> = again
        .keys()
        .chain(fixed.keys())
        .filter(|p| fixed.get(*p) != again.get(*p))
        .map(|p| m.relative(&p.to_string_lossy()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if out.status.code() != Some(0) || !changed.is_empty() {
        row.divergences.insert(
            "second-fix".into(),
            format!(
                "second fix exited {:?}, changed {changed:?}: {}",
                out.status.code(),
                one_line(&String::from_utf8_lossy(&out.stderr))
                    .chars()
                    .take(200)
                    .collect::<String>()
            ),
        );
    }
    // git is judged on what the first fix wrote
    restore(&fixed, &again);
    let after = oracle_verdicts(&m, host, &oracle, &urls, &secrets, Some(&want));
    for v in after.iter().filter(|v| !v.fresh) {
        problems.push(format!("after fix {} → {}", v.url, v.why));
    }
    let other_after = helpers_for(&m, host, &oracle, OTHER_URL);
    if other_after != other_before {
        problems.push(format!(
            "{OTHER_URL} ran {other_before:?} before, {other_after:?} after"
        ));
    }
    row.fix = if problems.is_empty() {
        "fixed".into()
    } else {
        problems.join("; ")
    };
    if !problems.is_empty() {
        row.divergences.insert("fix".into(), row.fix.clone());
    }
    row
}

fn known_divergences() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(real_dir().join("KNOWN-DIVERGENCES")).unwrap_or_default();
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, '\t').collect();
        assert!(
            parts.len() == 3
                && ["check", "fix", "second-fix"].contains(&parts[1])
                && !parts[2].trim().is_empty(),
            "KNOWN-DIVERGENCES line {}: want `name<TAB>check|fix|second-fix<TAB>reason`: {line:?}",
            i + 1
        );
        let old = map.insert(
            (parts[0].to_owned(), parts[1].to_owned()),
            parts[2].to_owned(),
        );
        assert!(old.is_none(), "KNOWN-DIVERGENCES line {}: duplicate", i + 1);
    }
    map
}

#[test]
fn check_and_fix_agree_with_git_on_published_configurations() {
    let host = host();
    let mut names: Vec<String> = std::fs::read_dir(real_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if let Ok(only) = std::env::var("CC_LINT_DIFF_ONLY") {
        names.retain(|n| only.split(',').any(|o| o == n));
    }
    for n in &names {
        assert!(
            real_dir().join(n).join("SOURCE").is_file(),
            "fixtures/real/{n} needs a SOURCE file"
        );
    }
    let jobs: usize = std::env::var("CC_LINT_DIFF_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(4);
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<Row>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(name) = names.get(i) else { break };
                    let row = run_fixture(name, &host);
                    rows.lock().unwrap().push(row);
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by(|a, b| a.name.cmp(&b.name));

    let known = known_divergences();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut table = String::new();
    let mut unexpected = Vec::new();
    for r in &rows {
        let mut status = Vec::new();
        for (kind, detail) in &r.divergences {
            let key = (r.name.clone(), kind.clone());
            if known.contains_key(&key) {
                status.push(format!("known {kind}"));
            } else {
                status.push(format!("NEW {kind}"));
                unexpected.push(format!("{}\t{kind}\t{detail}", r.name));
            }
            seen.insert(key);
        }
        for kind in ["check", "fix", "second-fix"] {
            let key = (r.name.clone(), kind.to_owned());
            if known.contains_key(&key) && !r.divergences.contains_key(kind) {
                status.push(format!("AGREES NOW {kind}"));
                unexpected.push(format!(
                    "{}\t{kind}\tagrees now: remove it from the list",
                    r.name
                ));
            }
        }
        table.push_str(&format!(
            "\n{:<44} {}\n    git:   {}\n    check: {} (error: {})\n    fix:   {}\n",
            r.name,
            if status.is_empty() {
                "agrees".to_owned()
            } else {
                status.join(", ")
            },
            r.oracle,
            r.check,
            r.check_error,
            r.fix
        ));
        for (kind, detail) in &r.divergences {
            table.push_str(&format!("    {kind}: {detail}\n"));
        }
    }
    let ran: BTreeSet<&String> = names.iter().collect();
    for (name, kind) in known.keys() {
        if !ran.contains(name) && std::env::var("CC_LINT_DIFF_ONLY").is_err() {
            unexpected.push(format!("{name}\t{kind}\tno such fixture"));
        }
    }
    if std::env::var("CC_LINT_DIFF_TABLE").is_ok() {
        println!("{table}");
    }
    if std::env::var("CC_LINT_DIFF_ONLY").is_err() {
        assert!(rows.len() >= 60, "only {} fixtures", rows.len());
    }
    assert!(
        unexpected.is_empty(),
        "per fixture:{table}\nnot as listed in fixtures/real/KNOWN-DIVERGENCES:\n{}",
        unexpected.join("\n")
    );
}
