//! CC102 profile-name-split. Docs and examples: rules/CC102.toml.

use super::Rule;
use crate::base::shell;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct ProfileNameSplit;

impl Rule for ProfileNameSplit {
    fn code(&self) -> Code {
        Code::CC102
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (r, entry, helper) in cx.helper_entries() {
            if !helper.is_codecommit() {
                continue;
            }
            let Some(profile) = helper.profile.as_ref() else {
                continue;
            };
            let Some(value) = profile.value.as_ref() else {
                continue;
            };
            // The words the shell split off right after the profile value.
            let split = helper.split_profile_words();
            if split.is_empty() {
                continue;
            }
            let rest: Vec<&str> = split.iter().map(|w| w.text.as_str()).collect();
            let intended = format!("{} {}", value.text, rest.join(" "));
            let raw = entry.value.as_deref().unwrap_or("");
            let written =
                cx.git.files[r.file].file.source.text[entry.value_span.clone()].to_owned();
            let stripped_quotes =
                written.contains(&format!("\"{intended}\"")) && !raw.contains('"');
            // `--profile X` or `--profile=X`, as written
            let sep = if profile.option.text.starts_with("--profile=") {
                "="
            } else {
                " "
            };
            let passed = format!("--profile{sep}{}", value.text);
            // the words `sh` really passes after `--profile`, counted
            let more = format!(
                "{} more word{} (`{}`)",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" },
                rest.join("`, `")
            );
            let message = if stripped_quotes {
                format!(
                    "git strips the double quotes around `{intended}`: the shell passes `{passed}` and then {more}, so the AWS CLI fails"
                )
            } else {
                format!(
                    "the profile name `{intended}` reaches the shell unquoted: it passes `{passed}` and then {more}, so the AWS CLI fails"
                )
            };
            let fixed = format!("--profile{sep}{}", shell::quote(&intended));
            out.report(Code::CC102, cx.value_part_location(r, &intended), message)
                .label("split into separate words by the shell")
                .help(if stripped_quotes {
                    format!("Quote the name for the shell with single quotes, which git keeps: `{fixed}` (or escape the double quotes as `\\\"`).")
                } else {
                    format!("Quote the name for the shell with single quotes, which git keeps: `{fixed}`.")
                });
        }
    }
}
