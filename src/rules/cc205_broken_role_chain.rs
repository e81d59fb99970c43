//! CC205 broken-role-chain. Docs and examples: rules/CC205.toml.

use super::cc204_incomplete_access_keys::setting_location;
use super::{Code, Rule};
use crate::awsconfig::{
    CredentialSourceKind, Profile, ProfileSet, RoleSource, credential_source_kind,
};
use crate::context::Context;
use crate::finding::Findings;

pub(crate) struct BrokenRoleChain;

impl Rule for BrokenRoleChain {
    fn code(&self) -> Code {
        Code::CC205
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for profile in cx.aws.profiles.profiles() {
            let Some(CredentialSourceKind::AssumeRole(source)) = credential_source_kind(profile)
            else {
                continue;
            };
            let name = &profile.name;
            let role = profile
                .get("role_arn")
                .expect("assume-role profiles have role_arn");
            match source {
                RoleSource::Missing => {
                    out.report(
                        Code::CC205,
                        setting_location(cx, role),
                        format!("profile `{name}` has `role_arn` but neither `source_profile` nor `credential_source`"),
                    )
                    .label("no credentials to assume this role with")
                    .help(format!("Add `source_profile = <profile with keys>` (or `credential_source = Ec2InstanceMetadata` on EC2). botocore refuses the profile: `The profile \"{name}\" … must contain either a source_profile or credential_source`."));
                }
                RoleSource::Both => {
                    let cs = profile
                        .get("credential_source")
                        .expect("Both means credential_source is set");
                    let sp = profile
                        .get("source_profile")
                        .expect("Both means source_profile is set");
                    out.report(
                        Code::CC205,
                        setting_location(cx, cs),
                        format!("profile `{name}` sets both `source_profile` and `credential_source`"),
                    )
                    .label("botocore refuses a role profile with both")
                    .help("Keep one: `source_profile` to assume the role with another profile's credentials, or `credential_source` for environment, EC2 or ECS credentials.")
                    .also(setting_location(cx, sp), "source_profile set here");
                }
                RoleSource::SourceProfile => {
                    let sp = profile.get("source_profile").expect("SourceProfile is set");
                    match walk(&cx.aws.profiles, profile) {
                        Walk::Fine => {}
                        Walk::Loop(path) => {
                            out.report(
                                Code::CC205,
                                setting_location(cx, sp),
                                format!("the `source_profile` chain of profile `{name}` loops: {}", path.join(" → ")),
                            )
                            .label("botocore stops with `Infinite loop in credential configuration`")
                            .help("End the chain at a profile with credentials of its own (keys, SSO, `credential_process`). A profile may name itself as `source_profile` only when it also holds static keys.");
                        }
                        Walk::Empty(path) => {
                            let last = path.last().expect("the walk visited a source");
                            out.report(
                                Code::CC205,
                                setting_location(cx, sp),
                                format!("the `source_profile` chain of profile `{name}` ends at `{last}`, which has no credentials: {}", path.join(" → ")),
                            )
                            .label(format!("botocore stops with `The source profile \"{last}\" must have credentials`"))
                            .help(format!("Give `{last}` keys (`aws configure --profile '{last}'`), SSO settings or a `credential_process`; environment variables and instance metadata do not count for a source profile. On EC2 or ECS use `credential_source` instead of `source_profile`."));
                        }
                    }
                }
                RoleSource::CredentialSource => {}
            }
        }
    }
}

fn has_static_keys(p: &Profile) -> bool {
    p.get("aws_access_key_id").is_some() || p.get("aws_secret_access_key").is_some()
}

/// Where a `source_profile` chain ends.
#[derive(Debug, PartialEq, Eq)]
enum Walk {
    /// At credentials, a `credential_source`, or a profile CC201/CC205 reports on its own.
    Fine,
    /// The names visited, ending with the repeat.
    Loop(Vec<String>),
    /// The names visited, ending with a source profile that has no credentials.
    Empty(Vec<String>),
}

/// botocore's `AssumeRoleProvider`: follows `source_profile` from `start` the way
/// `_resolve_source_credentials` does, with `_validate_source_profile`'s loop check. A missing
/// profile ends the walk (CC201 reports it).
fn walk(profiles: &ProfileSet, start: &Profile) -> Walk {
    let mut visited = vec![start.name.clone()];
    let mut current = start;
    loop {
        let Some(source_name) = current
            .get("source_profile")
            .map(|s| s.value().trim().to_owned())
        else {
            return Walk::Fine;
        };
        let Some(source) = profiles.get(&source_name) else {
            return Walk::Fine;
        };
        if visited.contains(&source_name) {
            // Only a profile naming itself, with static keys, is allowed to repeat.
            if source_name != current.name || !has_static_keys(source) {
                visited.push(source_name);
                return Walk::Loop(visited);
            }
            return Walk::Fine;
        }
        visited.push(source_name);
        // `_resolve_credentials_from_profile`: static keys, or no role settings, end the chain
        // at the profile's own providers (environment variables off, no instance metadata):
        // nothing there is `The source profile "X" must have credentials`.
        if has_static_keys(source) || source.get("role_arn").is_none() {
            return if credential_source_kind(source).is_none() && !has_static_keys(source) {
                Walk::Empty(visited)
            } else {
                Walk::Fine
            };
        }
        if source.get("source_profile").is_none() {
            return Walk::Fine;
        }
        current = source;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awsconfig::{AwsFileKind, parse, profiles};

    fn chain_loop(config: &str, start: &str) -> Option<Vec<String>> {
        let set = profiles(
            &parse(config, AwsFileKind::Config),
            &parse("", AwsFileKind::Credentials),
        );
        match walk(&set, set.get(start).unwrap()) {
            Walk::Loop(p) => Some(p),
            _ => None,
        }
    }

    #[test]
    fn loops_as_botocore_sees_them() {
        let two = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(two, "a").unwrap(), ["a", "b", "a"]);
        let own = "[profile a]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(own, "a").unwrap(), ["a", "a"]);
        let own_keys = "[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(chain_loop(own_keys, "a"), None);
        let fine = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(chain_loop(fine, "a"), None);
        let into = "[profile c]\nrole_arn = r\nsource_profile = a\n[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(into, "c").unwrap(), ["c", "a", "b", "a"]);
        let set = profiles(
            &parse(
                "[default]\nregion = us-east-1\n[profile a]\nrole_arn = r\nsource_profile = default\n",
                AwsFileKind::Config,
            ),
            &parse("", AwsFileKind::Credentials),
        );
        assert_eq!(
            walk(&set, set.get("a").unwrap()),
            Walk::Empty(vec!["a".into(), "default".into()])
        );
    }
}
