//! CC203 profile-without-credentials. Docs and examples: rules/CC203.toml.

use super::{Code, Rule};
use crate::awsconfig::credential_source_kind;
use crate::context::{Context, ProfileFrom};
use crate::finding::Findings;

pub(crate) struct ProfileWithoutCredentials;

impl Rule for ProfileWithoutCredentials {
    fn code(&self) -> Code {
        Code::CC203
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        if !cx.aws.readable_by_aws_cli() {
            return;
        }
        // Container credentials supply the default chain and a named profile alike.
        if cx.env.is_set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            || cx.env.is_set("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        {
            return;
        }
        // Present at all, the variable engages botocore's env provider (CC207 if empty).
        let env_keys = cx.env.is_set("AWS_ACCESS_KEY_ID");
        for (r, _, helper) in cx.codecommit_helper_entries() {
            if !helper.is_codecommit() {
                continue;
            }
            let (name, from) = cx.helper_profile(helper);
            let location = match from {
                // The `default` profile with nothing in it is how EC2 instance roles are used.
                ProfileFrom::Default => continue,
                // botocore's env provider comes first unless `--profile` is given (P14).
                ProfileFrom::Env(_) if env_keys => continue,
                ProfileFrom::Env(var) => cx.env_location(var),
                ProfileFrom::Flag => {
                    let v = helper
                        .profile
                        .as_ref()
                        .and_then(|p| p.value.as_ref())
                        .map_or(String::new(), |w| w.text.clone());
                    cx.value_part_location(r, &v)
                }
            };
            // A missing profile is CC201's; a lone secret key is CC204's.
            let Some(profile) = cx.aws.profiles.get(&name) else {
                continue;
            };
            if credential_source_kind(profile).is_some()
                || profile.get("aws_secret_access_key").is_some()
            {
                continue;
            }
            let section = profile
                .sections
                .first()
                .and_then(|&(kind, i)| Some((kind, cx.aws.file(kind)?.file.sections.get(i)?)));
            let f = out
                .report(
                    Code::CC203,
                    location,
                    format!("profile `{name}` has no credentials: no keys, role, SSO, `credential_process` or web identity"),
                )
                .label(match from {
                    ProfileFrom::Flag => "the CodeCommit helper signs with this profile",
                    _ => "the CodeCommit helper's default chain uses this profile",
                })
                .help(format!("Give `{name}` a credential source (`aws configure --profile '{name}'` for keys, `role_arn` + `source_profile`, or `aws configure sso`). Without one the helper fails (`'NoneType' object has no attribute 'secret_key'`) unless EC2 instance metadata happens to supply credentials."));
            if let Some((kind, s)) = section {
                f.also(cx.aws_location(kind, s.header.clone()), "defined here");
            }
        }
    }
}
