//! The credential chain behind `cc-lint credential-helper`, offline: assume-role against
//! a local moto_server (and the on-disk role cache shared with the AWS CLI),
//! `credential_process`, environment keys, missing profiles (fast, no instance metadata),
//! and SSO sessions that need `aws sso login`. Every endpoint is on 127.0.0.1.

mod common;

use std::io::ErrorKind;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::helper::*;
use common::run_with_input;
use serde_json::{Value, json};

const REQUEST: &str =
    "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/chain\n\n";

/// A port with a listener that never accepts: anything that connects is detected.
struct Tripwire(TcpListener);

impl Tripwire {
    fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind tripwire");
        listener.set_nonblocking(true).expect("nonblocking");
        Self(listener)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.0.local_addr().unwrap().port())
    }

    fn was_contacted(&self) -> bool {
        match self.0.accept() {
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::WouldBlock => false,
            Err(e) => panic!("tripwire: {e}"),
        }
    }
}

/// The helper with a temporary home, every AWS endpoint pointed at a tripwire (so
/// nothing can leave 127.0.0.1), and instance metadata disabled.
fn helper(home: &Path, tripwire: &Tripwire) -> Command {
    let mut cmd = helper_command(home);
    cmd.env("AWS_ENDPOINT_URL", tripwire.url())
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", tripwire.url());
    cmd
}

