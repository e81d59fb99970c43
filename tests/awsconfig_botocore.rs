//! The AWS file reader agrees with botocore, the AWS CLI's own parser.
//!
//! Each case is written to a temporary config / credentials pair, read by botocore
//! (`raw_config_parse` per file, then `Session.full_config`, which is what `aws` uses) in a
//! `python3` child (`tests/botocore_oracle.py`), and compared with `awsconfig::profiles`.
//! Where botocore refuses a file, our reader must report an error of the kind Python
//! raised. Python and botocore are required: without them these tests fail, never skip.
//! `PYTHON=/path/to/python3` picks another interpreter.
//!
//! The second half runs texts through the Rust SDK (`aws_config::profile::load`) and pins
//! where it disagrees with botocore, so a change in either is noticed.

use std::process::Command;

use cc_lint::parse::awsconfig::{
    self, AwsFile, AwsFileKind, HeaderQuirk, IgnoredReason, ProfileSet, SdkSection, SectionKind,
    SyntaxErrorKind,
};
use serde_json::{Map, Value, json};

const ORACLE: &str = include_str!("botocore_oracle.py");

struct Case {
    name: &'static str,
    config: &'static str,
    credentials: &'static str,
}

const fn case(name: &'static str, config: &'static str, credentials: &'static str) -> Case {
    Case {
        name,
        config,
        credentials,
    }
}

