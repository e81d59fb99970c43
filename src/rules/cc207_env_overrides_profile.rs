//! CC207 env-overrides-profile. Docs and examples: rules/CC207.toml.
//!
//! What botocore does (research P14): with no `--profile`, the environment provider comes
//! first, so `AWS_ACCESS_KEY_ID` beats any profile; `--profile` turns the environment provider
//! off and overrides `AWS_PROFILE`. Messages name variables, never their values.

use super::Rule;
use crate::awscreds::profile::{ProfileOrigin, choose_profile};
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::model::discover::EntryRef;
use crate::parse::awsconfig::credential_source_kind;
use crate::parse::helper_value::Helper;

pub(crate) struct EnvOverridesProfile;

impl Rule for EnvOverridesProfile {
    fn code(&self) -> Code {
        Code::CC207
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (r, _, helper) in cx.codecommit_helper_entries() {
            if !helper.is_codecommit() {
                continue;
            }
            let (name, from) = cx.helper_profile(helper);
            match from {
                ProfileOrigin::Flag => profile_variable_ignored(cx, r, helper, &name, out),
                from => keys_win(cx, r, &name, &from, out),
            }
        }
    }
}

/// The variable the AWS CLI would take its profile from without `--profile`
/// (`AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`) names another profile than the helper's.
fn profile_variable_ignored(
    cx: &Context,
    r: EntryRef,
    helper: &Helper,
    name: &str,
    out: &mut Findings,
) {
    let (v, ProfileOrigin::EnvVar(var)) = choose_profile(None, |var| helper.assigned(var), &cx.env)
    else {
        return;
    };
    if v == name {
        return;
    }
    out.report(
        Code::CC207,
        cx.env_location(var),
        format!("`{var}` names profile `{v}`, but the CodeCommit helper passes `--profile {name}`, which wins"),
    )
    .label("ignored by the CodeCommit helper")
    .help(format!("The helper at {} always signs with `{name}`. Remove `--profile` from the helper to follow `{var}`, or unset `{var}` if `{name}` is right.", cx.describe(r)));
}

/// Access keys in the environment come before the profile the helper would use.
fn keys_win(cx: &Context, r: EntryRef, name: &str, from: &ProfileOrigin, out: &mut Findings) {
    // botocore's EnvProvider engages when the variable exists at all; an empty
    // one then fails with partial credentials.
    if !cx.env.is_set("AWS_ACCESS_KEY_ID") {
        return;
    }
    // Would a profile have applied? A named one always; `default` if it has credentials.
    let applies = match from {
        ProfileOrigin::EnvVar(_) | ProfileOrigin::Assigned(_) => true,
        _ => cx
            .aws
            .profiles
            .get(name)
            .is_some_and(|p| credential_source_kind(p).is_some()),
    };
    if !applies {
        return;
    }
    let why = match from {
        ProfileOrigin::EnvVar(var) => format!("`{var}` names profile `{name}`"),
        ProfileOrigin::Assigned(var) => format!("the helper line sets `{var}={name}`"),
        _ => format!("profile `{name}` has credentials"),
    };
    out.report(Code::CC207, cx.env_location("AWS_ACCESS_KEY_ID"), keys_message(cx, name, &why))
        .label("the environment comes first in the default credential chain")
        .help(format!("Unset the variables (an empty value still counts; they are often left over from an earlier session): `unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN`, or pass `--profile {name}` in the helper at {}, which makes the AWS CLI ignore them.", cx.describe(r)));
}

/// What the environment's keys do instead of profile `name`.
fn keys_message(cx: &Context, name: &str, why: &str) -> String {
    let set = |k: &str| cx.env.var(k).is_some_and(|v| !v.is_empty());
    if !set("AWS_ACCESS_KEY_ID") {
        format!(
            "`AWS_ACCESS_KEY_ID` is set but empty: the CodeCommit helper fails with partial credentials instead of using profile `{name}` ({why})"
        )
    } else if set("AWS_SECRET_ACCESS_KEY") {
        let vars = if set("AWS_SESSION_TOKEN") {
            "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`"
        } else {
            "`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`"
        };
        format!(
            "{vars} are set: the CodeCommit helper signs with them, not with profile `{name}` ({why})"
        )
    } else {
        format!(
            "`AWS_ACCESS_KEY_ID` is set without `AWS_SECRET_ACCESS_KEY`: the CodeCommit helper fails with partial credentials instead of using profile `{name}` ({why})"
        )
    }
}