fn answer_lines(output: &Output) -> (String, String, i64) {
    assert!(output.status.success(), "helper failed: {}", stderr(output));
    let text = stdout(output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let username = lines[0]
        .strip_prefix("username=")
        .expect("username line")
        .to_owned();
    let password = lines[1]
        .strip_prefix("password=")
        .expect("password line")
        .to_owned();
    let expiry = lines[2]
        .strip_prefix("password_expiry_utc=")
        .and_then(|v| v.parse().ok())
        .expect("expiry line");
    (username, password, expiry)
}

/// The AWS CLI's password for these credentials at `timestamp` (tests/support/awscli_reference.py).
fn aws_cli_answer(
    home: &Path,
    access: &str,
    secret: &str,
    token: Option<&str>,
    timestamp: &str,
) -> String {
    require_python(&["botocore", "awscli"]);
    let cases = json!([{"input": REQUEST, "timestamp": timestamp, "access": access, "secret": secret, "token": token}]);
    let output = run_with_input(
        Command::new("python3")
            .arg(support_file("awscli_reference.py"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_EC2_METADATA_DISABLED", "true"),
        &cases.to_string(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let answers: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    answers.into_iter().next().unwrap()
}

fn now_unix() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

struct Moto {
    port: u16,
    log: std::path::PathBuf,
    guard: Option<ChildGuard>,
}

impl Moto {
    fn start(dir: &Path) -> Self {
        require_program("moto_server", "--help");
        let port = free_port();
        let log = dir.join("moto.log");
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("moto log"))
            .spawn()
            .expect("start moto_server");
        let guard = ChildGuard(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            port,
            log,
            guard: Some(guard),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// STS calls so far (moto logs one `POST /` per API call).
    fn sts_calls(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("\"POST / "))
            .count()
    }

    fn stop(&mut self) {
        self.guard = None;
    }
}

#[test]
fn assume_role_with_spaced_profiles_then_served_from_the_cache() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    let mut moto = Moto::start(home.path());
    write_aws_files(
        home.path(),
        "[profile 'Dev Role']\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = My Base\nregion = us-east-1\n",
        "[My Base]\naws_access_key_id = AKIDBASEEXAMPLE\naws_secret_access_key = base/secret+=\n",
    );
    let run = |moto_url: Option<&str>| {
        let mut cmd = helper(home.path(), &tripwire);
        if let Some(url) = moto_url {
            cmd.env("AWS_ENDPOINT_URL_STS", url);
        }
        run_with_input(
            cmd.args([
                "--profile",
                "Dev Role",
                "--timestamp",
                "20261126T104634Z",
                "get",
            ]),
            REQUEST,
        )
    };

    let first = run(Some(&moto.url()));
    let (username, password, _) = answer_lines(&first);
    assert_eq!(moto.sts_calls(), 1, "one AssumeRole");
    let (akid, token) = username
        .split_once('%')
        .expect("temporary credentials carry a token");
    assert!(akid.starts_with("ASIA"), "{username}");
    assert!(!token.is_empty());

    // The cache entry is the AWS CLI's: sha1 of the role arguments, STS response shape, 0600.
    let cache_dir = home.path().join(".aws/cli/cache");
    let entries: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let python_key = Command::new("python3")
        .args([
            "-c",
            "import json,hashlib;print(hashlib.sha1(json.dumps({'RoleArn':'arn:aws:iam::123456789012:role/dev'},sort_keys=True).encode()).hexdigest())",
        ])
        .output()
        .unwrap();
    assert_eq!(
        entries[0].file_name().unwrap().to_str().unwrap(),
        format!("{}.json", stdout(&python_key).trim())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&entries[0]).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let cached: Value =
        serde_json::from_str(&std::fs::read_to_string(&entries[0]).unwrap()).unwrap();
    let creds = &cached["Credentials"];
    assert_eq!(creds["AccessKeyId"], akid);
    assert_eq!(creds["SessionToken"], token);

    // User name and signature come from the same credential set.
    let secret = creds["SecretAccessKey"].as_str().unwrap();
    let expected = aws_cli_answer(home.path(), akid, secret, Some(token), "20261126T104634");
    assert_eq!(
        expected,
        format!("username={username}\npassword={password}\n")
    );

    // Second call: from the cache, no STS call, even with STS gone.
    let second = run(Some(&moto.url()));
    assert_eq!(answer_lines(&second).0, username);
    assert_eq!(moto.sts_calls(), 1, "the second call must not call STS");
    moto.stop();
    let third = run(None);
    assert_eq!(answer_lines(&third).0, username, "{}", stderr(&third));
    assert!(!tripwire.was_contacted());

    // The AWS CLI reads the entry too (no STS reachable: it must come from the cache).
    require_program("aws", "--version");
    let aws = run_with_input(
        Command::new("aws")
            .args([
                "--profile",
                "Dev Role",
                "codecommit",
                "credential-helper",
                "get",
            ])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("AWS_CONFIG_FILE", home.path().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                home.path().join(".aws/credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL_STS", tripwire.url()),
        REQUEST,
    );
    assert!(
        stdout(&aws).starts_with(&format!("username={username}\n")),
        "AWS CLI did not use the shared cache: {} {}",
        stdout(&aws),
        stderr(&aws)
    );
    assert!(!tripwire.was_contacted(), "the AWS CLI called STS");
}

#[test]
fn credential_process_is_run_once_and_its_expiry_caps_the_password() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    let script = home.path().join("creds.py");
    let calls = home.path().join("calls");
    std::fs::write(
        &script,
        format!(
            "import datetime, json\n\
             open({calls:?}, 'a').write('x')\n\
             n = len(open({calls:?}).read())\n\
             exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=10)\n\
             print(json.dumps({{'Version': 1, 'AccessKeyId': f'ASIAPROC{{n}}', 'SecretAccessKey': f'proc/secret+{{n}}',\n\
                 'SessionToken': f'proc-token-{{n}}', 'Expiration': exp.strftime('%Y-%m-%dT%H:%M:%SZ')}}))\n",
            calls = calls.to_str().unwrap()
        ),
    )
    .unwrap();
    write_aws_files(
        home.path(),
        &format!(
            "[profile proc]\ncredential_process = python3 {}\n",
            script.display()
        ),
        "",
    );
    let before = now_unix();
    let output = run_with_input(
        helper(home.path(), &tripwire).args(["--profile", "proc", "get"]),
        REQUEST,
    );
    let (username, password, expiry) = answer_lines(&output);
    assert_eq!(
        std::fs::read_to_string(&calls).unwrap(),
        "x",
        "credential_process runs once"
    );
    assert_eq!(username, "ASIAPROC1%proc-token-1");
    // Signed with the secret of the same (first) set.
    let timestamp = &password[..15];
    let expected = aws_cli_answer(
        home.path(),
        "ASIAPROC1",
        "proc/secret+1",
        Some("proc-token-1"),
        timestamp,
    );
    assert_eq!(
        expected,
        format!("username={username}\npassword={password}\n")
    );
    // Credentials expire in 10 minutes, before the signature (15 min - margin).
    assert!(
        (before + 590..=now_unix() + 600).contains(&expiry),
        "{expiry} vs {before}"
    );
    assert!(!tripwire.was_contacted());
}

#[test]
fn environment_keys_and_profile_variables() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    write_aws_files(
        home.path(),
        "[profile envprof]\nregion = us-east-1\n[profile other]\n",
        "[envprof]\naws_access_key_id = AKIDENVPROF\naws_secret_access_key = s1\n\
         [other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s2\n\
         [default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s3\n",
    );
    let user = |cmd: &mut Command| answer_lines(&run_with_input(cmd.arg("get"), REQUEST)).0;

    // Environment keys come first in the default chain.
    let mut cmd = helper(home.path(), &tripwire);
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "envsecret")
        .env("AWS_SESSION_TOKEN", "env+token/=");
    assert_eq!(user(&mut cmd), "AKIDENV%env+token/=");
    // ... but, as with the AWS CLI, not over an explicit --profile.
    let mut cmd = helper(home.path(), &tripwire);
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "envsecret")
        .args(["--profile", "envprof"]);
    assert_eq!(user(&mut cmd), "AKIDENVPROF");
    // AWS_DEFAULT_PROFILE wins over AWS_PROFILE (botocore's order); else `default`.
    let mut cmd = helper(home.path(), &tripwire);
    cmd.env("AWS_PROFILE", "other")
        .env("AWS_DEFAULT_PROFILE", "envprof");
    assert_eq!(user(&mut cmd), "AKIDENVPROF");
    let mut cmd = helper(home.path(), &tripwire);
    cmd.env("AWS_PROFILE", "other");
    assert_eq!(user(&mut cmd), "AKIDOTHER");
    assert_eq!(user(&mut helper(home.path(), &tripwire)), "AKIDDEFAULT");
    assert!(!tripwire.was_contacted());
}

#[test]
fn missing_profile_fails_fast_without_instance_metadata() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    write_aws_files(
        home.path(),
        "[profile real]\n",
        "[real]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    for (flag, var) in [
        (Some("Missing Profile"), None),
        (None, Some("Missing Profile")),
    ] {
        let mut cmd = helper(home.path(), &tripwire);
        // Instance metadata enabled, pointed at the tripwire: it must not be asked.
        cmd.env_remove("AWS_EC2_METADATA_DISABLED");
        if let Some(flag) = flag {
            cmd.args(["--profile", flag]);
        }
        if let Some(var) = var {
            cmd.env("AWS_PROFILE", var);
        }
        let started = Instant::now();
        let output = run_with_input(cmd.arg("get"), REQUEST);
        let elapsed = started.elapsed();
        assert!(!output.status.success());
        assert_eq!(stdout(&output), "quit=1\n");
        let err = stderr(&output);
        let origin = if flag.is_some() {
            "--profile"
        } else {
            "AWS_PROFILE"
        };
        assert!(
            err.contains(&format!(
                "AWS profile `Missing Profile` (from {origin}) is not defined in"
            )),
            "{err}"
        );
        assert!(
            err.contains(&home.path().join(".aws/config").display().to_string()),
            "{err}"
        );
        assert!(
            err.contains(&home.path().join(".aws/credentials").display().to_string()),
            "{err}"
        );
        assert!(
            err.contains("aws configure --profile 'Missing Profile'"),
            "{err}"
        );
        assert!(!tripwire.was_contacted(), "instance metadata was queried");
        assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    }
}

