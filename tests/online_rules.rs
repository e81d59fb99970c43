//! Rules CC501–CC505 on answers made up in memory: the cases a local emulator cannot
//! produce (a KMS key AWS refuses, an endpoint that answers garbage) and the rules' own
//! logic (where a finding points, when CC504 stays quiet). tests/online.rs runs the real
//! thing against moto and a local git server.

mod common;

use cc_lint::base::env::Env;
use cc_lint::model::context::Context;
use cc_lint::online::git::GitOutcome;
use cc_lint::online::{ApiOutcome, IdentityCheck, IdentityOutcome, OnlineResults, RemoteCheck};
use common::Machine;

const REMOTE: &str =
    "[remote \"origin\"]\n\turl = https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo\n";

fn machine(global: &str) -> Machine {
    let m = Machine::empty();
    m.write("home/.gitconfig", global);
    m.init_repo(REMOTE);
    m
}

fn context(m: &Machine, extra: &[(&str, &str)]) -> Context {
    let mut vars = m.base_env();
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let env = Env::new(vars, m.repo().unwrap());
    cc_lint::model::load::context(&env, m.repo().as_deref(), false)
}

const HELPER: &str = "[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = !aws --profile dev codecommit credential-helper $@\n\tUseHttpPath = true\n";

fn accepted() -> IdentityOutcome {
    IdentityOutcome::Accepted {
        arn: "arn:aws:iam::111122223333:user/dev".into(),
        account: "111122223333".into(),
    }
}

fn results(
    cx: &Context,
    identity: IdentityOutcome,
    api: ApiOutcome,
    git: GitOutcome,
) -> OnlineResults {
    let helper = cx.resolutions[0].codecommit_helper().map(|s| s.entry);
    OnlineResults {
        identities: vec![IdentityCheck {
            profile: helper.map(|_| "dev".to_owned()),
            helper,
            region: "eu-west-1".into(),
            outcome: identity,
        }],
        remotes: vec![RemoteCheck {
            remote: 0,
            identity: 0,
            region: "eu-west-1".into(),
            repository: Some("demo".into()),
            api,
            git,
        }],
        grc: Vec::new(),
    }
}

/// Findings of CC5xx as `(code, file, line, message, help)`.
fn run(
    cx: &Context,
    online: Option<&OnlineResults>,
) -> Vec<(String, String, usize, String, String)> {
    cc_lint::rules::outcome::outcome(cx, online, &cc_lint::rules::outcome::Selection::default())
        .findings
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("CC5"))
        .map(|f| {
            (
                f.code.as_str().to_owned(),
                f.location.path().to_string_lossy().into_owned(),
                f.location.line_col().0,
                f.message.clone(),
                f.help.clone(),
            )
        })
        .collect()
}

#[test]
fn without_online_results_no_online_rule_fires() {
    let m = machine(HELPER);
    let cx = context(&m, &[]);
    assert!(run(&cx, None).is_empty());
}

#[test]
fn a_kms_refusal_is_cc503_with_the_kms_actions() {
    let m = machine(HELPER);
    let cx = context(&m, &[]);
    let online = results(
        &cx,
        accepted(),
        ApiOutcome::Denied {
            code: "EncryptionKeyAccessDeniedException".into(),
            message: "KMS access denied".into(),
        },
        GitOutcome::AuthFailed {
            status: Some(403),
            detail: String::new(),
        },
    );
    let found = run(&cx, Some(&online));
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, file, line, message, help) = &found[0];
    assert_eq!(code, "CC503");
    assert!(
        file.ends_with("repo/.git/config") && *line == 2,
        "{file}:{line}"
    );
    assert!(
        message.contains("arn:aws:iam::111122223333:user/dev"),
        "{message}"
    );
    assert!(
        help.contains("AWS KMS key") && help.contains("kms:Decrypt"),
        "{help}"
    );
}

#[test]
fn cc504_needs_the_api_to_accept_first() {
    let m = machine(HELPER);
    let cx = context(&m, &[]);
    let git = GitOutcome::AuthFailed {
        status: Some(403),
        detail: "fatal: …403".into(),
    };
    let online = results(
        &cx,
        IdentityOutcome::Rejected {
            code: "ExpiredToken".into(),
            message: "expired".into(),
        },
        ApiOutcome::Skipped { why: "x".into() },
        git.clone(),
    );
    let found = run(&cx, Some(&online));
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["CC501"]
    );
    // CC501 points at the profile name in the helper line.
    assert!(
        found[0].1.ends_with("home/.gitconfig") && found[0].2 == 3,
        "{found:?}"
    );
    assert!(
        found[0].4.contains("aws sso login --profile dev"),
        "{found:?}"
    );

    let online = results(&cx, accepted(), ApiOutcome::Found { arn: "a".into() }, git);
    let found = run(&cx, Some(&online));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "CC504");
    assert!(
        found[0]
            .4
            .contains("check that it signs with the same profile"),
        "{found:?}"
    );
}

#[test]
fn unusable_answers_and_timeouts_are_one_cc505_per_remote() {
    let m = machine(HELPER);
    let cx = context(&m, &[]);
    let online = results(
        &cx,
        accepted(),
        ApiOutcome::Failed {
            message: "CodeCommit answered HTTP 502 HTTP 502: ".into(),
        },
        GitOutcome::TimedOut { secs: 20 },
    );
    let found = run(&cx, Some(&online));
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, _, _, message, _) = &found[0];
    assert_eq!(code, "CC505");
    assert!(
        message.contains("gave no usable answer") && message.contains("within 20 s"),
        "{message}"
    );
}

#[test]
fn without_a_helper_cc501_points_at_aws_profile() {
    let m = machine("");
    let cx = context(&m, &[("AWS_PROFILE", "work")]);
    let online = results(
        &cx,
        IdentityOutcome::NoCredentials {
            message: "AWS profile `work` is not defined".into(),
            hint: None,
        },
        ApiOutcome::Skipped { why: "x".into() },
        GitOutcome::AuthFailed {
            status: None,
            detail: String::new(),
        },
    );
    let found = run(&cx, Some(&online));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "CC501");
    assert_eq!(found[0].1, "environment");
    assert!(
        found[0].3.contains("no CodeCommit helper names a profile"),
        "{found:?}"
    );
}
