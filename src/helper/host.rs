//! Which hosts are CodeCommit git endpoints.
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
//! `git-codecommit.us-east-1.amazonaws.com.evil.example`; this never does.

/// The kind of endpoint a host names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostForm {
    /// `git-codecommit.<region>.amazonaws.com`
    Standard,
    /// `git-codecommit-fips.<region>.amazonaws.com`
    Fips,
    /// `vpce-<id>.git-codecommit.<region>.vpce.amazonaws.com`
    VpcEndpoint,
    /// `vpce-<id>.git-codecommit-fips.<region>.vpce.amazonaws.com`
    VpcEndpointFips,
}

/// A recognised CodeCommit git host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCommitHost {
    /// The host without the port, lower-cased: what goes into the canonical request.
    pub name: String,
    /// The region named by the host, lower-cased: the signing region.
    pub region: String,
    pub form: HostForm,
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
    let form = match (vpce, fips) {
        (false, false) => HostForm::Standard,
        (false, true) => HostForm::Fips,
        (true, false) => HostForm::VpcEndpoint,
        (true, true) => HostForm::VpcEndpointFips,
    };
    let region = region.to_owned();
    Some(CodeCommitHost {
        name,
        region,
        form,
        china,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_host_form() {
        let cases: &[(&str, &str, HostForm, bool)] = &[
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "us-east-1",
                HostForm::Standard,
                false,
            ),
            (
                "git-codecommit.us-west-2.amazonaws.com:443",
                "us-west-2",
                HostForm::Standard,
                false,
            ),
            (
                "git-codecommit.eu-central-1.amazonaws.com:8443",
                "eu-central-1",
                HostForm::Standard,
                false,
            ),
            (
                "git-codecommit.ap-southeast-3.amazonaws.com",
                "ap-southeast-3",
                HostForm::Standard,
                false,
            ),
            (
                "git-codecommit.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                HostForm::Standard,
                false,
            ),
            (
                "git-codecommit.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
                HostForm::Standard,
                true,
            ),
            (
                "git-codecommit.cn-northwest-1.amazonaws.com.cn:443",
                "cn-northwest-1",
                HostForm::Standard,
                true,
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "us-east-1",
                HostForm::Fips,
                false,
            ),
            (
                "git-codecommit-fips.us-gov-east-1.amazonaws.com",
                "us-gov-east-1",
                HostForm::Fips,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                HostForm::VpcEndpoint,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                HostForm::VpcEndpoint,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit-fips.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                HostForm::VpcEndpointFips,
                false,
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez-us-west-2b.git-codecommit-fips.us-east-1.vpce.amazonaws.com:443",
                "us-east-1",
                HostForm::VpcEndpointFips,
                false,
            ),
            (
                "vpce-1a2b.git-codecommit.cn-north-1.vpce.amazonaws.com.cn",
                "cn-north-1",
                HostForm::VpcEndpoint,
                true,
            ),
        ];
        for (host, region, form, china) in cases {
            let parsed = parse_host(host).unwrap_or_else(|| panic!("{host} should match"));
            assert_eq!(&parsed.region, region, "{host}");
            assert_eq!(&parsed.form, form, "{host}");
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
        assert_eq!(parsed.form, HostForm::VpcEndpointFips);
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
