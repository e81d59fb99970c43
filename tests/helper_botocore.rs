//! `cc-lint credential-helper get` against the AWS CLI's own helper code: the same
//! request, credentials and (frozen) instant must give byte-identical `username=` and
//! `password=` lines. The reference runs the installed awscli/botocore in-process
//! (tests/support/awscli_reference.py); without python3 + awscli this test fails.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::helper::*;
use common::run_with_input;
use serde_json::{Value, json};

struct Case {
    input: String,
    timestamp: &'static str,
    access: &'static str,
    secret: &'static str,
    token: Option<&'static str>,
}

fn request(host: &str, path: &str) -> String {
    format!("protocol=https\nhost={host}\npath={path}\n\n")
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |input: String, timestamp, access, secret, token| {
        cases.push(Case {
            input,
            timestamp,
            access,
            secret,
            token,
        })
    };
    // every region CodeCommit is offered in, outside China (which follows below)
    for region in cc_lint::parse::endpoint::REGIONS
        .iter()
        .filter(|r| !r.starts_with("cn-"))
    {
        add(
            request(
                &format!("git-codecommit.{region}.amazonaws.com"),
                "v1/repos/test_repo",
            ),
            "20171224T115320",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        );
    }
    for region in ["cn-north-1", "cn-northwest-1"] {
        add(
            request(
                &format!("git-codecommit.{region}.amazonaws.com.cn"),
                "v1/repos/china",
            ),
            "20240229T120000",
            "AKIDCN",
            "cn/secret+=",
            None,
        );
    }
    let forms = [
        "git-codecommit-fips.us-east-1.amazonaws.com",
        "git-codecommit-fips.us-gov-west-1.amazonaws.com",
        "git-codecommit-fips.ca-central-1.amazonaws.com:443",
        "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
        "vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com",
        "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit-fips.us-east-1.vpce.amazonaws.com",
        "vpce-0b47ea360adebf88a-jkl88hez-us-west-2b.git-codecommit-fips.us-east-1.vpce.amazonaws.com:443",
        "git-codecommit.us-west-2.amazonaws.com:443",
        "git-codecommit.us-west-2.amazonaws.com:8443",
        "git-codecommit.eu-west-1.amazonaws.com:1",
    ];
    for host in forms {
        add(
            request(host, "v1/repos/myrepo"),
            "20101008T000000",
            "foo",
            "bar",
            Some("FwoGZXIvYXdzE+/token=="),
        );
    }
    let paths = [
        "v1/repos/test_repo",
        "/v1/repos/test_repo",
        "v1/repos/My.Repo_name-2",
        "v1/repos/a b",
        "v1/repos/r%20x",
        "v1/repos/répo-ü",
        "v1/repos/x/info/refs",
        "v1/repos/UPPER",
    ];
    for path in paths {
        add(
            request("git-codecommit.us-east-2.amazonaws.com", path),
            "20201231T235959",
            "ASIAEXAMPLE",
            "s/e+c=r/e+t==",
            Some("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/=="),
        );
    }
    for timestamp in [
        "20191231T235959",
        "20200101T000000",
        "20200228T235959",
        "20200229T000000",
        "20210301T000000",
        "20991231T235959",
        "19700101T000000",
    ] {
        add(
            request(
                "git-codecommit.ap-southeast-2.amazonaws.com",
                "v1/repos/dates",
            ),
            timestamp,
            "AKIDDATES",
            "secret",
            None,
        );
    }
    // Request shapes: CRLF, no trailing blank line, unknown keys, repeated keys (last wins).
    let shapes = [
        "protocol=https\r\nhost=git-codecommit.us-east-1.amazonaws.com\r\npath=v1/repos/crlf\r\n".to_owned(),
        "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/noblank".to_owned(),
        "capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/caps\nwwwauth[]=Basic realm=\"CodeCommit\"\n\n".to_owned(),
        "protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/first\npath=v1/repos/last\n".to_owned(),
    ];
    for input in shapes {
        add(input, "20230615T101010", "AKIDSHAPES", "secret", None);
    }
    cases
}

