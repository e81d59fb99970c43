//! CodeCommit facts kept in one place: the git endpoint host grammar, the host forms and the
//! credential URL patterns that scope a helper to each, and the regions where CodeCommit is
//! offered.
//!
//! The grammar is anchored at both ends and matched case-insensitively:
//!
//! ```text
//! [vpce-<id>.]git-codecommit[-fips].<region>.[vpce.]amazonaws.com[.cn][:<port>]
//! ```
//!
//! where `vpce-<id>.` and `vpce.` come together (VPC interface endpoint), `<id>` is
//! `[a-z0-9-]+`, and `<region>` is `[a-z]{2}(-[a-z]+)+-[0-9]+`. The AWS CLI only tests
//! for the substring `amazonaws.com`, so it signs for lookalikes such as
//! `git-codecommit.us-east-1.amazonaws.com.evil.example`; cc-lint never matches those.

/// The kind of endpoint a host names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// `git-codecommit.<region>.amazonaws.com`
    Standard,
    /// `git-codecommit-fips.<region>.amazonaws.com`
    Fips,
    /// `vpce-<id>.git-codecommit.<region>.vpce.amazonaws.com`
    VpcEndpoint,
    /// `vpce-<id>.git-codecommit-fips.<region>.vpce.amazonaws.com`
    VpcEndpointFips,
}

/// A family of hosts that one `[credential "<pattern>"]` scope covers (`*` = one DNS label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HostForm {
    pub endpoint: Endpoint,
    /// `….amazonaws.com.cn` (the China partition).
    pub china: bool,
}

impl HostForm {
    pub const STANDARD: HostForm = HostForm {
        endpoint: Endpoint::Standard,
        china: false,
    };
    pub const FIPS: HostForm = HostForm {
        endpoint: Endpoint::Fips,
        china: false,
    };
    pub const CHINA: HostForm = HostForm {
        endpoint: Endpoint::Standard,
        china: true,
    };
    pub const VPCE: HostForm = HostForm {
        endpoint: Endpoint::VpcEndpoint,
        china: false,
    };
    pub const VPCE_FIPS: HostForm = HostForm {
        endpoint: Endpoint::VpcEndpointFips,
        china: false,
    };

    /// Every form: standard, FIPS, China, VPC endpoint and VPC endpoint FIPS (what
    /// `fix --all-endpoints` writes).
    pub const ALL: [HostForm; 5] = [
        HostForm::STANDARD,
        HostForm::FIPS,
        HostForm::CHINA,
        HostForm::VPCE,
        HostForm::VPCE_FIPS,
    ];

    /// Every form the grammar admits (China FIPS and China VPC endpoints included).
    pub fn every() -> impl Iterator<Item = HostForm> {
        [
            Endpoint::Standard,
            Endpoint::Fips,
            Endpoint::VpcEndpoint,
            Endpoint::VpcEndpointFips,
        ]
        .into_iter()
        .flat_map(|endpoint| [false, true].map(|china| HostForm { endpoint, china }))
    }

    /// The credential section URL that covers every host of this form.
    pub fn pattern(self) -> String {
        let base = match self.endpoint {
            Endpoint::Standard => "https://git-codecommit.*.amazonaws.com",
            Endpoint::Fips => "https://git-codecommit-fips.*.amazonaws.com",
            Endpoint::VpcEndpoint => "https://*.git-codecommit.*.vpce.amazonaws.com",
            Endpoint::VpcEndpointFips => "https://*.git-codecommit-fips.*.vpce.amazonaws.com",
        };
        if self.china {
            format!("{base}.cn")
        } else {
            base.to_owned()
        }
    }

    /// A host of this form, for evaluating config when no remote names one.
    pub fn example_host(self) -> String {
        let region = if self.china {
            "cn-north-1"
        } else {
            "us-east-1"
        };
        let host = match self.endpoint {
            Endpoint::Standard => format!("git-codecommit.{region}.amazonaws.com"),
            Endpoint::Fips => format!("git-codecommit-fips.{region}.amazonaws.com"),
            Endpoint::VpcEndpoint => {
                format!(
                    "vpce-0123456789abcdef0-abcdefgh.git-codecommit.{region}.vpce.amazonaws.com"
                )
            }
            Endpoint::VpcEndpointFips => {
                format!(
                    "vpce-0123456789abcdef0-abcdefgh.git-codecommit-fips.{region}.vpce.amazonaws.com"
                )
            }
        };
        if self.china {
            format!("{host}.cn")
        } else {
            host
        }
    }

