//! CodeCommit facts kept in one place: the git endpoint host grammar, its host forms, the
//! regions where CodeCommit is offered, and the URL patterns that scope a helper to each form.

/// The shapes a CodeCommit git endpoint host takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HostForm {
    /// `git-codecommit.<region>.amazonaws.com`
    Standard,
    /// `git-codecommit-fips.<region>.amazonaws.com`
    Fips,
    /// `git-codecommit.<region>.amazonaws.com.cn`
    China,
    /// `vpce-….git-codecommit.<region>.vpce.amazonaws.com`
    Vpce,
    /// `vpce-….git-codecommit-fips.<region>.vpce.amazonaws.com`
    VpceFips,
}

impl HostForm {
    pub const ALL: [HostForm; 5] = [
        HostForm::Standard,
        HostForm::Fips,
        HostForm::China,
        HostForm::Vpce,
        HostForm::VpceFips,
    ];

    /// The credential section URL that covers every host of this form (`*` = one label).
    pub fn pattern(self) -> &'static str {
        match self {
            HostForm::Standard => "https://git-codecommit.*.amazonaws.com",
            HostForm::Fips => "https://git-codecommit-fips.*.amazonaws.com",
            HostForm::China => "https://git-codecommit.*.amazonaws.com.cn",
            HostForm::Vpce => "https://*.git-codecommit.*.vpce.amazonaws.com",
            HostForm::VpceFips => "https://*.git-codecommit-fips.*.vpce.amazonaws.com",
        }
    }

    /// A host of this form, for evaluating config when no remote names one.
    pub fn example_host(self) -> &'static str {
        match self {
            HostForm::Standard => "git-codecommit.us-east-1.amazonaws.com",
            HostForm::Fips => "git-codecommit-fips.us-east-1.amazonaws.com",
            HostForm::China => "git-codecommit.cn-north-1.amazonaws.com.cn",
            HostForm::Vpce => {
                "vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com"
            }
            HostForm::VpceFips => {
                "vpce-0123456789abcdef0-abcdefgh.git-codecommit-fips.us-east-1.vpce.amazonaws.com"
            }
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            HostForm::Standard => "standard",
            HostForm::Fips => "FIPS",
            HostForm::China => "China",
            HostForm::Vpce => "VPC endpoint",
            HostForm::VpceFips => "FIPS VPC endpoint",
        }
    }
}

/// A host that is a CodeCommit git endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCommitHost {
    pub region: String,
    pub form: HostForm,
}

/// Matches a host (optionally with `:port`) against the CodeCommit grammar, anchored at both
/// ends and case-insensitively. Lookalikes such as `….amazonaws.com.evil.example` do not match.
pub fn parse_host(host: &str) -> Option<CodeCommitHost> {
    let host = host.to_ascii_lowercase();
    let host = match host.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            h.to_owned()
        }
        Some(_) => return None,
        None => host,
    };
    let labels: Vec<&str> = host.split('.').collect();
    let (vpce, rest) = match labels.first() {
        Some(l) if l.starts_with("vpce-") => {
            if !is_label(l) {
                return None;
            }
            (true, &labels[1..])
        }
        _ => (false, &labels[..]),
    };
    let (service, region, tail) = match rest {
        [service, region, tail @ ..] => (*service, *region, tail),
        _ => return None,
    };
    let fips = match service {
        "git-codecommit" => false,
        "git-codecommit-fips" => true,
        _ => return None,
    };
    if !is_region_shaped(region) {
        return None;
    }
    let china = match (vpce, tail) {
        (false, ["amazonaws", "com"]) | (true, ["vpce", "amazonaws", "com"]) => false,
        (false, ["amazonaws", "com", "cn"]) | (true, ["vpce", "amazonaws", "com", "cn"]) => true,
        _ => return None,
    };
    let form = match (vpce, fips, china) {
        (false, false, false) => HostForm::Standard,
        (false, true, false) => HostForm::Fips,
        (false, false, true) => HostForm::China,
        (true, false, _) => HostForm::Vpce,
        (true, true, _) => HostForm::VpceFips,
        (false, true, true) => HostForm::China,
    };
    Some(CodeCommitHost {
        region: region.to_owned(),
        form,
    })
}

