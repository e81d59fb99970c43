//! Redaction audit: secrets planted everywhere one can live — secret keys and session tokens in
//! both AWS files and the environment, a password in a remote URL, stored credentials in
//! `~/.git-credentials`, passwords on the helper's stdin — and every command run in every
//! output format. No planted secret may appear in any output.

mod common;

use common::Machine;

const SECRETS: [&str; 8] = [
    "wJalrXUtnFEMIK7MDENGbPxRfiCYPLANTEDKEY1",
    "FwoGZXIvYXdzEPLANTEDSESSIONTOKEN2",
    "configSecretPLANTED3",
    "urlPasswordPLANTED4",
    "storedPasswordPLANTED5",
    "envSecretPLANTED6",
    "envTokenPLANTED7",
    "stdinPasswordPLANTED8",
];

fn machine() -> Machine {
    let mut m = Machine::fixture("windows-gcm");
    m.write(
        "home/.aws/credentials",
        &format!(
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {} ; rotated\naws_session_token = {}\n[default]\naws_secret_access_key = {}\n",
            SECRETS[0], SECRETS[1], SECRETS[0]
        ),
    );
    m.write(
        "home/.aws/config",
        &format!("[profile cfg]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = {} # old\n[dev]\nregion = us-east-1\n", SECRETS[2]),
    );
    m.write(
        "home/.git-credentials",
        &format!(
            "https://AKIAIOSFODNN7EXAMPLE:{}@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\n",
            SECRETS[4]
        ),
    );
    m.init_repo(&format!(
        "[remote \"origin\"]\n\turl = https://mary:{}@git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/x\n[credential]\n\thelper = store\n",
        SECRETS[3]
    ));
    m.env
        .insert("AWS_SECRET_ACCESS_KEY".into(), SECRETS[5].into());
    m.env
        .insert("AWS_ACCESS_KEY_ID".into(), "AKIAENVEXAMPLE".into());
    m.env.insert("AWS_SESSION_TOKEN".into(), SECRETS[6].into());
    m
}

fn run(m: &Machine, args: &[&str], stdin: &str) -> String {
    let out = common::run_with_input(&mut m.command(args), stdin);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_planted_secret_appears_in_any_output() {
    let m = machine();
    let url_with_password = format!(
        "https://mary:{}@git-codecommit.us-east-1.amazonaws.com/v1/repos/x",
        SECRETS[3]
    );
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut cmds: Vec<Vec<String>> = Vec::new();
    for format in ["human", "json", "sarif", "github"] {
        cmds.push(vec!["check".into(), "--format".into(), format.into()]);
        cmds.push(vec![
            "check".into(),
            "--format".into(),
            format.into(),
            "--no-probe".into(),
            "--fail-on".into(),
            "info".into(),
        ]);
    }
    for format in ["human", "json"] {
        cmds.push(vec!["chain".into(), "--format".into(), format.into()]);
        cmds.push(vec![
            "chain".into(),
            url_with_password.clone(),
            "--format".into(),
            format.into(),
        ]);
        cmds.push(vec!["rules".into(), "--format".into(), format.into()]);
    }
    cmds.push(vec!["fix".into(), "--dry-run".into()]);
    cmds.push(vec![
        "fix".into(),
        "--dry-run".into(),
        "--helper".into(),
        "aws".into(),
        "--all-endpoints".into(),
    ]);
    cmds.push(vec!["explain".into(), "CC210".into()]);
    for args in &cmds {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        outputs.push((args.join(" "), run(&m, &args, "")));
    }
    // the helper: a lookalike host gets nothing; malformed and oversized input, store/erase
    // with a password, and a request git sends after a failed attempt
    let lookalike = format!(
        "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com.evil.example\npath=v1/repos/x\npassword={}\n\n",
        SECRETS[7]
    );
    let malformed = format!(
        "protocol=https\n{}\nhost=git-codecommit.us-east-1.amazonaws.com\n\n",
        SECRETS[7]
    );
    let with_password = format!(
        "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/x\nusername=AKIA\npassword={}\n\n",
        SECRETS[7]
    );
    for (args, input) in [
        (vec!["credential-helper", "get"], lookalike.as_str()),
        (vec!["credential-helper", "get"], malformed.as_str()),
        (vec!["credential-helper", "store"], with_password.as_str()),
        (vec!["credential-helper", "erase"], with_password.as_str()),
        (
            vec!["credential-helper", "--profile", "nosuch", "get"],
            with_password.as_str(),
        ),
        (
            vec!["credential-helper", "--profile", "cfg", "get"],
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\n\n",
        ),
    ] {
        outputs.push((
            format!("{} <<< {:.40}", args.join(" "), input),
            run(&m, &args, input),
        ));
    }
    let huge = format!(
        "protocol=https\npassword={}{}\n",
        SECRETS[7],
        "x".repeat(200_000)
    );
    outputs.push((
        "credential-helper get (oversized)".into(),
        run(&m, &["credential-helper", "get"], &huge),
    ));
    assert!(outputs.len() >= 23, "{}", outputs.len());
    let mut leaks = Vec::new();
    for (cmd, out) in &outputs {
        for s in SECRETS {
            if out.contains(s) {
                leaks.push(format!("`{cmd}` printed {s}:\n{out}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
    // and the outputs really looked at those files
    let all: String = outputs.iter().map(|(_, o)| o.as_str()).collect();
    assert!(all.contains("CC210") && all.contains("CC208"), "{all}");
}