    pub fn describe(self) -> &'static str {
        match (self.endpoint, self.china) {
            (Endpoint::Standard, false) => "standard",
            (Endpoint::Standard, true) => "China",
            (Endpoint::Fips, false) => "FIPS",
            (Endpoint::Fips, true) => "China FIPS",
            (Endpoint::VpcEndpoint, false) => "VPC endpoint",
            (Endpoint::VpcEndpoint, true) => "China VPC endpoint",
            (Endpoint::VpcEndpointFips, false) => "FIPS VPC endpoint",
            (Endpoint::VpcEndpointFips, true) => "China FIPS VPC endpoint",
        }
    }
}

/// A recognised CodeCommit git host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCommitHost {
    /// The host without the port, lower-cased: what goes into the canonical request.
    pub name: String,
    /// The region named by the host, lower-cased: the signing region.
    pub region: String,
    pub endpoint: Endpoint,
    /// `….amazonaws.com.cn` (the China partition).
    pub china: bool,
}

/// Parses `host[:port]` as git sends it. `None` for anything that is not a CodeCommit
/// git endpoint.
pub fn parse_host(host: &str) -> Option<CodeCommitHost> {
    let name = strip_port(host)?;
    if name.is_empty() || !name.is_ascii() {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let mut labels: Vec<&str> = name.split('.').collect();

    let china = labels.last() == Some(&"cn");
    if china {
        labels.pop();
    }
    if labels.len() < 2 || labels[labels.len() - 2..] != ["amazonaws", "com"] {
        return None;
    }
    labels.truncate(labels.len() - 2);

    let vpce = labels.last() == Some(&"vpce");
    if vpce {
        labels.pop();
    }
    let region = labels.pop()?;
    if !is_region(region) {
        return None;
    }
    let fips = match labels.pop()? {
        "git-codecommit" => false,
        "git-codecommit-fips" => true,
        _ => return None,
    };
    if vpce {
        let endpoint = labels.pop()?;
        if !is_vpce_id(endpoint) {
            return None;
        }
    }
    if !labels.is_empty() {
        return None;
    }
    let endpoint = match (vpce, fips) {
        (false, false) => Endpoint::Standard,
        (false, true) => Endpoint::Fips,
        (true, false) => Endpoint::VpcEndpoint,
        (true, true) => Endpoint::VpcEndpointFips,
    };
    let region = region.to_owned();
    Some(CodeCommitHost {
        name,
        region,
        endpoint,
        china,
    })
}

/// A CodeCommit host that a credential section's host pattern covers, as git matches it (a
/// `*` label stands for any one label): the pattern itself when it names one, else the
/// pattern with its `*` labels filled in (a region, a VPC endpoint id, an endpoint label —
/// the first combination that makes a CodeCommit host). `None` when no CodeCommit host
/// matches the pattern.
pub fn host_in_pattern(pattern: &str) -> Option<String> {
    let region = if pattern.ends_with(".amazonaws.com.cn") {
        "cn-north-1"
    } else {
        "us-east-1"
    };
    let fills = [
        region,
        "vpce-0123456789abcdef0-abcdefgh",
        "git-codecommit",
        "git-codecommit-fips",
        "vpce",
    ];
    let labels: Vec<&str> = pattern.split('.').collect();
    // a CodeCommit host has at most seven labels
    if labels.len() > 7 {
        return None;
    }
    fn fill(done: &mut Vec<String>, rest: &[&str], fills: &[&str]) -> Option<String> {
        let Some((first, rest)) = rest.split_first() else {
            let host = done.join(".");
            return parse_host(&host).is_some().then_some(host);
        };
        let choices: &[&str] = if *first == "*" {
            fills
        } else {
            std::slice::from_ref(first)
        };
        for choice in choices {
            done.push((*choice).to_owned());
            let found = fill(done, rest, fills);
            done.pop();
            if found.is_some() {
                return found;
            }
        }
        None
    }
    fill(&mut Vec::new(), &labels, &fills)
}

/// Whether a `[credential "<pattern>"]` scope covers some CodeCommit host (whatever its
/// scheme, user or path).
pub fn scope_covers_codecommit(pattern: &str) -> bool {
    crate::parse::urlmatch::Url::parse(pattern).is_some_and(|p| host_in_pattern(&p.host).is_some())
}

/// `host` or `host:port` (port: 1 to 5 digits). `None` when what follows `:` is not a port.
fn strip_port(host: &str) -> Option<&str> {
    match host.rsplit_once(':') {
        None => Some(host),
        Some((name, port)) => {
            let valid =
                !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
            valid.then_some(name)
        }
    }
}

/// `[a-z]{2}(-[a-z]+)+-[0-9]+`, e.g. `us-east-1`, `us-gov-west-1`, `cn-northwest-1`.
fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    if parts.len() < 3 {
        return false;
    }
    let (first, rest) = parts.split_first().expect("at least three parts");
    let (last, middle) = rest.split_last().expect("at least two parts");
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// `vpce-[a-z0-9-]+`
fn is_vpce_id(label: &str) -> bool {
    label.strip_prefix("vpce-").is_some_and(|id| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

impl CodeCommitHost {
    /// The scope family this host belongs to.
    pub fn form(&self) -> HostForm {
        HostForm {
            endpoint: self.endpoint,
            china: self.china,
        }
    }
}

/// `xx-name-N`: the shape of an AWS region name (`us-gov-west-1`, `cn-northwest-1`).
pub fn is_region_shaped(region: &str) -> bool {
    is_region(region)
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
    let fips = matches!(host.endpoint, Endpoint::Fips | Endpoint::VpcEndpointFips);
    if fips && !FIPS_REGIONS.contains(&r) {
        return Some(format!("CodeCommit has no FIPS endpoint in `{r}`"));
    }
    match (host.china, china_region) {
        (true, false) => Some(format!(
            "`{r}` is not a China region, but the host ends in `amazonaws.com.cn`"
        )),
        (false, true) => Some(format!(
            "`{r}` is a China region, served at `git-codecommit.{r}.amazonaws.com.cn`"
        )),
        _ => None,
    }
}

/// Where CodeCommit serves repositories: `/v1/repos/<name>`.
pub const REPOSITORY_PATH: &str = "/v1/repos/";

/// The repository a CodeCommit URL path names: `/v1/repos/<name>`, a trailing `/` tolerated
/// (CC301 reports it).
pub fn repository_name(path: &str) -> Option<String> {
    let rest = path.strip_prefix(REPOSITORY_PATH)?;
    let name = rest.trim_end_matches('/');
    (!name.is_empty() && !name.contains('/')).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_cover_codecommit_hosts_as_git_matches_them() {
        let host = |p: &str| host_in_pattern(p);
        assert_eq!(
            host("git-codecommit.*.amazonaws.com").as_deref(),
            Some("git-codecommit.us-east-1.amazonaws.com")
        );
        assert_eq!(
            host("git-codecommit.*.amazonaws.com.cn").as_deref(),
            Some("git-codecommit.cn-north-1.amazonaws.com.cn")
        );
        assert_eq!(
            host("*.git-codecommit.*.vpce.amazonaws.com").as_deref(),
            Some("vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com")
        );
        assert_eq!(
            host("*.eu-west-1.amazonaws.com").as_deref(),
            Some("git-codecommit.eu-west-1.amazonaws.com")
        );
        assert_eq!(
            host("git-codecommit.eu-west-1.amazonaws.com").as_deref(),
            Some("git-codecommit.eu-west-1.amazonaws.com")
        );
        assert_eq!(host("*.amazonaws.com"), None);
        assert_eq!(host("github.com"), None);
        assert_eq!(host("vpce-*.git-codecommit.*.vpce.amazonaws.com"), None);
        assert!(scope_covers_codecommit(
            "https://git-codecommit.*.amazonaws.com"
        ));
        assert!(scope_covers_codecommit(
            "https://*.git-codecommit-fips.*.vpce.amazonaws.com/v1/repos/r"
        ));
        assert!(!scope_covers_codecommit("https://github.com"));
        assert!(!scope_covers_codecommit(
            "git-codecommit.us-east-1.amazonaws.com"
        ));
    }

    #[test]
    fn repository_names_come_from_the_v1_path() {
        assert_eq!(repository_name("/v1/repos/demo").as_deref(), Some("demo"));
        assert_eq!(repository_name("/v1/repos/demo/").as_deref(), Some("demo"));
        assert_eq!(repository_name("/v1/repos/"), None);
        assert_eq!(repository_name("/v1/repos/a/b"), None);
        assert_eq!(repository_name("/repos/demo"), None);
    }

    #[test]
    fn forms_of_hosts() {
        let f = |h: &str| parse_host(h).map(|c| (c.region.clone(), c.form()));
        assert_eq!(
            f("GIT-CODECOMMIT.US-EAST-2.AMAZONAWS.COM:443"),
            Some(("us-east-2".into(), HostForm::STANDARD))
        );
        assert_eq!(
            f("git-codecommit-fips.us-gov-west-1.amazonaws.com"),
            Some(("us-gov-west-1".into(), HostForm::FIPS))
        );
        assert_eq!(
            f("git-codecommit.cn-north-1.amazonaws.com.cn"),
            Some(("cn-north-1".into(), HostForm::CHINA))
        );
        assert_eq!(
            f(
                "vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com"
            ),
            Some(("us-east-1".into(), HostForm::VPCE))
        );
        assert_eq!(
            f("vpce-0b47ea360adebf88a-jkl88hez.git-codecommit-fips.us-east-1.vpce.amazonaws.com"),
            Some(("us-east-1".into(), HostForm::VPCE_FIPS))
        );
    }

    #[test]
    fn every_form_pattern_covers_its_example() {
        for form in HostForm::every() {
            let url = crate::parse::urlmatch::Url::parse(&format!(
                "https://{}/v1/repos/x",
                form.example_host()
            ))
            .expect("example parses");
            for other in HostForm::every() {
                assert_eq!(
                    crate::parse::urlmatch::credential_section_matches(&other.pattern(), &url),
                    form == other,
                    "{form:?} vs pattern of {other:?}"
                );
            }
            assert_eq!(
                parse_host(&form.example_host()).map(|h| h.form()),
                Some(form)
            );
        }
    }
}

#[cfg(test)]
mod grammar_tests {
    use super::*;

    #[test]
    fn accepts_every_host_form() {
        let cases: &[(&str, &str, Endpoint, bool)] = &[
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "us-east-1",
                Endpoint::Standard,
                false,
            ),
            (
                "git-codecommit.us-west-2.amazonaws.com:443",
                "us-west-2",
                Endpoint::Standard,
                false,
            ),
            (
                "git-codecommit.eu-central-1.amazonaws.com:8443",
                "eu-central-1",
                Endpoint::Standard,
                false,
            ),
            (
                "git-codecommit.ap-southeast-3.amazonaws.com",
                "ap-southeast-3",
                Endpoint::Standard,
                false,
            ),
            (
                "git-codecommit.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                Endpoint::Standard,
                false,
            ),
            (
                "git-codecommit.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
                Endpoint::Standard,
                true,
            ),
            (
                "git-codecommit.cn-northwest-1.amazonaws.com.cn:443",
                "cn-northwest-1",
                Endpoint::Standard,
                true,
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "us-east-1",
                Endpoint::Fips,
                false,
            ),
            (
                "git-codecommit-fips.us-gov-east-1.amazonaws.com",
                "us-gov-east-1",
                Endpoint::Fips,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                Endpoint::VpcEndpoint,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                Endpoint::VpcEndpoint,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit-fips.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                Endpoint::VpcEndpointFips,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez-us-west-2b.git-codecommit-fips.us-east-1.vpce.amazonaws.com:443",
                "us-east-1",
                Endpoint::VpcEndpointFips,
                false,
            ),
            (
                "vpce-1a2b.git-codecommit.cn-north-1.vpce.amazonaws.com.cn",
                "cn-north-1",
                Endpoint::VpcEndpoint,
                true,
            ),
        ];
        for (host, region, form, china) in cases {
            let parsed = parse_host(host).unwrap_or_else(|| panic!("{host} should match"));
            assert_eq!(&parsed.region, region, "{host}");
            assert_eq!(&parsed.endpoint, form, "{host}");
            assert_eq!(&parsed.china, china, "{host}");
            assert!(!parsed.name.contains(':'), "{host}");
        }
    }

    #[test]
    fn matches_case_insensitively_and_lowercases() {
        let parsed = parse_host("GIT-CodeCommit.US-EAST-1.AmazonAWS.com:443").unwrap();
        assert_eq!(parsed.name, "git-codecommit.us-east-1.amazonaws.com");
        assert_eq!(parsed.region, "us-east-1");
        let parsed =
            parse_host("VPCE-ABC.GIT-CODECOMMIT-FIPS.US-EAST-2.VPCE.AMAZONAWS.COM.CN").unwrap();
        assert_eq!(parsed.endpoint, Endpoint::VpcEndpointFips);
        assert!(parsed.china);
    }

    #[test]
    fn rejects_lookalikes_and_other_hosts() {
        let rejected = [
            "",
            ":443",
            "git-codecommit.us-east-1.amazonaws.com.evil.example",
            "git-codecommit.us-east-1.amazonaws.com.evil.example:443",
            "git-codecommit.us-east-1.amazonaws.com.cn.evil.example",
            "evil.example.git-codecommit.us-east-1.amazonaws.com",
            "xgit-codecommit.us-east-1.amazonaws.com",
            "git-codecommit.us-east-1.amazonaws.comx",
            "git-codecommit.us-east-1.amazonaws.co",
            "git-codecommit.us-east-1.amazonaws.com.",
            "git-codecommit.us-east-1.amazonaws.com.evil",
            "git-codecommit.us-east-1.evilamazonaws.com",
            "git-codecommit.us-east-1.amazonaws-com.evil.example",
            "git-codecommit.us-east-1.amazonaws.com:",
            "git-codecommit.us-east-1.amazonaws.com:abc",
            "git-codecommit.us-east-1.amazonaws.com:123456",
            "git-codecommit.us-east-1.amazonaws.com:443:443",
            "git-codecommit.us-east-1.amazonaws.com@evil.example",
            "git-codecommit.amazonaws.com",
            "git-codecommit..amazonaws.com",
            "git-codecommit.useast1.amazonaws.com",
            "git-codecommit.us-east.amazonaws.com",
            "git-codecommit.u-east-1.amazonaws.com",
            "git-codecommit.us-east-1a.amazonaws.com",
            "git-codecommit.us--1.amazonaws.com",
            "git-codecommit.us-east-1.x.amazonaws.com",
            "codecommit.us-east-1.amazonaws.com",
            "git-codecommit-fipsx.us-east-1.amazonaws.com",
            "git-codecommit.us-east-1.vpce.amazonaws.com",
            "vpce-abc.git-codecommit.us-east-1.amazonaws.com",
            "vpce-.git-codecommit.us-east-1.vpce.amazonaws.com",
            "vpce_abc.git-codecommit.us-east-1.vpce.amazonaws.com",
            "x.vpce-abc.git-codecommit.us-east-1.vpce.amazonaws.com",
            "vpce-abc.git-codecommit.us-east-1.vpce.amazonaws.com.evil.example",
            "github.com",
            "mydomain.com",
            "myamazon.com.attacker.net",
            "[::1]:443",
            "git-codecommit.us-east-1.amazonaws.com\n",
            "git-codecommit.us-east-1.amazonaws.com ",
            "git-codecommit.us-east-1.amazonaws.com/evil",
            "git-codecommit.us-eaſt-1.amazonaws.com",
        ];
        for host in rejected {
            assert_eq!(parse_host(host), None, "{host:?} must not match");
        }
    }
}