const CASES: &[Case] = &[
    case(
        "static keys and region",
        "[default]\nregion = us-east-1\noutput = json\n",
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n",
    ),
    case(
        "windows crlf",
        "[default]\r\nregion = eu-west-1\r\n\r\n[profile CodeAccess]\r\nrole_arn = arn:aws:iam::111111111111:role/CodeCommitAccess\r\nsource_profile = default\r\n",
        "[default]\r\naws_access_key_id = AKIAEXAMPLE\r\naws_secret_access_key = s3cr3t\r\n",
    ),
    case(
        "old mac lone cr",
        "[default]\rregion = us-west-2\r[profile a]\rregion = us-east-2\r",
        "",
    ),
    case(
        "bom in config",
        "\u{feff}[default]\nregion = us-east-1\n",
        "",
    ),
    case(
        "bom in credentials",
        "",
        "\u{feff}[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n",
    ),
    case(
        "bom before a comment",
        "\u{feff}# config\n[default]\nregion = us-east-1\n",
        "",
    ),
    case(
        "sso session",
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-2\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
        "",
    ),
    case(
        "legacy sso",
        "[profile legacy]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n",
        "",
    ),
    case(
        "assume role with credential_source",
        "[profile ec2role]\nrole_arn = arn:aws:iam::111111111111:role/Git\ncredential_source = Ec2InstanceMetadata\nregion = ap-southeast-2\n",
        "",
    ),
    case(
        "services with nested sts",
        "[profile local]\nservices = local-sts\n\n[services local-sts]\nsts =\n  endpoint_url = http://127.0.0.1:5055\ncodecommit =\n  endpoint_url = http://127.0.0.1:5056\n",
        "",
    ),
    case(
        "nested s3 with blank line and comment",
        "[default]\ns3 =\n  max_concurrent_requests = 10\n\n  # tuned\n  Multipart_Threshold = 64MB\nregion = us-east-1\n",
        "",
    ),
    case(
        "nested with bad line",
        "[default]\ns3 =\n  max_concurrent_requests\n",
        "",
    ),
    case(
        "continuation line that is not nested",
        "[default]\nregion = us-east-1\n  output = json\n",
        "",
    ),
    case(
        "comments full and indented",
        "# managed by hand\n; another\n[default]\n  # indented comment\nregion = us-east-1\n",
        "",
    ),
    case(
        "inline comments stay in the value",
        "[default]\nregion = us-east-1 # ohio\n",
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t ; rotated 2024\n",
    ),
    case(
        "colon delimiter and key case",
        "[default]\nRegion: us-east-1\nOUTPUT : json\nrole_arn: arn:aws:iam::1:role/x\n",
        "",
    ),
    case(
        "duplicate section in credentials",
        "",
        "[default]\naws_access_key_id = A\n[default]\naws_secret_access_key = B\n",
    ),
    case(
        "duplicate key after lowercasing",
        "[default]\nregion = us-east-1\nREGION = us-east-2\n",
        "",
    ),
    case(
        "duplicate DEFAULT keys across two DEFAULT sections",
        "[DEFAULT]\nregion = a\n[DEFAULT]\nregion = b\n[default]\n",
        "",
    ),
    case(
        "key before any section",
        "region = us-east-1\n[default]\n",
        "",
    ),
    case(
        "line without delimiter",
        "[default]\nregion us-east-1\n",
        "",
    ),
    case("empty key", "[default]\n= us-east-1\n", ""),
    case(
        "header forms in config",
        "[profile  spaced ]\na = 1\n[profile \"Quoted Profile\"]\nb = 2\n[profile 'single quoted']\nc = 3\n[profile My Profile]\nd = 4\n[Profile cased]\ne = 5\n[prod]\nf = 6\n[profiles odd]\ng = 7\n[profile \"unbalanced]\nh = 8\n[profile]\ni = 9\n[profile\tx\\ y]\nj = 10\n[plugins]\ncli_legacy_plugin_path = /x\n",
        "",
    ),
    case(
        "header forms in credentials",
        "",
        "[base]\naws_access_key_id = A\n[profile base2]\naws_access_key_id = B\n[Cred Space]\naws_access_key_id = C\n[ padded ]\naws_access_key_id = D\n",
    ),
    case(
        "default then profile default",
        "[default]\nregion = us-east-1\noutput = json\n[profile default]\nregion = us-west-2\n",
        "",
    ),
    case(
        "profile default then default",
        "[profile default]\nregion = us-west-2\n[default]\nregion = us-east-1\n",
        "",
    ),
    case(
        "credentials override config key by key",
        "[profile cc]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\noutput = json\n",
        "[cc]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\nregion = eu-central-1\n",
    ),
    case(
        "configparser DEFAULT section",
        "[DEFAULT]\nregion = us-east-1\n[default]\noutput = json\n[profile x]\nregion = us-west-1\n",
        "[DEFAULT]\naws_session_token = shared\n[x]\naws_access_key_id = A\n",
    ),
    case(
        "header with trailing text",
        "[default] region = ignored\nregion = us-east-1\n[profile a] ; note\nregion = eu-west-2\n",
        "",
    ),
    case(
        "credential process and web identity",
        "[profile proc]\ncredential_process = /usr/local/bin/aws-vault exec x --json\n[profile web]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = /var/run/token\n",
        "",
    ),
    case(
        "empty values and blank lines",
        "[default]\nregion =\n\n\noutput = json\n\n[profile e]\n",
        "[e]\naws_session_token =\n",
    ),
    case(
        "same profile through two headers",
        "[profile a]\nx = 1\n[profile \"a\"]\ny = 2\n",
        "",
    ),
    case(
        "unicode whitespace and values",
        "[default]\nregion\u{a0}= us-east-1\u{3000}\nnote = caf\u{e9}\nsep\u{1f}= x\n",
        "",
    ),
    case(
        "indented header is a continuation",
        "[default]\nregion = us-east-1\n  [profile hidden]\n",
        "",
    ),
    case(
        "tab indentation and form feed in nested value",
        "[default]\ns3 =\n\tmax_bandwidth = 50MB/s\n\taddressing_style = path\u{c}use_accelerate_endpoint = true\n",
        "",
    ),
    case(
        "garbage line then continuation",
        "[default]\nregion = us-east-1\njunk\n  more\n",
        "",
    ),
    case(
        "no trailing newline and only comments",
        "# nothing here",
        "[default]\naws_access_key_id = A",
    ),
];

/// The exception Python raises first for a file, from our errors: configparser raises
/// missing-header and duplicate errors at once, collects `ParsingError`s until the end,
/// and botocore's `_parse_nested` runs after that.
/// "botocore X on Python Y", for failure messages.
fn versions(answers: &[Value]) -> String {
    answers.first().map_or_else(String::new, |a| {
        format!("botocore {} on Python {}", a["botocore"], a["python"])
    })
}

