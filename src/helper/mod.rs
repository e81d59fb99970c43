//! `cc-lint credential-helper`: a native CodeCommit git credential helper.
//!
//! Entry point for the CLI: [`run`]. I/O is passed in so the helper is testable in memory;
//! [`run_with`] also takes the credential source. It returns how the request ended, a
//! [`Status`] or an [`Error`]; `main.rs` turns that into the exit code.
//!
//! stdout carries protocol lines only; every message goes to stderr and none contains a
//! secret (key id and token are part of the user name, so they are never printed either).
//! Both are written by [`protocol`] alone.

pub mod protocol;
pub mod sign;

use std::io::{BufRead, Write};

use crate::awscreds::creds::{self, AwsChain, CredentialSource};
use crate::parse::endpoint::{self as host, CodeCommitHost};
use protocol::Answer;
use sign::SigningTime;

/// A password is accepted for about 15 minutes after its timestamp.
pub const SIGNATURE_LIFETIME_SECS: i64 = 15 * 60;
/// `password_expiry_utc` is this much earlier than the signature's end, so that git
/// (and caching helpers) drop it before CodeCommit does, allowing for clock skew and a
/// slow push.
pub const EXPIRY_MARGIN_SECS: i64 = 60;

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Answered, or nothing to answer: another host or protocol, `store`, `erase`.
    Done,
    /// Not answered; why is on stderr (and `quit=1` on stdout when the host is CodeCommit's).
    Failed,
}

/// The helper could not start: its command line is wrong. Nothing was read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Timestamp(#[from] sign::TimestampError),
}

/// `cc-lint credential-helper`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// AWS profile (default: the AWS default credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Region used when the host does not name one.
    #[arg(long)]
    pub region: Option<String>,
    /// Pin the signing instant (YYYYMMDDTHHMMSSZ), for tests and debugging.
    #[arg(long, value_name = "YYYYMMDDTHHMMSSZ")]
    pub timestamp: Option<String>,
    /// get, store or erase (anything else is ignored).
    pub action: String,
}

