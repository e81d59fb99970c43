//! The CodeCommit git password: SigV4 over a `GIT` pseudo-request, as
//! `aws codecommit credential-helper` computes it.
//!
//! It differs from ordinary SigV4: method `GIT`, no query, only `host` signed, an empty
//! payload-hash line, no URI encoding of the path, and — the one that bites — the
//! timestamp in the string to sign has no trailing `Z` (botocore signs
//! `context['timestamp']`, `%Y%m%dT%H%M%S`), while the password carries it.

use std::time::SystemTime;

use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
use sha2::{Digest, Sha256};
use time::{
    OffsetDateTime, PrimitiveDateTime, format_description::FormatItem, macros::format_description,
};

const SERVICE: &str = "codecommit";
/// `YYYYMMDDTHHMMSS`, the form in the string to sign.
const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimestampError {
    #[error("`{0}` is not a timestamp of the form YYYYMMDDTHHMMSSZ (UTC), e.g. 20171224T115320Z")]
    Malformed(String),
}

/// The signing instant, whole seconds in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningTime(OffsetDateTime);

impl SigningTime {
    /// The current time, truncated to the second.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    pub fn from_system_time(at: SystemTime) -> Self {
        let at = OffsetDateTime::from(at);
        Self(at.replace_nanosecond(0).expect("0 is a valid nanosecond"))
    }

    /// Parses `YYYYMMDDTHHMMSSZ` (the `Z` may be left out).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let bare = text.strip_suffix('Z').unwrap_or(text);
        PrimitiveDateTime::parse(bare, TIMESTAMP)
            .map(|t| Self(t.assume_utc()))
            .map_err(|_| TimestampError::Malformed(text.to_owned()))
    }

    /// `YYYYMMDDTHHMMSS`, no `Z`.
    pub fn basic(&self) -> String {
        self.0.format(TIMESTAMP).expect("a UTC date formats")
    }

    pub fn unix(&self) -> i64 {
        self.0.unix_timestamp()
    }

    fn system_time(&self) -> SystemTime {
        self.0.into()
    }
}

/// `GIT\n/<path>\n\nhost:<host>\n\nhost\n`. `path` is what git sends (`v1/repos/x`,
/// leading and trailing slashes trimmed by git); like the AWS CLI, this prefixes `/` and
/// encodes nothing, so `/v1/repos/x` becomes `//v1/repos/x`.
pub fn canonical_request(host: &str, path: &str) -> String {
    format!("GIT\n/{path}\n\nhost:{host}\n\nhost\n")
}