fn python_kind(file: &AwsFile) -> Option<&'static str> {
    let fatal = file.errors.iter().find(|e| {
        matches!(
            e.kind,
            SyntaxErrorKind::Bom
                | SyntaxErrorKind::MissingSectionHeader
                | SyntaxErrorKind::DuplicateSection { .. }
                | SyntaxErrorKind::DuplicateKey { .. }
        )
    });
    if let Some(e) = fatal {
        return Some(match e.kind {
            SyntaxErrorKind::DuplicateSection { .. } => "DuplicateSectionError",
            SyntaxErrorKind::DuplicateKey { .. } => "DuplicateOptionError",
            _ => "MissingSectionHeaderError",
        });
    }
    let has = |f: fn(&SyntaxErrorKind) -> bool| file.errors.iter().any(|e| f(&e.kind));
    if has(|k| matches!(k, SyntaxErrorKind::NotKeyValue | SyntaxErrorKind::EmptyKey)) {
        return Some("ParsingError");
    }
    if has(|k| *k == SyntaxErrorKind::NestedWithoutEquals) {
        return Some("ValueError");
    }
    None
}

/// botocore's answer for each (config, credentials) pair, from one `python3` run.
fn botocore(pairs: &[(&str, &str)]) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let mut cmd = Command::new(&python);
    cmd.arg("-c").arg(ORACLE);
    for (i, (config, credentials)) in pairs.iter().enumerate() {
        let cfg = dir.path().join(format!("config{i}"));
        let cred = dir.path().join(format!("credentials{i}"));
        std::fs::write(&cfg, config).expect("write config");
        std::fs::write(&cred, credentials).expect("write credentials");
        cmd.arg(cfg).arg(cred);
    }
    let out = cmd
        .env("PYTHONUTF8", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        .output()
        .unwrap_or_else(|e| {
            panic!("these tests compare with botocore and need `{python}` on PATH: {e}")
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "the python3 botocore oracle failed ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    if let Some(fatal) = value.get("fatal") {
        panic!("these tests compare with botocore (`pip install botocore`): {fatal}");
    }
    let Value::Array(answers) = value else {
        panic!("unexpected oracle output: {stdout}");
    };
    assert_eq!(answers.len(), pairs.len());
    answers
}

fn props_json(list: &[awsconfig::Profile]) -> Value {
    let mut out = Map::new();
    for p in list {
        let mut m = Map::new();
        for s in &p.settings {
            let v = if s.property.is_nested() {
                let mut sub = Map::new();
                for sp in &s.property.sub_properties {
                    sub.insert(sp.key.clone(), json!(sp.value));
                }
                Value::Object(sub)
            } else {
                json!(s.value())
            };
            m.insert(s.key().to_string(), v);
        }
        out.insert(p.name.clone(), Value::Object(m));
    }
    Value::Object(out)
}

fn ours(set: &ProfileSet) -> Value {
    json!({
        "names": set.names().collect::<Vec<_>>(),
        "profiles": props_json(set.profiles()),
        "sso_sessions": props_json(set.sso_sessions()),
        "services": props_json(set.all_services()),
    })
}

#[test]
fn profiles_match_botocore() {
    assert!(CASES.len() >= 25);
    let pairs: Vec<_> = CASES.iter().map(|c| (c.config, c.credentials)).collect();
    let answers = botocore(&pairs);
    let versions = versions(&answers);
    let mut failures = Vec::new();
    for (case, boto) in CASES.iter().zip(answers) {
        let config = awsconfig::parse(case.config, AwsFileKind::Config);
        let credentials = awsconfig::parse(case.credentials, AwsFileKind::Credentials);
        for (label, file) in [("config", &config), ("credentials", &credentials)] {
            let expected = boto[label]["error"].as_str();
            let got = python_kind(file);
            if expected != got {
                failures.push(format!(
                    "{}: {label}: botocore error {expected:?}, ours {got:?} ({:?})",
                    case.name, file.errors
                ));
            }
        }
        if boto.get("profiles").is_none() {
            continue;
        }
        let mine = ours(&awsconfig::profiles(&config, &credentials));
        for key in ["names", "profiles", "sso_sessions", "services"] {
            if mine[key] != boto[key] {
                failures.push(format!(
                    "{}: {key}\n  botocore: {}\n  ours:     {}",
                    case.name, boto[key], mine[key]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{versions} disagrees:\n{}",
        failures.join("\n")
    );
}

/// Differential check on generated files: line-shaped pieces (headers, keys, comments,
/// continuations, odd whitespace and line ends) shuffled with a fixed seed (`SEED=n` in the
/// environment tries other files).
#[test]
fn generated_files_match_botocore() {
    const LINES: &[&str] = &[
        "[default]",
        "[profile a]",
        "[profile  a ]",
        "[profile \"a b\"]",
        "[profile a b]",
        "[sso-session s]",
        "[services v]",
        "[DEFAULT]",
        "[b]",
        "[ default ]",
        "[profile 'q]",
        "region = us-east-1",
        "Region: eu-west-1",
        "output=json",
        "k = v ; c",
        "k = v#c",
        "s3 =",
        "  max = 1",
        "\tx=2",
        "  y",
        "  # indented",
        "# comment",
        "; comment",
        "",
        "   ",
        "junk",
        "= v",
        "role_arn = arn:aws:iam::1:role/x",
        "a\u{a0}= b",
        "  [profile a]",
        "sts =\u{c}",
        "  z = 3\u{b}w = 4",
        "\u{1f}k = v",
    ];
    const ENDS: &[&str] = &["\n", "\r\n", "\r"];
    let mut seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut texts = Vec::new();
    for _ in 0..400 {
        let mut pair = [String::new(), String::new()];
        for text in &mut pair {
            // Start most files with a header so that many get past configparser.
            if next() % 4 != 0 {
                text.push_str(LINES[(next() % 3) as usize]);
                text.push('\n');
            }
            for _ in 0..next() % 12 {
                text.push_str(LINES[(next() % LINES.len() as u64) as usize]);
                text.push_str(ENDS[(next() % 8).min(2) as usize]);
            }
        }
        texts.push(pair);
    }
    let pairs: Vec<_> = texts
        .iter()
        .map(|[a, b]| (a.as_str(), b.as_str()))
        .collect();
    let answers = botocore(&pairs);
    let versions = versions(&answers);
    let mut failures = Vec::new();
    let mut compared = 0;
    for ((cfg, cred), boto) in pairs.iter().zip(answers) {
        let config = awsconfig::parse(cfg, AwsFileKind::Config);
        let credentials = awsconfig::parse(cred, AwsFileKind::Credentials);
        for (label, file) in [("config", &config), ("credentials", &credentials)] {
            let expected = boto[label]["error"].as_str();
            let got = python_kind(file);
            if expected != got {
                failures.push(format!(
                    "{cfg:?} / {cred:?}: {label}: botocore {expected:?}, ours {got:?}"
                ));
            }
        }
        if boto.get("profiles").is_none() {
            continue;
        }
        compared += 1;
        let mine = ours(&awsconfig::profiles(&config, &credentials));
        for key in ["names", "profiles", "sso_sessions", "services"] {
            if mine[key] != boto[key] {
                failures.push(format!(
                    "{cfg:?} / {cred:?}: {key}\n  botocore: {}\n  ours:     {}",
                    boto[key], mine[key]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{versions} disagrees:\n{}",
        failures.join("\n")
    );
    assert!(
        compared > 25,
        "only {compared} generated pairs were readable by botocore"
    );
}

// ---------------------------------------------------------------------------------------
// Where botocore and the Rust SDK (aws-config 1.13 / aws-runtime 1.10) disagree.

use aws_config::profile::ProfileSet as SdkProfileSet;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_types::os_shim_internal::{Env, Fs};

/// What the Rust SDK makes of the pair (in memory, no real files).
fn sdk(config: &str, credentials: &str) -> Result<SdkProfileSet, String> {
    let files = EnvConfigFiles::builder()
        .with_contents(EnvConfigFileKind::Config, config)
        .with_contents(EnvConfigFileKind::Credentials, credentials)
        .build();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");
    rt.block_on(aws_config::profile::load(
        &Fs::from_slice(&[]),
        &Env::from_slice(&[]),
        &files,
        None,
    ))
    .map_err(|e| format!("{e:?}"))
}

fn sdk_names(set: &SdkProfileSet) -> Vec<String> {
    let mut names: Vec<_> = set.profiles().map(str::to_string).collect();
    names.sort();
    names
}

/// Our reader, the merged set, and botocore's answer for one pair.
struct Compared {
    config: AwsFile,
    credentials: AwsFile,
    ours: ProfileSet,
    boto: Value,
}

fn compare(config: &str, credentials: &str) -> Compared {
    let boto = botocore(&[(config, credentials)]).remove(0);
    let config = awsconfig::parse(config, AwsFileKind::Config);
    let credentials = awsconfig::parse(credentials, AwsFileKind::Credentials);
    let ours = awsconfig::profiles(&config, &credentials);
    Compared {
        config,
        credentials,
        ours,
        boto,
    }
}

#[test]
fn inline_comment_kept_by_botocore_stripped_by_sdk() {
    let config = "[default]\nregion = us-east-1 # ohio\n";
    let creds =
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t ; rotated\n";
    let c = compare(config, creds);
    assert_eq!(c.boto["profiles"]["default"]["region"], "us-east-1 # ohio");
    assert_eq!(
        c.boto["profiles"]["default"]["aws_secret_access_key"],
        "s3cr3t ; rotated"
    );
    let ours = c.ours.get("default").expect("default profile");
    assert_eq!(ours.region().map(|s| s.value()), Some("us-east-1 # ohio"));
    let secret = ours.get("aws_secret_access_key").expect("secret");
    assert_eq!(secret.value(), "s3cr3t ; rotated");
    let comment = secret
        .property
        .inline_comment
        .clone()
        .expect("inline comment");
    assert_eq!(&creds[comment], "; rotated");
    let region = &c.config.sections[0].properties[0];
    assert_eq!(
        &config[region.inline_comment.clone().expect("comment")],
        "# ohio"
    );

    let sdk = sdk(config, creds).expect("the SDK reads it");
    let profile = sdk.get_profile("default").expect("default");
    assert_eq!(profile.get("region"), Some("us-east-1"));
    assert_eq!(profile.get("aws_secret_access_key"), Some("s3cr3t"));
}

#[test]
fn duplicate_section_fatal_for_botocore_merged_by_sdk() {
    let creds =
        "[default]\naws_access_key_id = AKIAEXAMPLE\n[default]\naws_secret_access_key = s3cr3t\n";
    let c = compare("", creds);
    assert_eq!(c.boto["credentials"]["error"], "DuplicateSectionError");
    assert!(c.boto.get("profiles").is_none());
    let [err] = c.credentials.errors.as_slice() else {
        panic!("one error expected: {:?}", c.credentials.errors)
    };
    assert!(err.kind.is_duplicate());
    assert_eq!((err.line, err.column), (3, 1));
    assert_eq!(&creds[err.span.clone()], "[default]");
    let SyntaxErrorKind::DuplicateSection { first } = &err.kind else {
        panic!("{err:?}")
    };
    assert_eq!(*first, 0..9);

    let sdk = sdk("", creds).expect("the SDK reads it");
    let profile = sdk.get_profile("default").expect("default");
    assert_eq!(profile.get("aws_access_key_id"), Some("AKIAEXAMPLE"));
    assert_eq!(profile.get("aws_secret_access_key"), Some("s3cr3t"));
}

#[test]
fn duplicate_key_fatal_for_botocore_last_wins_in_sdk() {
    let config = "[default]\nregion = us-east-1\nRegion = us-west-2\n";
    let c = compare(config, "");
    assert_eq!(c.boto["config"]["error"], "DuplicateOptionError");
    assert!(matches!(
        c.config.errors[0].kind,
        SyntaxErrorKind::DuplicateKey { .. }
    ));
    assert_eq!(&config[c.config.errors[0].span.clone()], "Region");
    let sdk = sdk(config, "").expect("the SDK reads it");
    assert_eq!(
        sdk.get_profile("default").and_then(|p| p.get("region")),
        Some("us-west-2")
    );
}

#[test]
fn quoted_profile_name_accepted_by_botocore_only() {
    let config =
        "[profile \"My Profile\"]\nregion = us-east-1\n[profile 'Other One']\nregion = us-east-2\n";
    let c = compare(config, "");
    assert_eq!(c.boto["names"], json!(["My Profile", "Other One"]));
    assert_eq!(
        c.ours.names().collect::<Vec<_>>(),
        ["My Profile", "Other One"]
    );
    let s = &c.config.sections[0];
    assert_eq!(s.kind, SectionKind::Profile("My Profile".into()));
    assert_eq!(&config[s.name_span.clone()], "\"My Profile\"");
    assert!(s.quirks.contains(&HeaderQuirk::QuotedName));
    assert_eq!(s.sdk_section(AwsFileKind::Config), SdkSection::Ignored);

    let sdk = sdk(config, "").expect("the SDK reads it");
    assert!(sdk_names(&sdk).is_empty(), "{:?}", sdk_names(&sdk));
}

#[test]
fn unquoted_space_ignored_by_both() {
    let config = "[profile My Profile]\nregion = us-east-1\n";
    let c = compare(config, "");
    assert_eq!(c.boto["names"], json!([]));
    assert_eq!(
        c.config.sections[0].kind,
        SectionKind::Ignored(IgnoredReason::UnquotedSpace { words: 3 })
    );
    assert!(c.ours.names().next().is_none());
    let sdk = sdk(config, "").expect("the SDK reads it");
    assert!(sdk_names(&sdk).is_empty());
}

#[test]
fn profile_prefix_in_credentials_named_literally_by_botocore_ignored_by_sdk() {
    let creds = "[profile cc]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n";
    let c = compare("", creds);
    assert_eq!(c.boto["names"], json!(["profile cc"]));
    let s = &c.credentials.sections[0];
    assert_eq!(s.kind, SectionKind::Profile("profile cc".into()));
    assert_eq!(s.quirks, [HeaderQuirk::ProfilePrefixInCredentials]);
    assert!(c.ours.get("profile cc").is_some());
    assert!(c.ours.get("cc").is_none());
    assert_eq!(s.sdk_section(AwsFileKind::Credentials), SdkSection::Ignored);

    let sdk = sdk("", creds).expect("the SDK reads it");
    assert!(sdk_names(&sdk).is_empty(), "{:?}", sdk_names(&sdk));
}

#[test]
fn unprefixed_section_in_config_ignored_by_both() {
    let config = "[cc]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n";
    let c = compare(config, "");
    assert_eq!(c.boto["names"], json!([]));
    assert_eq!(
        c.config.sections[0].kind,
        SectionKind::Ignored(IgnoredReason::MissingProfilePrefix)
    );
    let sdk = sdk(config, "").expect("the SDK reads it");
    assert!(sdk_names(&sdk).is_empty());
}

#[test]
fn credentials_name_with_space_botocore_only() {
    let creds = "[Cred Space]\naws_access_key_id = A\naws_secret_access_key = B\n";
    let c = compare("", creds);
    assert_eq!(c.boto["names"], json!(["Cred Space"]));
    assert!(c.ours.get("Cred Space").is_some());
    let sdk = sdk("", creds).expect("the SDK reads it");
    assert!(sdk_names(&sdk).is_empty());
}

#[test]
fn default_vs_profile_default_later_wins_in_botocore_prefixed_wins_in_sdk() {
    let config =
        "[profile default]\nregion = us-west-2\n[default]\nregion = us-east-1\noutput = json\n";
    let c = compare(config, "");
    assert_eq!(
        c.boto["profiles"]["default"],
        json!({"region": "us-east-1", "output": "json"})
    );
    let ours = c.ours.get("default").expect("default");
    assert_eq!(ours.region().map(|s| s.value()), Some("us-east-1"));
    assert_eq!(ours.shadowed, [(AwsFileKind::Config, 0)]);
    let sdk = sdk(config, "").expect("the SDK reads it");
    let p = sdk.get_profile("default").expect("default");
    assert_eq!(p.get("region"), Some("us-west-2"));
    assert_eq!(p.get("output"), None);
}

#[test]
fn bom_fatal_for_botocore_and_sdk() {
    let creds = "\u{feff}[default]\naws_access_key_id = A\n";
    let c = compare("", creds);
    assert_eq!(c.boto["credentials"]["error"], "MissingSectionHeaderError");
    assert!(c.credentials.bom);
    assert_eq!(c.credentials.errors[0].kind, SyntaxErrorKind::Bom);
    assert_eq!(c.credentials.errors[0].span, 0..3);
    // The model is still built, as if the BOM were not there.
    assert_eq!(c.credentials.sections[0].raw_name, "default");
    let err = sdk("", creds).expect_err("the SDK refuses it too");
    assert!(err.contains("Expected a profile definition"), "{err}");
}

#[test]
fn colon_delimiter_botocore_only() {
    let config = "[default]\nregion: us-east-1\n";
    let c = compare(config, "");
    assert_eq!(c.boto["profiles"]["default"]["region"], "us-east-1");
    assert!(c.config.errors.is_empty());
    let err = sdk(config, "").expect_err("the SDK wants `=`");
    assert!(err.contains("Expected an '=' sign"), "{err}");
}

#[test]
fn parser_defaults_section_botocore_only() {
    let config = "[DEFAULT]\nregion = us-east-1\n[profile x]\noutput = json\n";
    let c = compare(config, "");
    assert_eq!(
        c.boto["profiles"]["x"],
        json!({"output": "json", "region": "us-east-1"})
    );
    let region = c.ours.get("x").and_then(|p| p.region()).expect("region");
    assert!(region.origin.inherited);
    assert_eq!(region.origin.section, 0);
    let sdk = sdk(config, "").expect("the SDK reads it");
    assert_eq!(sdk.get_profile("x").and_then(|p| p.get("region")), None);
}

#[test]
fn text_after_header_dropped_by_botocore_fatal_for_sdk() {
    let config = "[default] region = us-west-1\noutput = json\n";
    let c = compare(config, "");
    assert_eq!(c.boto["profiles"]["default"], json!({"output": "json"}));
    let s = &c.config.sections[0];
    assert_eq!(
        &config[s.trailing.clone().expect("trailing")],
        "region = us-west-1"
    );
    let err = sdk(config, "").expect_err("the SDK refuses it");
    assert!(err.contains("must end with ']'"), "{err}");
}

#[test]
fn sdk_section_agrees_with_the_sdk() {
    const HEADERS: &[&str] = &[
        "default",
        "profile default",
        "profile dev",
        "profile  dev ",
        "profile \"a b\"",
        "profile a b",
        "Profile dev",
        "dev",
        "sso-session corp",
        "services s",
        "DEFAULT",
        "profile a@b.c:d+e%f/g",
        "profile caf\u{e9}",
        " dev ",
        "profile\tdev",
        "profiles x",
    ];
    for kind in [AwsFileKind::Config, AwsFileKind::Credentials] {
        for header in HEADERS {
            let text = format!("[{header}]\nk = v\n");
            let (config, creds) = match kind {
                AwsFileKind::Config => (text.as_str(), ""),
                AwsFileKind::Credentials => ("", text.as_str()),
            };
            let ours = awsconfig::parse(&text, kind).sections[0].sdk_section(kind);
            let expected: Vec<String> = match ours {
                SdkSection::Profile(name) => vec![name],
                _ => vec![],
            };
            let sdk = sdk(config, creds).expect("the SDK reads it");
            assert_eq!(sdk_names(&sdk), expected, "{kind:?} [{header}]");
        }
    }
}