/// Runs the helper for one git request, with the AWS credential chain of `env`.
pub fn run(
    args: &Args,
    env: &crate::base::env::Env,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Status, Error> {
    run_with(args, stdin, stdout, stderr, &AwsChain::new(env))
}

/// [`run`] with the credential source injected.
pub fn run_with(
    args: &Args,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    source: &dyn CredentialSource,
) -> Result<Status, Error> {
    if args.action != "get" {
        // `store` and `erase` have nothing to do: the password is computed, not stored.
        // Unknown actions are ignored, as gitcredentials(7) asks.
        protocol::drain(stdin);
        return Ok(Status::Done);
    }
    let at = match &args.timestamp {
        Some(text) => SigningTime::parse(text)?,
        None => SigningTime::now(),
    };
    let request = match protocol::read_request(stdin) {
        Ok(request) => request,
        Err(err) => {
            let message = format!("malformed request from git: {err}");
            protocol::write_message(stderr, &message, None);
            return Ok(Status::Failed);
        }
    };
    Ok(answer(args, &request, &at, stdout, stderr, source))
}

/// Answers a `get` request, or tells git to stop when the host is CodeCommit's and there is
/// no answer.
fn answer(
    args: &Args,
    request: &protocol::Request,
    at: &SigningTime,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    source: &dyn CredentialSource,
) -> Status {
    if request.get("protocol") != Some("https") {
        return Status::Done;
    }
    let Some(host) = request.get("host").and_then(host::parse_host) else {
        return Status::Done;
    };
    // From here on the host is CodeCommit's: when we cannot answer, tell git to stop
    // rather than prompt or ask a helper that may hold a stale password.
    let Some(path) = request.get("path").filter(|p| !p.is_empty()) else {
        return no_path(&host, stdout, stderr);
    };
    let Some(creds) = credentials(args, &host, stderr, source) else {
        return quit(stdout);
    };
    let answer = Answer {
        username: creds.username(),
        password: sign::password(&creds.secret_access_key, &host.region, &host.name, path, at),
        password_expiry_utc: password_expiry(at, creds.expiry),
    };
    match protocol::write_answer(stdout, &answer) {
        Ok(()) => Status::Done,
        Err(err) => {
            let message = format!("cannot write the answer to git: {err}");
            protocol::write_message(stderr, &message, None);
            Status::Failed
        }
    }
}

/// git sent no path (`credential.UseHttpPath` is off), and the password signs one: says how
/// to turn it on, and tells git to stop.
fn no_path(host: &CodeCommitHost, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Status {
    protocol::write_message(
        stderr,
        &format!(
            "git sent no repository path for https://{}, and the CodeCommit password signs /v1/repos/<name>: credential.UseHttpPath must be true for CodeCommit URLs",
            host.name
        ),
        Some(&format!(
            "git config --global 'credential.{}.UseHttpPath' true",
            use_http_path_scope(host)
        )),
    );
    quit(stdout)
}

/// The credentials to sign with, resolved once, with the source's warnings on stderr;
/// `None` (and why, on stderr) when there are none git may be given.
fn credentials(
    args: &Args,
    host: &CodeCommitHost,
    stderr: &mut dyn Write,
    source: &dyn CredentialSource,
) -> Option<creds::Credentials> {
    let resolved = source.credentials(args.profile.as_deref(), &host.region);
    for warning in source.warnings() {
        protocol::write_message(stderr, &format!("warning: {warning}"), None);
    }
    // Every value printed is checked here too, whatever the source checked: a CR, LF or NUL
    // would add protocol lines of its own (`host=…`, `username=…`).
    match resolved.and_then(|c| creds::check_printable(&c, "the credential source").map(|()| c)) {
        Ok(creds) => Some(creds),
        Err(err) => {
            protocol::write_message(stderr, &err.to_string(), err.hint().as_deref());
            None
        }
    }
}

/// The earlier of the signature's lifetime less [`EXPIRY_MARGIN_SECS`] and the
/// credentials' own expiry.
pub fn password_expiry(at: &SigningTime, credentials_expiry: Option<std::time::SystemTime>) -> i64 {
    let signature_end = at.unix() + SIGNATURE_LIFETIME_SECS - EXPIRY_MARGIN_SECS;
    let credentials_end =
        credentials_expiry.map(|t| time::OffsetDateTime::from(t).unix_timestamp());
    credentials_end.map_or(signature_end, |end| end.min(signature_end))
}

/// The `credential.<url>` scope that covers the host's form, as `cc-lint fix` writes it.
fn use_http_path_scope(host: &CodeCommitHost) -> String {
    host.form().pattern()
}

fn quit(stdout: &mut dyn Write) -> Status {
    let _ = protocol::write_quit(stdout);
    Status::Failed
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::awscreds::awsfiles;
    use crate::awscreds::creds::{Credentials, CredsError};

    /// Hands out a new key pair on every call, like a rotating `credential_process`:
    /// a helper that resolves twice would mix them.
    struct Rotating {
        calls: Cell<u32>,
        expiry: Option<SystemTime>,
    }

    impl CredentialSource for Rotating {
        fn credentials(
            &self,
            _profile: Option<&str>,
            _region: &str,
        ) -> Result<Credentials, CredsError> {
            let n = self.calls.get() + 1;
            self.calls.set(n);
            Ok(Credentials {
                access_key_id: format!("ASIAKEY{n}"),
                secret_access_key: format!("secret{n}"),
                session_token: Some(format!("token{n}")),
                expiry: self.expiry,
            })
        }
    }

    struct Failing;

    impl CredentialSource for Failing {
        fn credentials(
            &self,
            profile: Option<&str>,
            _region: &str,
        ) -> Result<Credentials, CredsError> {
            Err(CredsError::SsoLogin {
                profile: profile.unwrap_or("default").to_owned(),
                login_profile: profile.unwrap_or("default").to_owned(),
                detail: "token expired".into(),
            })
        }
    }

    struct Static;

    impl CredentialSource for Static {
        fn credentials(
            &self,
            _profile: Option<&str>,
            _region: &str,
        ) -> Result<Credentials, CredsError> {
            Ok(Credentials {
                access_key_id: "access".into(),
                secret_access_key: "secret".into(),
                session_token: None,
                expiry: None,
            })
        }
    }

    fn args(action: &str, timestamp: Option<&str>, profile: Option<&str>) -> Args {
        Args {
            profile: profile.map(str::to_owned),
            region: None,
            timestamp: timestamp.map(str::to_owned),
            action: action.to_owned(),
        }
    }

    fn call(args: &Args, input: &str, source: &dyn CredentialSource) -> (Status, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let status = run_with(args, &mut input.as_bytes(), &mut out, &mut err, source)
            .expect("the arguments are valid");
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn signs_the_git_remote_codecommit_vector() {
        let (code, out, err) = call(
            &args("get", Some("20171224T115320Z"), None),
            "protocol=https\nhost=git-codecommit.us-west-2.amazonaws.com:443\npath=v1/repos/test_repo\n\n",
            &Static,
        );
        assert_eq!((code, err.as_str()), (Status::Done, ""));
        let expiry = SigningTime::parse("20171224T115320Z").unwrap().unix() + 15 * 60 - 60;
        assert_eq!(
            out,
            format!(
                "username=access\npassword=20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a\npassword_expiry_utc={expiry}\n"
            )
        );
    }

    #[test]
    fn resolves_credentials_once() {
        let source = Rotating {
            calls: Cell::new(0),
            expiry: None,
        };
        let (code, out, _) = call(
            &args("get", Some("20171224T115320Z"), None),
            "protocol=https\nhost=git-codecommit.us-west-2.amazonaws.com\npath=v1/repos/test_repo\n",
            &source,
        );
        assert_eq!(code, Status::Done);
        assert_eq!(source.calls.get(), 1);
        let at = SigningTime::parse("20171224T115320Z").unwrap();
        let expected = sign::password(
            "secret1",
            "us-west-2",
            "git-codecommit.us-west-2.amazonaws.com",
            "v1/repos/test_repo",
            &at,
        );
        assert!(
            out.starts_with(&format!("username=ASIAKEY1%token1\npassword={expected}\n")),
            "{out}"
        );
    }

    #[test]
    fn expiry_is_the_earlier_of_signature_and_credentials() {
        let at = SigningTime::parse("20171224T115320Z").unwrap();
        let signature_end = at.unix() + 14 * 60;
        assert_eq!(password_expiry(&at, None), signature_end);
        let soon =
            SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(at.unix()).unwrap() + 300);
        assert_eq!(password_expiry(&at, Some(soon)), at.unix() + 300);
        let late =
            SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(at.unix()).unwrap() + 7200);
        assert_eq!(password_expiry(&at, Some(late)), signature_end);

        let source = Rotating {
            calls: Cell::new(0),
            expiry: Some(soon),
        };
        let (_, out, _) = call(
            &args("get", Some("20171224T115320Z"), None),
            "protocol=https\nhost=git-codecommit.us-west-2.amazonaws.com\npath=v1/repos/r\n",
            &source,
        );
        assert!(
            out.ends_with(&format!("\npassword_expiry_utc={}\n", at.unix() + 300)),
            "{out}"
        );
    }

    #[test]
    fn other_hosts_and_protocols_get_nothing() {
        let inputs = [
            "protocol=https\nhost=github.com\npath=x\n",
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com.evil.example\npath=v1/repos/x\n",
            "protocol=http\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\n",
            "host=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\n",
            "protocol=https\npath=v1/repos/x\n",
            "",
        ];
        for input in inputs {
            let source = Rotating {
                calls: Cell::new(0),
                expiry: None,
            };
            let (code, out, err) = call(&args("get", None, None), input, &source);
            assert_eq!(
                (code, out.as_str(), err.as_str()),
                (Status::Done, "", ""),
                "{input}"
            );
            assert_eq!(source.calls.get(), 0, "no credentials resolved for {input}");
        }
    }

    #[test]
    fn missing_path_says_use_http_path_and_quits() {
        for (host, scope) in [
            (
                "git-codecommit.eu-west-1.amazonaws.com",
                "https://git-codecommit.*.amazonaws.com",
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "https://git-codecommit-fips.*.amazonaws.com",
            ),
            (
                "git-codecommit.cn-north-1.amazonaws.com.cn",
                "https://git-codecommit.*.amazonaws.com.cn",
            ),
            (
                "vpce-1.git-codecommit.us-east-1.vpce.amazonaws.com",
                "https://*.git-codecommit.*.vpce.amazonaws.com",
            ),
        ] {
            let source = Rotating {
                calls: Cell::new(0),
                expiry: None,
            };
            let (code, out, err) = call(
                &args("get", None, None),
                &format!("protocol=https\nhost={host}\n"),
                &source,
            );
            assert_eq!(code, Status::Failed);
            assert_eq!(out, "quit=1\n");
            assert!(err.contains("UseHttpPath must be true"), "{err}");
            assert!(
                err.contains(&format!(
                    "git config --global 'credential.{scope}.UseHttpPath' true"
                )),
                "{err}"
            );
            assert_eq!(source.calls.get(), 0);
        }
    }

    #[test]
    fn credential_failure_explains_and_quits() {
        let (code, out, err) = call(
            &args("get", None, Some("My Profile")),
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\n",
            &Failing,
        );
        assert_eq!((code, out.as_str()), (Status::Failed, "quit=1\n"));
        assert!(
            err.contains("aws sso login --profile 'My Profile'"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 2, "{err}");
    }

    #[test]
    fn malformed_input_fails_without_credentials() {
        for input in [
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\nnot a key value\n"
                .to_owned(),
            format!("protocol=https\nhost={}\n", "a".repeat(70_000)),
            "protocol=https\n".repeat(10_000),
        ] {
            let source = Rotating {
                calls: Cell::new(0),
                expiry: None,
            };
            let (code, out, err) = call(&args("get", None, None), &input, &source);
            assert_eq!(code, Status::Failed);
            assert_eq!(out, "");
            assert!(
                err.starts_with("cc-lint credential-helper: malformed request from git: "),
                "{err}"
            );
            assert_eq!(source.calls.get(), 0);
        }
    }

    #[test]
    fn store_erase_and_unknown_actions_do_nothing() {
        for action in ["store", "erase", "capability", "frobnicate", ""] {
            let (code, out, err) = call(
                &args(action, None, None),
                "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\nusername=u\npassword=p\n",
                &Static,
            );
            assert_eq!(
                (code, out.as_str(), err.as_str()),
                (Status::Done, "", ""),
                "{action}"
            );
        }
    }

    #[test]
    fn bad_timestamp_is_a_usage_error() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = run_with(
            &args("get", Some("yesterday"), None),
            &mut "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\n"
                .as_bytes(),
            &mut out,
            &mut err,
            &Static,
        );
        let Err(Error::Timestamp(e)) = result else {
            panic!("{result:?}")
        };
        assert!(e.to_string().contains("YYYYMMDDTHHMMSSZ"), "{e}");
        assert_eq!((out.as_slice(), err.as_slice()), (&b""[..], &b""[..]));
    }

    #[test]
    fn uppercase_host_is_signed_lowercased() {
        let (code, out, _) = call(
            &args("get", Some("20171224T115320Z"), None),
            "protocol=https\nhost=GIT-CODECOMMIT.US-WEST-2.AMAZONAWS.COM\npath=v1/repos/test_repo\n",
            &Static,
        );
        assert_eq!(code, Status::Done);
        assert!(out.contains("b6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a"));
    }

    /// A small deterministic fuzzer (xorshift): arbitrary bytes mixed with protocol
    /// fragments never panic, and stdout is always empty, `quit=1`, or a full answer.
    #[test]
    fn random_input_never_panics() {
        let fragments: &[&[u8]] = &[
            b"protocol=https\n",
            b"protocol=http\n",
            b"host=git-codecommit.us-east-1.amazonaws.com\n",
            b"host=GIT-CODECOMMIT-FIPS.US-GOV-WEST-1.AMAZONAWS.COM:443\n",
            b"host=vpce-1.git-codecommit.cn-north-1.vpce.amazonaws.com.cn\n",
            b"host=git-codecommit.us-east-1.amazonaws.com.evil\n",
            b"path=v1/repos/x\n",
            b"path=\n",
            b"\n",
            b"\r\n",
            b"=",
            b"\xff\xfe",
            b"\0",
            "h\u{e9}=\u{1F600}\n".as_bytes(),
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let mut input = Vec::new();
            for _ in 0..(next() % 12) {
                if next() % 3 == 0 {
                    let n = usize::try_from(next() % 40).unwrap();
                    input.extend((0..n).map(|_| u8::try_from(next() % 256).unwrap()));
                } else {
                    input.extend_from_slice(
                        fragments[usize::try_from(next()).unwrap() % fragments.len()],
                    );
                }
            }
            let mut out = Vec::new();
            let mut err = Vec::new();
            let status = run_with(
                &args("get", Some("20200101T000000Z"), None),
                &mut &input[..],
                &mut out,
                &mut err,
                &Static,
            );
            let out = String::from_utf8(out).unwrap();
            let well_formed = out.is_empty()
                || out == "quit=1\n"
                || (out.starts_with("username=access\npassword=20200101T000000Z")
                    && out.lines().count() == 3);
            assert!(well_formed, "{out:?} for {input:?}");
            assert!(status.is_ok(), "{status:?}");
            let text = String::from_utf8_lossy(&input).into_owned();
            let files = awsfiles::AwsFiles::from_texts(&text, &text);
            let _ = (
                files.profiles(),
                files.sdk_texts(),
                awsfiles::unalias(&text),
            );
            let _ = host::parse_host(&text);
        }
    }
}