/// The AWS CLI's stdout for each case, from the installed awscli.
fn aws_cli_reference(cases: &[Value], home: &Path, extra_env: &[(&str, &Path)]) -> Vec<String> {
    require_python(&["botocore", "awscli"]);
    let mut cmd = Command::new("python3");
    cmd.arg(support_file("awscli_reference.py"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let output = run_with_input(&mut cmd, &Value::from(cases.to_vec()).to_string());
    assert!(
        output.status.success(),
        "the AWS CLI reference failed ({}): {}",
        output.status,
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("reference prints a JSON list of strings")
}

/// `username=` and `password=` from our answer, which must also carry
/// `password_expiry_utc=` as its third and last line.
fn first_two_lines(answer: &str) -> String {
    let lines: Vec<&str> = answer.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 3, "{answer:?}");
    assert!(lines[2].starts_with("password_expiry_utc=") && lines[2].ends_with('\n'));
    assert!(!answer.contains('\r'));
    lines[..2].concat()
}

#[test]
fn env_credentials_match_the_aws_cli_byte_for_byte() {
    let home = tempfile::tempdir().unwrap();
    let cases = cases();
    let json_cases: Vec<Value> = cases
        .iter()
        .map(|c| json!({"input": c.input, "timestamp": c.timestamp, "access": c.access, "secret": c.secret, "token": c.token}))
        .collect();
    let expected = aws_cli_reference(&json_cases, home.path(), &[]);
    assert_eq!(expected.len(), cases.len());

    for (case, expected) in cases.iter().zip(&expected) {
        assert!(
            expected.starts_with("username="),
            "AWS CLI gave no answer for {:?}",
            case.input
        );
        let mut cmd = helper_command(home.path());
        cmd.env("AWS_ACCESS_KEY_ID", case.access)
            .env("AWS_SECRET_ACCESS_KEY", case.secret)
            .args(["--timestamp", &format!("{}Z", case.timestamp), "get"]);
        if let Some(token) = case.token {
            cmd.env("AWS_SESSION_TOKEN", token);
        }
        let output = run_with_input(&mut cmd, &case.input);
        assert!(
            output.status.success(),
            "{:?}: {}",
            case.input,
            stderr(&output)
        );
        assert_eq!(
            &first_two_lines(&stdout(&output)),
            expected,
            "case {:?} at {}",
            case.input,
            case.timestamp
        );
    }
}

#[test]
fn profile_names_with_spaces_match_the_aws_cli() {
    let home = tempfile::tempdir().unwrap();
    let config = "[profile 'My Profile']\nregion = eu-west-1\n\
                  [profile \"Quoted Token\"]\nregion = us-east-1\n\
                  [profile plain]\nregion = us-west-2\n";
    let credentials = "[My Profile]\naws_access_key_id = AKIDSPACES\naws_secret_access_key = sp/ac+es=\n\
                       [Quoted Token]\naws_access_key_id = ASIAQUOTED\naws_secret_access_key = q\naws_session_token = tok+/=\n\
                       [plain]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = plain\n";
    write_aws_files(home.path(), config, credentials);
    let config_path = home.path().join(".aws").join("config");
    let credentials_path = home.path().join(".aws").join("credentials");

    let input = request("git-codecommit.us-east-1.amazonaws.com", "v1/repos/spaces");
    let profiles = ["My Profile", "Quoted Token", "plain"];
    let json_cases: Vec<Value> = profiles
        .iter()
        .map(|p| json!({"input": input, "timestamp": "20251126T104634", "profile": p}))
        .collect();
    let expected = aws_cli_reference(
        &json_cases,
        home.path(),
        &[
            ("AWS_CONFIG_FILE", &config_path),
            ("AWS_SHARED_CREDENTIALS_FILE", &credentials_path),
        ],
    );
    for (profile, expected) in profiles.iter().zip(&expected) {
        let output = run_with_input(
            helper_command(home.path()).args([
                "--profile",
                profile,
                "--timestamp",
                "20251126T104634Z",
                "get",
            ]),
            &input,
        );
        assert!(output.status.success(), "{profile}: {}", stderr(&output));
        assert_eq!(
            &first_two_lines(&stdout(&output)),
            expected,
            "profile {profile}"
        );
    }
}

#[test]
fn lookalike_hosts_get_nothing_although_the_aws_cli_signs_them() {
    let home = tempfile::tempdir().unwrap();
    let hosts = [
        "git-codecommit.us-east-1.amazonaws.com.evil.example",
        "myamazon.com.attacker.net",
        "git-codecommit.us-east-1.amazonaws.com.cn.evil.example",
    ];
    let json_cases: Vec<Value> = hosts
        .iter()
        .map(|h| json!({"input": request(h, "v1/repos/x"), "timestamp": "20200101T000000", "access": "AKIDLEAK", "secret": "s", "token": "SECRET-SESSION-TOKEN", "region": "us-east-1"}))
        .collect();
    let aws = aws_cli_reference(&json_cases, home.path(), &[]);
    for (host, aws) in hosts.iter().zip(&aws) {
        assert!(
            aws.contains("SECRET-SESSION-TOKEN"),
            "the AWS CLI leaks the token to {host} (substring host check)"
        );
        let output = run_with_input(
            helper_command(home.path())
                .env("AWS_ACCESS_KEY_ID", "AKIDLEAK")
                .env("AWS_SECRET_ACCESS_KEY", "s")
                .env("AWS_SESSION_TOKEN", "SECRET-SESSION-TOKEN")
                .arg("get"),
            &request(host, "v1/repos/x"),
        );
        assert!(output.status.success());
        assert_eq!(stdout(&output), "", "{host}");
        assert_eq!(stderr(&output), "", "{host}");
    }
}