pub fn string_to_sign(at: &SigningTime, region: &str, canonical_request: &str) -> String {
    let basic = at.basic();
    format!(
        "AWS4-HMAC-SHA256\n{basic}\n{}/{region}/{SERVICE}/aws4_request\n{}",
        &basic[..8],
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

/// `<YYYYMMDDTHHMMSS>Z<hex signature>`. `host` is without the port.
pub fn password(
    secret_key: &str,
    region: &str,
    host: &str,
    path: &str,
    at: &SigningTime,
) -> String {
    let canonical = canonical_request(host, path);
    let sts = string_to_sign(at, region, &canonical);
    let key = generate_signing_key(secret_key, at.system_time(), region, SERVICE);
    format!(
        "{}Z{}",
        at.basic(),
        calculate_signature(key, sts.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> SigningTime {
        SigningTime::parse(text).unwrap()
    }

    #[test]
    fn aws_cli_integration_vectors() {
        // aws/aws-cli tests/integration/customizations/test_codecommit.py (stdin path `/v1/repos/myrepo`).
        let at = ts("20101008T000000Z");
        let cases = [
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "7dc259e2d505af354a1219b9bcd784bd384dc706efa0d9aefc571f214be4c89c",
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "500037cb3514b3fe01ebcda7c80973f5b4c0d8199a7a6563b85fd6edf272d460",
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
                "9ed987cc6336c3de2d9f06b9236c7a9fd76b660b080db15983290e636dbfbd6b",
            ),
        ];
        for (host, sig) in cases {
            assert_eq!(
                password("bar", "us-east-1", host, "/v1/repos/myrepo", &at),
                format!("20101008T000000Z{sig}"),
                "{host}"
            );
        }
        // Same inputs with the single slash git really sends.
        let single = [
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "fe1db4a13b1db96501a6b235126e3dd60cc42fadfc2b7a00088f106ed89381d0",
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "d8eff9b2be94de7855f73a128b9aaffe5ddae34fc62eec4c124386c952e1befd",
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
                "7c12366dc71b20a3c93175e5a644f39cd3a5664158823fa1f8d45af4c90dd074",
            ),
        ];
        for (host, sig) in single {
            assert_eq!(
                password("bar", "us-east-1", host, "v1/repos/myrepo", &at),
                format!("20101008T000000Z{sig}"),
                "{host}"
            );
        }
    }

    #[test]
    fn aws_cli_intermediate_values() {
        let at = ts("20101008T000000Z");
        let canonical =
            canonical_request("git-codecommit.us-east-1.amazonaws.com", "/v1/repos/myrepo");
        assert_eq!(
            canonical,
            "GIT\n//v1/repos/myrepo\n\nhost:git-codecommit.us-east-1.amazonaws.com\n\nhost\n"
        );
        assert_eq!(
            string_to_sign(&at, "us-east-1", &canonical),
            "AWS4-HMAC-SHA256\n20101008T000000\n20101008/us-east-1/codecommit/aws4_request\n\
             77809253c60941644021f9ab379fd40f2a72ddd695282c245607f977b6980797"
        );
    }

    #[test]
    fn git_remote_codecommit_vector() {
        let at = ts("20171224T115320Z");
        let canonical = canonical_request(
            "git-codecommit.us-west-2.amazonaws.com",
            "v1/repos/test_repo",
        );
        assert_eq!(
            string_to_sign(&at, "us-west-2", &canonical),
            "AWS4-HMAC-SHA256\n20171224T115320\n20171224/us-west-2/codecommit/aws4_request\n\
             298a3d18fae21d0bc76a2c741f479faa2c874420a05f054ebe7a2c4f84d9c765"
        );
        assert_eq!(
            password(
                "secret",
                "us-west-2",
                "git-codecommit.us-west-2.amazonaws.com",
                "v1/repos/test_repo",
                &at
            ),
            "20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a"
        );
        // CODE_COMMIT_ENDPOINT override in git-remote-codecommit's tests: any host signs the same way.
        assert_eq!(
            password(
                "secret",
                "us-west-2",
                "land.called.honahlee",
                "v1/repos/test_repo",
                &at
            ),
            "20171224T115320Za14a37a53035bbceb6e1748247b143124fe7326cdffd3d418236a592ce6158a0"
        );
    }

    #[test]
    fn codecommit_sign_go_vector() {
        let at = ts("20210901T102523Z");
        let canonical = canonical_request(
            "git-codecommit.eu-west-1.amazonaws.com",
            "v1/repos/dummy-repo",
        );
        assert_eq!(
            string_to_sign(&at, "eu-west-1", &canonical),
            "AWS4-HMAC-SHA256\n20210901T102523\n20210901/eu-west-1/codecommit/aws4_request\n\
             b7cad41c14b37f02e4d2deaf4f0773423b7dbe5db34af6b45362223291f968ef"
        );
        assert_eq!(
            password(
                "SECRET_ACCESS_KEY",
                "eu-west-1",
                "git-codecommit.eu-west-1.amazonaws.com",
                "v1/repos/dummy-repo",
                &at
            ),
            "20210901T102523Z670ef0c32f13fc847ed0c001a2b90bc772451c1eb89eadf84a73f3e82da9f56a"
        );
    }

    #[test]
    fn installed_aws_cli_vectors() {
        // research §2.5: the installed AWS CLI with a frozen clock, access/secret.
        let at = ts("20171224T115320Z");
        let cases = [
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "us-east-1",
                "v1/repos/myrepo",
                "52ac47ecfc0caeb18e2d6a48fbf630b2ca5a4a11a5b20a705db5ad245864644c",
            ),
            (
                "git-codecommit.us-east-1.amazonaws.com",
                "us-east-1",
                "/v1/repos/myrepo",
                "f521dfb8fd01b4ae87c7e53a3c8776d59e9d71d2a7729935830f89e32d6e4c72",
            ),
            (
                "git-codecommit-fips.us-east-1.amazonaws.com",
                "us-east-1",
                "v1/repos/myrepo",
                "f5b9a407bf47b01937dda62b35726420b5ff59d9b58337ddb88628c5756d8561",
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                "v1/repos/myrepo",
                "c015be500018f220442aa2adc99b28ab2e05e1180a50236dc02172d6c2bb891a",
            ),
            (
                "vpce-0b47ea360adebf88a-jkl88hez-us-west-2b.git-codecommit-fips.us-east-1.vpce.amazonaws.com",
                "us-east-1",
                "v1/repos/myrepo",
                "324efb046d680486b71c07ec92f226aec6687b92bb485f9f68392ac3842dbf49",
            ),
            (
                "git-codecommit.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
                "v1/repos/myrepo",
                "1ce593e935745dbb3ceb1b6e63a94175f9c99a64148fe4f4e67151dcceb453a5",
            ),
            (
                "git.example.internal",
                "us-east-1",
                "v1/repos/myrepo",
                "a84ce67091c08626901178fbc1ff30d40b7101202680d209c1640cbb319e055d",
            ),
            (
                "git-codecommit-fips.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
                "v1/repos/x",
                "027bc7e440ce1e8e90188aecb620a0268274c3120088565ddf4fe3c1925548f7",
            ),
        ];
        for (host, region, path, sig) in cases {
            assert_eq!(
                password("secret", region, host, path, &at),
                format!("20171224T115320Z{sig}"),
                "{host} {path}"
            );
        }
    }

    #[test]
    fn string_to_sign_with_z_would_differ() {
        // Guard against "fixing" the quirk: a Z in the string to sign gives another password.
        let at = ts("20171224T115320Z");
        let canonical = canonical_request(
            "git-codecommit.us-west-2.amazonaws.com",
            "v1/repos/test_repo",
        );
        let with_z =
            string_to_sign(&at, "us-west-2", &canonical).replacen("T115320\n", "T115320Z\n", 1);
        let key = generate_signing_key("secret", at.system_time(), "us-west-2", SERVICE);
        assert_ne!(
            calculate_signature(key, with_z.as_bytes()),
            "b6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a"
        );
    }

    #[test]
    fn timestamps_parse_strictly() {
        assert_eq!(ts("20171224T115320Z").basic(), "20171224T115320");
        assert_eq!(ts("20171224T115320").basic(), "20171224T115320");
        assert_eq!(ts("20101008T000000Z").unix(), 1_286_496_000);
        for bad in [
            "",
            "Z",
            "2017-12-24T11:53:20Z",
            "20171224T115320ZZ",
            "20171324T115320Z",
            "20171224T246000Z",
            "20171224 115320Z",
        ] {
            assert!(SigningTime::parse(bad).is_err(), "{bad}");
        }
        let now = SigningTime::now();
        assert_eq!(
            SigningTime::parse(&format!("{}Z", now.basic())).unwrap(),
            now
        );
    }
}