#[test]
fn sso_profile_without_a_valid_session_says_aws_sso_login() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    write_aws_files(
        home.path(),
        "[profile 'SSO Dev']\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\
         [profile legacy]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\n\
         [profile via-sso]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = legacy\n\
         [sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n",
        "",
    );
    let check = |profile: &str, login: &str| {
        let mut cmd = helper(home.path(), &tripwire);
        cmd.env("AWS_ENDPOINT_URL_SSO", tripwire.url())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", tripwire.url())
            .env("AWS_ENDPOINT_URL_STS", tripwire.url())
            .args(["--profile", profile, "get"]);
        let output = run_with_input(&mut cmd, REQUEST);
        assert!(!output.status.success());
        assert_eq!(stdout(&output), "quit=1\n");
        let err = stderr(&output);
        assert!(
            err.contains(&format!("run: aws sso login --profile {login}")),
            "{err}"
        );
        assert!(err.contains(&format!("`{profile}`")), "{err}");
        assert!(
            !err.contains("cc-lint-profile-"),
            "aliases stay internal: {err}"
        );
        assert!(
            !tripwire.was_contacted(),
            "{profile}: an endpoint was contacted"
        );
    };
    // No token cached at all.
    check("SSO Dev", "'SSO Dev'");
    check("legacy", "legacy");
    // A role sourced from an SSO profile: log in with the SSO profile.
    check("via-sso", "legacy");
    // An expired token without a refresh token (sha1 of the session name / start URL).
    let sso_cache = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&sso_cache).unwrap();
    let token = r#"{"accessToken": "expired-token", "expiresAt": "2020-01-01T00:00:00Z", "region": "us-east-1", "startUrl": "https://example.awsapps.com/start"}"#;
    for key in ["corp", "https://example.awsapps.com/start"] {
        let sha = Command::new("python3")
            .args([
                "-c",
                &format!("import hashlib;print(hashlib.sha1({key:?}.encode()).hexdigest())"),
            ])
            .output()
            .unwrap();
        std::fs::write(
            sso_cache.join(format!("{}.json", stdout(&sha).trim())),
            token,
        )
        .unwrap();
    }
    check("SSO Dev", "'SSO Dev'");
    check("legacy", "legacy");
    check("via-sso", "legacy");
}

