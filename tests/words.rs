//! Clearer words (issue 12 item 8): what the helper and the rules say names the real cause.

mod common;

use common::Machine;

fn helper(m: &Machine, profile: &str) -> String {
    let out = common::run_with_input(
        &mut m.command(&["credential-helper", "--profile", profile, "get"]),
        "protocol=https\nhost=git-codecommit.us-east-2.amazonaws.com\npath=v1/repos/x\n\n",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "quit=1\n");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_profile_with_only_a_region_has_no_credentials() {
    let m = Machine::empty();
    m.write("home/.aws/config", "[profile dev]\nregion = us-east-2\n");
    let err = helper(&m, "dev");
    assert!(
        err.contains("AWS profile `dev` has no credentials: it sets only `region`"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("metadata"), "{err}");
    assert!(err.contains("aws configure --profile dev"), "{err}");
}

#[test]
fn an_unquoted_profile_header_points_at_the_quoting() {
    let m = Machine::empty();
    m.write(
        "home/.aws/config",
        "[profile My Dev Profile]\nregion = us-east-2\n",
    );
    let err = helper(&m, "My Dev Profile");
    assert!(err.contains("`[profile My Dev Profile]`"), "{err}");
    assert!(
        err.contains("quote it, `[profile 'My Dev Profile']`"),
        "{err}"
    );
}

#[test]
fn cc101_help_names_the_helper_configured() {
    for (helper, says) in [
        ("!aws codecommit credential-helper $@", "fails (`'path'`)"),
        (
            "!'/opt/cc-lint' credential-helper --profile dev",
            "refuses to sign",
        ),
    ] {
        let m = Machine::empty();
        m.write(
            "home/.gitconfig",
            &format!("[credential \"https://git-codecommit.*.amazonaws.com\"]\n\thelper =\n\thelper = {helper}\n"),
        );
        let (json, got, _) = m.check_json(&["--select", "CC101"]);
        assert!(!got.is_empty(), "{json:#}");
        let help = json["findings"][0]["help"].as_str().unwrap();
        assert!(
            help.contains(&format!("the section of `{helper}`")),
            "{help}"
        );
        assert!(
            help.contains("`[credential \"https://git-codecommit.*.amazonaws.com\"]`"),
            "{help}"
        );
        assert!(help.contains(says), "{help}");
    }
}
