//! CC206 unsupported-region. Docs and examples: rules/CC206.toml.

use super::Rule;
use super::cc204_incomplete_access_keys::setting_location;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::endpoint::{self, RegionProblem};
use crate::parse::urlmatch::Url;

pub(crate) struct UnsupportedRegion;

impl Rule for UnsupportedRegion {
    fn code(&self) -> Code {
        Code::CC206
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for remote in &cx.remotes {
            let Some(host) = remote.codecommit_host() else {
                continue;
            };
            let Some(problem) = endpoint::host_region_problem(&host) else {
                continue;
            };
            out.report(
                Code::CC206,
                cx.value_part_location(remote.entry, &host.region),
                format!("remote `{}`: {problem}", remote.name),
            )
            .label("region of this CodeCommit host")
            .help(format!(
                "Use the region where the repository is: CodeCommit is offered in {}.",
                endpoint::REGIONS.join(", ")
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (r, e) in cx.git.entries() {
            let (Some(sub), "credential") = (e.subsection.as_deref(), e.section.as_str()) else {
                continue;
            };
            if !seen.insert((r.file, e.header_span.start)) {
                continue;
            }
            let Some(host) = Url::parse(sub).and_then(|u| endpoint::parse_host(&u.host)) else {
                continue;
            };
            let Some(problem) = endpoint::host_region_problem(&host) else {
                continue;
            };
            out.report(
                Code::CC206,
                cx.file_location(r.file, e.header_span.clone()),
                format!("credential scope `{sub}`: {problem}"),
            )
            .label("this scope covers no CodeCommit repository")
            .help("Scope the helper to the region of your repositories, or to every region with `https://git-codecommit.*.amazonaws.com`.");
        }
        for (_, _, helper) in cx.codecommit_helper_entries() {
            if !helper.is_codecommit() {
                continue;
            }
            let (name, _) = cx.helper_profile(helper);
            let Some(region) = cx.aws.profiles.get(&name).and_then(|p| p.region()) else {
                continue;
            };
            let value = region.value().trim();
            let message = match endpoint::region_problem(value) {
                None => continue,
                Some(RegionProblem::Malformed) => {
                    format!("profile `{name}` has region `{value}`, which is not a region name")
                }
                Some(RegionProblem::NotOffered) => {
                    format!(
                        "profile `{name}` has region `{value}`, where CodeCommit is not offered"
                    )
                }
            };
            out.report(Code::CC206, setting_location(cx, region), message)
                .label("the profile the CodeCommit helper uses")
                .help("The helper takes the region from the remote's host, but `aws codecommit …` commands with this profile (create-repository, get-repository) go to this region and fail. Set a region where your repositories are.");
        }
    }
}