#[test]
fn web_identity_profile_against_moto() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    let moto = Moto::start(home.path());
    let token_file = home.path().join("web-identity-token");
    std::fs::write(&token_file, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.").unwrap();
    write_aws_files(
        home.path(),
        &format!(
            "[profile \"CI Web\"]\nrole_arn = arn:aws:iam::123456789012:role/ci\nweb_identity_token_file = {}\nrole_session_name = ci\n",
            token_file.display()
        ),
        "",
    );
    let output = run_with_input(
        helper(home.path(), &tripwire)
            .env("AWS_ENDPOINT_URL_STS", moto.url())
            .args(["--profile", "CI Web", "get"]),
        REQUEST,
    );
    let (username, _, _) = answer_lines(&output);
    let (akid, token) = username.split_once('%').expect("temporary credentials");
    assert!(akid.starts_with("ASIA") && !token.is_empty(), "{username}");
    assert_eq!(moto.sts_calls(), 1);
    assert!(!tripwire.was_contacted());
}

/// A loopback HTTP responder standing in for the ECS credentials endpoint and EC2
/// instance metadata (IMDSv2). Records `METHOD PATH` of every request.
struct MetadataMock {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl MetadataMock {
    fn start() -> Self {
        use std::io::{Read, Write};
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind mock");
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => break,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut words = head.split_whitespace();
                let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                log.lock().unwrap().push(format!("{method} {path}"));
                let creds = |key: &str, token: &str| {
                    format!(
                        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{key}","SecretAccessKey":"{key}-secret","Token":"{token}","Expiration":"2099-01-01T00:00:00Z"}}"#
                    )
                };
                let (status, extra, body) = match (method, path) {
                    ("GET", "/ecs-creds") => ("200 OK", "", creds("AKIDECS", "ecs-token")),
                    ("PUT", "/latest/api/token") => (
                        "200 OK",
                        "x-aws-ec2-metadata-token-ttl-seconds: 21600\r\n",
                        "imds-session".to_owned(),
                    ),
                    ("GET", "/latest/meta-data/iam/security-credentials/") => {
                        ("200 OK", "", "imds-role".to_owned())
                    }
                    ("GET", "/latest/meta-data/iam/security-credentials/imds-role") => {
                        ("200 OK", "", creds("AKIDIMDS", "imds-token"))
                    }
                    _ => ("404 Not Found", "", String::new()),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Self { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[test]
fn default_chain_falls_through_to_ecs_and_instance_metadata() {
    let home = tempfile::tempdir().unwrap();
    let tripwire = Tripwire::new();
    let mock = MetadataMock::start();
    // No env keys, no profile in the files: ECS first ...
    let output = run_with_input(
        helper(home.path(), &tripwire)
            .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", mock.url("/ecs-creds"))
            .arg("get"),
        REQUEST,
    );
    assert_eq!(answer_lines(&output).0, "AKIDECS%ecs-token");
    // ... then instance metadata, when enabled.
    let output = run_with_input(
        helper(home.path(), &tripwire)
            .env_remove("AWS_EC2_METADATA_DISABLED")
            .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", mock.url(""))
            .arg("get"),
        REQUEST,
    );
    let (username, _, expiry) = answer_lines(&output);
    assert_eq!(username, "AKIDIMDS%imds-token");
    // Credentials valid until 2099: the signature's lifetime bounds the expiry.
    assert!(expiry <= now_unix() + 14 * 60 && expiry >= now_unix() + 14 * 60 - 30);
    let seen = mock.seen();
    assert!(
        seen.contains(&"PUT /latest/api/token".to_owned()),
        "{seen:?}"
    );

    // A `default` profile with only a region does not stop the chain ...
    write_aws_files(
        home.path(),
        "[default]\nregion = eu-west-1\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n",
        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n",
    );
    let output = run_with_input(
        helper(home.path(), &tripwire)
            .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", mock.url("/ecs-creds"))
            .arg("get"),
        REQUEST,
    );
    assert_eq!(answer_lines(&output).0, "AKIDECS%ecs-token");
    // ... but a role profile whose STS call fails is an error, never the instance role
    // (aws-config's chain only moves on when a source is not configured).
    let before = mock.seen().len();
    let output = run_with_input(
        helper(home.path(), &tripwire)
            .env_remove("AWS_EC2_METADATA_DISABLED")
            .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", mock.url(""))
            .env(
                "AWS_ENDPOINT_URL_STS",
                format!("http://127.0.0.1:{}", free_port()),
            )
            .env("AWS_PROFILE", "role")
            .arg("get"),
        REQUEST,
    );
    assert_eq!(stdout(&output), "quit=1\n", "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot get credentials for AWS profile `role`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        mock.seen().len(),
        before,
        "instance metadata must not be asked"
    );
    assert!(
        !home.path().join(".aws/cli/cache").exists(),
        "nothing cached"
    );
    assert!(!tripwire.was_contacted());
}
