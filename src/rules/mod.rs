//! The rule registry: every rule, in the order they run. Each rule is one file beside this one;
//! its code is spelled in `finding::Code`, its name, severity and documentation live in
//! `rules/<CODE>.toml`.

use crate::finding::{Code, Findings, Severity};
use crate::model::context::Context;
use crate::online::OnlineResults;

mod online_answers;
pub mod outcome;
pub mod settings;

mod cc001_gitconfig_syntax;
mod cc002_aws_config_syntax;
mod cc003_missing_include;
mod cc004_dubious_ownership;
mod cc005_repository_helper_not_probed;
mod cc100_no_fresh_signature;
mod cc101_missing_use_http_path;
mod cc102_profile_name_split;
mod cc103_conflicting_helper;
mod cc104_shell_mangled_helper;
mod cc105_unscoped_helper;
mod cc106_duplicate_helper;
mod cc107_helper_not_found;
mod cc108_no_codecommit_helper;
mod cc109_old_git_for_config;
mod cc110_scope_misses_host_form;
mod cc111_unscoped_use_http_path;
mod cc201_profile_not_found;
mod cc202_wrong_section_header;
mod cc203_profile_without_credentials;
mod cc204_incomplete_access_keys;
mod cc205_broken_role_chain;
mod cc206_unsupported_region;
mod cc207_env_overrides_profile;
mod cc208_duplicate_profile;
mod cc209_unquoted_profile_header;
mod cc210_inline_comment_in_value;
mod cc301_malformed_codecommit_url;
mod cc302_credentials_in_url;
mod cc303_insecure_codecommit_url;
mod cc304_unusable_codecommit_remote;
mod cc305_unsafe_role_cache;
mod cc401_stored_codecommit_credentials;
mod cc402_credentials_file_permissions;
mod cc403_old_git;
mod cc404_old_aws_cli;
mod cc501_credentials_rejected;
mod cc502_repository_not_found;
mod cc503_access_denied;
mod cc504_git_auth_failed;
mod cc505_endpoint_unreachable;

/// A rule: reads the model, reports findings. Rules never print, read files or see CLI flags.
pub trait Rule: Sync {
    fn code(&self) -> Code;
    /// What the files and the machine show.
    fn check(&self, _cx: &Context, _out: &mut Findings) {}
    /// What AWS and git answered (`check --online`), beside the model.
    fn check_online(&self, _cx: &Context, _online: &OnlineResults, _out: &mut Findings) {}
}

/// The rules that run, in code order.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &cc001_gitconfig_syntax::GitconfigSyntax,
        &cc002_aws_config_syntax::AwsConfigSyntax,
        &cc003_missing_include::MissingInclude,
        &cc004_dubious_ownership::DubiousOwnership,
        &cc005_repository_helper_not_probed::RepositoryHelperNotProbed,
        &cc101_missing_use_http_path::MissingUseHttpPath,
        &cc102_profile_name_split::ProfileNameSplit,
        &cc103_conflicting_helper::ConflictingHelper,
        &cc104_shell_mangled_helper::ShellMangledHelper,
        &cc105_unscoped_helper::UnscopedHelper,
        &cc106_duplicate_helper::DuplicateHelper,
        &cc107_helper_not_found::HelperNotFound,
        &cc108_no_codecommit_helper::NoCodecommitHelper,
        &cc109_old_git_for_config::OldGitForConfig,
        &cc110_scope_misses_host_form::ScopeMissesHostForm,
        &cc111_unscoped_use_http_path::UnscopedUseHttpPath,
        &cc201_profile_not_found::ProfileNotFound,
        &cc202_wrong_section_header::WrongSectionHeader,
        &cc203_profile_without_credentials::ProfileWithoutCredentials,
        &cc204_incomplete_access_keys::IncompleteAccessKeys,
        &cc205_broken_role_chain::BrokenRoleChain,
        &cc206_unsupported_region::UnsupportedRegion,
        &cc207_env_overrides_profile::EnvOverridesProfile,
        &cc208_duplicate_profile::DuplicateProfile,
        &cc209_unquoted_profile_header::UnquotedProfileHeader,
        &cc210_inline_comment_in_value::InlineCommentInValue,
        &cc301_malformed_codecommit_url::MalformedCodecommitUrl,
        &cc302_credentials_in_url::CredentialsInUrl,
        &cc303_insecure_codecommit_url::InsecureCodecommitUrl,
        &cc304_unusable_codecommit_remote::UnusableCodecommitRemote,
        &cc305_unsafe_role_cache::UnsafeRoleCache,
        &cc401_stored_codecommit_credentials::StoredCodecommitCredentials,
        &cc402_credentials_file_permissions::CredentialsFilePermissions,
        &cc403_old_git::OldGit,
        &cc404_old_aws_cli::OldAwsCli,
        &cc501_credentials_rejected::CredentialsRejected,
        &cc502_repository_not_found::RepositoryNotFound,
        &cc503_access_denied::AccessDenied,
        &cc504_git_auth_failed::GitAuthFailed,
        &cc505_endpoint_unreachable::EndpointUnreachable,
        // last: it reads what the others reported
        &cc100_no_fresh_signature::NoFreshSignature,
    ]
}