fn is_label(l: &str) -> bool {
    !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `xx-name-N`, `xx-gov-name-N`: the shape of an AWS region name.
pub fn is_region_shaped(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// The 29 regions where CodeCommit is offered (docs and botocore's endpoints.json agree).
pub const REGIONS: [&str; 29] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "af-south-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-west-1",
    "us-gov-east-1",
];

/// Regions with a FIPS git endpoint (`git-codecommit-fips.<region>.amazonaws.com`).
pub const FIPS_REGIONS: [&str; 7] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "us-gov-west-1",
    "us-gov-east-1",
];

/// What is wrong with a region for CodeCommit, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionProblem {
    /// Not the shape of a region name (`us-east-1a`, `US-EAST-1`, `useast1`).
    Malformed,
    /// A region where CodeCommit is not offered.
    NotOffered,
}

pub fn region_problem(region: &str) -> Option<RegionProblem> {
    if REGIONS.contains(&region) {
        None
    } else if is_region_shaped(region) {
        Some(RegionProblem::NotOffered)
    } else {
        Some(RegionProblem::Malformed)
    }
}

/// What is wrong with a host's region for its form: unknown region, a FIPS host where there is
/// no FIPS endpoint, a China region outside `amazonaws.com.cn` or the reverse.
pub fn host_region_problem(host: &CodeCommitHost) -> Option<String> {
    let r = host.region.as_str();
    if region_problem(r).is_some() {
        return Some(format!("CodeCommit is not offered in `{r}`"));
    }
    let china_region = r.starts_with("cn-");
    match host.form {
        HostForm::Fips | HostForm::VpceFips if !FIPS_REGIONS.contains(&r) => {
            Some(format!("CodeCommit has no FIPS endpoint in `{r}`"))
        }
        HostForm::China if !china_region => Some(format!(
            "`{r}` is not a China region, but the host ends in `amazonaws.com.cn`"
        )),
        HostForm::Standard | HostForm::Fips if china_region => Some(format!(
            "`{r}` is a China region, served at `git-codecommit.{r}.amazonaws.com.cn`"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_forms() {
        let f = |h: &str| parse_host(h).map(|c| (c.region, c.form));
        assert_eq!(
            f("git-codecommit.us-east-2.amazonaws.com"),
            Some(("us-east-2".into(), HostForm::Standard))
        );
        assert_eq!(
            f("GIT-CODECOMMIT.US-EAST-2.AMAZONAWS.COM:443"),
            Some(("us-east-2".into(), HostForm::Standard))
        );
        assert_eq!(
            f("git-codecommit-fips.us-gov-west-1.amazonaws.com"),
            Some(("us-gov-west-1".into(), HostForm::Fips))
        );
        assert_eq!(
            f("git-codecommit.cn-north-1.amazonaws.com.cn"),
            Some(("cn-north-1".into(), HostForm::China))
        );
        assert_eq!(
            f(
                "vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com"
            ),
            Some(("us-east-1".into(), HostForm::Vpce))
        );
        assert_eq!(
            f("vpce-0b47ea360adebf88a-jkl88hez.git-codecommit-fips.us-east-1.vpce.amazonaws.com"),
            Some(("us-east-1".into(), HostForm::VpceFips))
        );
        for bad in [
            "git-codecommit.us-east-1.amazonaws.com.evil.example",
            "evil.git-codecommit.us-east-1.amazonaws.com",
            "git-codecommit.amazonaws.com",
            "codecommit.us-east-1.amazonaws.com",
            "git-codecommit.us-east-1.amazonaws.com:",
            "git-codecommit.us_east_1.amazonaws.com",
            "github.com",
        ] {
            assert_eq!(f(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_form_pattern_covers_its_example() {
        for form in HostForm::ALL {
            let url =
                crate::urlmatch::Url::parse(&format!("https://{}/v1/repos/x", form.example_host()))
                    .expect("example parses");
            for other in HostForm::ALL {
                assert_eq!(
                    crate::urlmatch::credential_section_matches(other.pattern(), &url),
                    form == other,
                    "{form:?} vs pattern of {other:?}"
                );
            }
            assert_eq!(parse_host(form.example_host()).map(|h| h.form), Some(form));
        }
    }
}
