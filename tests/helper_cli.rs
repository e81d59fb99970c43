//! `cc-lint credential-helper` as a process: actions, exit codes, malformed and
//! oversized input, and what reaches stdout and stderr.

mod common;

use common::helper::*;
use common::run_with_input;

const REQUEST: &str = "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\nusername=u\npassword=hunter2\n\n";

#[test]
fn store_erase_and_unknown_actions_exit_0_silently() {
    let home = tempfile::tempdir().unwrap();
    for action in ["store", "erase", "capability", "list"] {
        let output = run_with_input(helper_command(home.path()).arg(action), REQUEST);
        assert_eq!(output.status.code(), Some(0), "{action}");
        assert_eq!(stdout(&output), "", "{action}");
        assert_eq!(stderr(&output), "", "{action}");
    }
    // Without reading stdin at all (git may close it early) too.
    let output = helper_command(home.path())
        .arg("store")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn malformed_and_oversized_input_fail_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let line = format!("protocol=https\nhost={}\n", "x".repeat(70_000));
    let many = "protocol=https\n".repeat(20_000);
    let cases = [
        (
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\nsecret-looking-line\n",
            "line 3 of the request has no `=`",
        ),
        (
            line.as_str(),
            "line 2 of the request is longer than 65535 bytes",
        ),
        (many.as_str(), "the request is larger than 131072 bytes"),
        (
            "protocol=https\n=x\n",
            "line 2 of the request has an empty key",
        ),
    ];
    for (input, message) in cases {
        let output = run_with_input(
            helper_command(home.path())
                .env("AWS_ACCESS_KEY_ID", "AKIDNOTPRINTED")
                .env("AWS_SECRET_ACCESS_KEY", "s")
                .arg("get"),
            input,
        );
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert_eq!(stdout(&output), "", "{message}");
        let err = stderr(&output);
        assert!(err.contains(message), "{err}");
        assert!(
            !err.contains("secret-looking-line") && !err.contains("AKIDNOTPRINTED"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_timestamp_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let output = run_with_input(
        helper_command(home.path()).args(["--timestamp", "2017-12-24", "get"]),
        REQUEST,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("YYYYMMDDTHHMMSSZ"));
}

#[test]
fn answer_never_appears_on_stderr() {
    let home = tempfile::tempdir().unwrap();
    let output = run_with_input(
        helper_command(home.path())
            .env("AWS_ACCESS_KEY_ID", "AKIDE")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_SESSION_TOKEN", "tok")
            .args(["--timestamp", "20171224T115320Z", "get"]),
        "protocol=https\nhost=git-codecommit.us-west-2.amazonaws.com:443\npath=v1/repos/test_repo\n",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout(&output),
        "username=AKIDE%tok\npassword=20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a\npassword_expiry_utc=1514117240\n"
    );
}
