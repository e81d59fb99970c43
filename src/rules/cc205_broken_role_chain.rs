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
                    if let Some(path) = chain_loop(&cx.aws.profiles, profile) {
                        let sp = profile.get("source_profile").expect("SourceProfile is set");
                        out.report(
                            Code::CC205,
                            setting_location(cx, sp),
                            format!("the `source_profile` chain of profile `{name}` loops: {}", path.join(" → ")),
                        )
                        .label("botocore stops with `Infinite loop in credential configuration`")
                        .help("End the chain at a profile with credentials of its own (keys, SSO, `credential_process`). A profile may name itself as `source_profile` only when it also holds static keys.");
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

/// botocore's `AssumeRoleProvider`: follows `source_profile` from `start` the way
/// `_resolve_source_credentials` does, with `_validate_source_profile`'s loop check. Returns
/// the names visited, ending with the repeat, when it loops. A missing profile ends the walk
/// (CC201 reports it).
fn chain_loop(profiles: &ProfileSet, start: &Profile) -> Option<Vec<String>> {
    let mut visited = vec![start.name.clone()];
    let mut current = start;
    loop {
        let source_name = current.get("source_profile")?.value().trim().to_owned();
        let source = profiles.get(&source_name)?;
        if visited.contains(&source_name) {
            // Only a profile naming itself, with static keys, is allowed to repeat.
            if source_name != current.name || !has_static_keys(source) {
                visited.push(source_name);
                return Some(visited);
            }
            return None;
        }
        visited.push(source_name);
        // `_resolve_credentials_from_profile`: static keys end the chain; a role without them
        // is assumed in turn.
        let is_role = source.get("role_arn").is_some();
        if has_static_keys(source) || !is_role || source.get("source_profile").is_none() {
            return None;
        }
        current = source;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awsconfig::{AwsFileKind, parse, profiles};

    fn walk(config: &str, start: &str) -> Option<Vec<String>> {
        let set = profiles(
            &parse(config, AwsFileKind::Config),
            &parse("", AwsFileKind::Credentials),
        );
        chain_loop(&set, set.get(start).unwrap())
    }

    #[test]
    fn loops_as_botocore_sees_them() {
        let two = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(walk(two, "a").unwrap(), ["a", "b", "a"]);
        let own = "[profile a]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(walk(own, "a").unwrap(), ["a", "a"]);
        let own_keys = "[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(walk(own_keys, "a"), None);
        let fine = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(walk(fine, "a"), None);
        let into = "[profile c]\nrole_arn = r\nsource_profile = a\n[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(walk(into, "c").unwrap(), ["c", "a", "b", "a"]);
    }
}
