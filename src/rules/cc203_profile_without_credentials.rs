//! CC203 profile-without-credentials. Docs and examples: rules/CC203.toml.

use super::Rule;
use crate::awscreds::profile::ProfileOrigin;
use crate::finding::Code;
use crate::finding::{Findings, Severity};
use crate::model::context::Context;
use crate::model::verdict::{credential_problem, explicit_credentials};

pub(crate) struct ProfileWithoutCredentials;

impl Rule for ProfileWithoutCredentials {
    fn code(&self) -> Code {
        Code::CC203
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        if !cx.aws.readable_by_aws_cli() {
            return;
        }
        let instance_role = cx.instance_role_likely();
        for (r, _, helper) in cx.codecommit_helper_entries() {
            if !helper.is_codecommit() {
                continue;
            }
            let (name, from) = cx.helper_profile(helper);
            // A missing profile is CC201's; a lone secret key is CC204's.
            let profile = cx.aws.profiles.get(&name);
            if (profile.is_none() && from != ProfileOrigin::Default)
                || explicit_credentials(cx, helper, &name, from)
            {
                continue;
            }
            let location = match from {
                ProfileOrigin::Default => cx.value_location(r),
                ProfileOrigin::EnvVar(var) => cx.env_location(var),
                ProfileOrigin::Assigned(var) => cx.value_part_location(r, &format!("{var}={name}")),
                ProfileOrigin::Flag => {
                    let v = helper.passed_profile().unwrap_or_default().to_owned();
                    cx.value_part_location(r, &v)
                }
            };
            // a broken role chain is CC205's and CC201's to explain
            if profile.is_some_and(|p| {
                matches!(
                    crate::parse::awsconfig::credential_source_kind(p),
                    Some(crate::parse::awsconfig::CredentialSourceKind::AssumeRole(_))
                )
            }) {
                continue;
            }
            let problem = profile.and_then(|p| credential_problem(cx, p));
            let message = match from {
                _ if problem.is_some() => format!(
                    "profile `{name}` gives no credentials: {}",
                    problem.as_deref().unwrap_or_default()
                ),
                ProfileOrigin::Default => "the CodeCommit helper names no profile, and nothing supplies default credentials: no `AWS_ACCESS_KEY_ID`, no `[default]` profile with keys, role, SSO or `credential_process`".to_owned(),
                _ => format!("profile `{name}` has no credentials: no keys, role, SSO, `credential_process` or web identity"),
            };
            let f = out
                .report(Code::CC203, location, message)
                .label(match from {
                    ProfileOrigin::Flag => "the CodeCommit helper signs with this profile",
                    _ => "the CodeCommit helper's default chain uses this profile",
                });
            if let Some(problem) = &problem {
                f.help(format!("The AWS CLI fails for `{name}` ({problem}), so the helper gets no credentials and git prompts or fails. For SSO: with an `[sso-session NAME]` section the profile needs `sso_session`, `sso_account_id` and `sso_role_name`, the session `sso_start_url` and `sso_region` (`aws configure sso --profile '{name}'` writes them), then `aws sso login`. For `credential_process`, install the program or correct the path; for a session token, get new credentials."));
            } else if instance_role {
                f.severity = Severity::Warning;
                f.message.push_str(" — this machine looks like an EC2 instance or container, so it works only while the instance or container role supplies them");
                f.help(format!("That holds on EC2, ECS, CodeBuild and Cloud9 with a role attached; copied elsewhere, the same config fails. To be explicit, give `{name}` a credential source, or use `credential_source = Ec2InstanceMetadata` with `role_arn`."));
            } else {
                f.help(format!("Give `{name}` a credential source (`aws configure --profile '{name}'` for keys, `role_arn` + `source_profile`, or `aws configure sso`), or name a profile that has one in the helper (`--profile <name>`). Without one the helper fails (`Unable to locate credentials`) and git prompts or gets 403; only on EC2, ECS, CodeBuild or Cloud9 does an instance or container role supply them."));
            }
            let section = profile
                .and_then(|p| p.sections.first())
                .and_then(|&(kind, i)| Some((kind, cx.aws.file(kind)?.file.sections.get(i)?)));
            if let Some((kind, s)) = section {
                f.also(cx.aws_location(kind, s.header.clone()), "defined here");
            }
        }
    }
}
