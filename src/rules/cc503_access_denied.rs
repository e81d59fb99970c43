//! CC503 access-denied. Docs and examples: rules/CC503.toml. Needs `--online`.

use super::Rule;
use super::online_answers::sentence;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::online::OnlineResults;
use crate::online::{ApiOutcome, IdentityOutcome, describe_profile};

pub(crate) struct AccessDenied;

impl Rule for AccessDenied {
    fn code(&self) -> Code {
        Code::CC503
    }

    fn check_online(&self, cx: &Context, online: &OnlineResults, out: &mut Findings) {
        for rc in &online.remotes {
            let ApiOutcome::Denied { code, message } = &rc.api else {
                continue;
            };
            let remote = &cx.remotes[rc.remote];
            let id = online.identity_of(rc);
            let (principal, account) = match &id.outcome {
                IdentityOutcome::Accepted { arn, account } => (arn.clone(), account.clone()),
                _ => (
                    describe_profile(id.profile.as_deref()),
                    "<account>".to_owned(),
                ),
            };
            let repo = rc.repository.as_deref().unwrap_or("?");
            let resource = format!("arn:aws:codecommit:{}:{account}:{repo}", rc.region);
            let kms = code.starts_with("EncryptionKey");
            let detail = if message.is_empty() {
                code.clone()
            } else {
                format!("{code}: {message}")
            };
            let help = if kms {
                format!(
                    "the repository is encrypted with an AWS KMS key this principal may not use (or the key is disabled or gone): allow `kms:Decrypt` (and, to push, `kms:Encrypt`, `kms:GenerateDataKey`) on the repository's key for {principal}, and check the key policy and key state"
                )
            } else {
                format!(
                    "allow `codecommit:GitPull` and `codecommit:GetRepository` (and `codecommit:GitPush` to push) on {resource} for {principal}, e.g. attach one of the AWS managed policies the setup guide names: AWSCodeCommitPowerUser, AWSCodeCommitReadOnly or AWSCodeCommitFullAccess; if one is attached already, look for an explicit `Deny` (an IAM policy, a permissions boundary, an SCP), including on the KMS actions CodeCommit needs for an encrypted repository (`kms:Decrypt`)"
                )
            };
            out.report(
                Code::CC503,
                cx.value_part_location(remote.entry, &format!("/v1/repos/{repo}")),
                format!(
                    "step 2 (repository): {principal} may not read repository `{repo}` in {} (CodeCommit GetRepository: {detail})",
                    rc.region
                ),
            )
            .label("access to this repository is denied")
            .help(sentence(&help));
        }
    }
}