/// An AWS config section the CLI ignores is only a warning when the credentials file defines
/// the profile it was meant for: the profile works, without the settings in that section.
pub(crate) fn ignored_but_defined(cx: &Context, f: &mut crate::finding::Finding, name: &str) {
    if cx.aws.profiles.get(name).is_some() {
        f.severity = Severity::Warning;
        f.message.push_str(&format!(
            " (profile `{name}` still works from the credentials file, without the settings here)"
        ));
    }
}

/// Runs every rule on `cx`, and on `online` when `check --online` asked.
pub fn run(cx: &Context, online: Option<&OnlineResults>) -> Findings {
    let mut out = Findings::default();
    for rule in registry() {
        rule.check(cx, &mut out);
        if let Some(online) = online {
            rule.check_online(cx, online, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_docs_agree() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in registry() {
            assert!(seen.insert(rule.code()), "{} registered twice", rule.code());
        }
        assert_eq!(seen.len(), Code::ALL.len(), "every code has a rule");
        let mut names = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let doc = code.doc();
            assert_eq!(doc.code, code.as_str());
            assert!(
                names.insert(doc.name.clone()),
                "duplicate name {}",
                doc.name
            );
            assert!(
                doc.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                doc.name
            );
            assert!(!doc.examples.is_empty(), "{code} has no example");
            assert_eq!(Code::lookup(&doc.name), Some(code));
            assert_eq!(Code::lookup(&code.as_str().to_lowercase()), Some(code));
        }
        let files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .expect("rules/ exists")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(".toml"))
            .collect();
        assert_eq!(
            files.len(),
            Code::ALL.len(),
            "a doc file per code and no more: {files:?}"
        );
    }

    /// Every code keeps the name and severity it was published with (this table), so a
    /// rename or a severity change is a deliberate edit here.
    #[test]
    fn codes_match_the_documented_table() {
        let listing: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{c} {} {}", c.name(), c.doc().severity.as_str()))
            .collect();
        let table = [
            "CC001 gitconfig-syntax error",
            "CC003 missing-include warning",
            "CC101 missing-use-http-path error",
            "CC102 profile-name-split error",
            "CC103 conflicting-helper error",
            "CC104 shell-mangled-helper error",
            "CC105 unscoped-helper warning",
            "CC106 duplicate-helper warning",
            "CC108 no-codecommit-helper error",
            "CC110 scope-misses-host-form error",
            "CC002 aws-config-syntax error",
            "CC201 profile-not-found error",
            "CC202 wrong-section-header error",
            "CC208 duplicate-profile error",
            "CC209 unquoted-profile-header error",
            "CC210 inline-comment-in-value error",
            "CC107 helper-not-found error",
            "CC109 old-git-for-config error",
            "CC203 profile-without-credentials error",
            "CC204 incomplete-access-keys error",
            "CC205 broken-role-chain error",
            "CC206 unsupported-region warning",
            "CC207 env-overrides-profile warning",
            "CC301 malformed-codecommit-url error",
            "CC302 credentials-in-url error",
            "CC303 insecure-codecommit-url error",
            "CC304 unusable-codecommit-remote error",
            "CC401 stored-codecommit-credentials error",
            "CC402 credentials-file-permissions warning",
            "CC403 old-git error",
            "CC404 old-aws-cli error",
            "CC501 credentials-rejected error",
            "CC502 repository-not-found error",
            "CC503 access-denied error",
            "CC504 git-auth-failed error",
            "CC505 endpoint-unreachable warning",
        ];
        for line in table {
            assert!(
                listing.iter().any(|l| l == line),
                "{line} missing from {listing:?}"
            );
        }
    }
}
