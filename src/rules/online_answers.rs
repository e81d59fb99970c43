//! What the online rules (CC501–CC505) share: where a finding about an identity points, and
//! help texts written as the other rules write theirs.

use crate::finding::Location;
use crate::model::context::Context;
use crate::online::OnlineResults;

/// A help text as the other rules write theirs: a capitalised sentence with a full stop.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Where a finding about an identity points: the profile name in the helper that names it,
/// the helper, else `AWS_DEFAULT_PROFILE` / `AWS_PROFILE`, else the first remote using it.
pub(crate) fn identity_location(cx: &Context, results: &OnlineResults, index: usize) -> Location {
    let id = &results.identities[index];
    if let Some(r) = id.helper {
        let entry = cx.entry(r);
        let helper = entry
            .value
            .as_deref()
            .map(crate::parse::helper_value::Helper::parse)
            .and_then(|h| h.profile.and_then(|p| p.value));
        return match helper {
            Some(word) => cx.value_part_location(r, &word.text),
            None => cx.value_location(r),
        };
    }
    use crate::awscreds::profile::{ProfileOrigin, choose_profile};
    if let (_, ProfileOrigin::EnvVar(var)) = choose_profile(None, |_| None, &cx.env) {
        return cx.env_location(var);
    }
    if let Some(rc) = results.remotes.iter().find(|rc| rc.identity == index) {
        return cx.value_location(cx.remotes[rc.remote].entry);
    }
    cx.env_location("AWS_PROFILE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_texts_become_sentences() {
        assert_eq!(sentence("check `x`"), "Check `x`.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }
}
