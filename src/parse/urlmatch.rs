//! Git's URL matching for `credential.<url>.*` (urlmatch.c, credential.c): scheme and port
//! exact, user exact when the pattern names one, host case-insensitive with `*` matching one
//! DNS label, path a prefix that ends on a `/` boundary. Unlike `http.<url>`, git applies every
//! matching credential section, in file order.

use crate::base::probe::Version;

/// A URL split the way git's `url_normalize` splits it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Url {
    /// Lowercased scheme (`https`).
    pub scheme: String,
    pub user: Option<String>,
    /// Whether the URL carries a password (`user:password@`); git then asks no helper.
    pub has_password: bool,
    /// Lowercased host without port.
    pub host: String,
    /// Port, omitted when it is the scheme's default.
    pub port: Option<u16>,
    /// Path starting with `/` (at least `/`), without query or fragment.
    pub path: String,
}

impl Url {
    /// A user name and password in the URL: git uses them and asks no credential helper
    /// (credential_fill).
    pub fn carries_credentials(&self) -> bool {
        self.has_password && self.user.is_some()
    }

    /// Parses an absolute URL (`scheme://[user[:pass]@]host[:port][/path]`). `None` when git's
    /// normalization would fail too, in which case git falls back to partial matching.
    pub fn parse(input: &str) -> Option<Url> {
        let (scheme, rest) = input.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let scheme = scheme.to_ascii_lowercase();
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (user, has_password, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => {
                let user = userinfo.split(':').next().unwrap_or("");
                (Some(user.to_owned()), userinfo.contains(':'), hostport)
            }
            None => (None, false, authority),
        };
        let (host, port) = split_port(hostport)?;
        if host.is_empty() {
            return None;
        }
        let port = port.filter(|&p| Some(p) != default_port(&scheme));
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let path = normalize_path(&tail[..path_end]);
        Some(Url {
            scheme,
            user,
            has_password,
            host: host.to_ascii_lowercase(),
            port,
            path,
        })
    }

    /// The host as git hands it to helpers, with a non-default port.
    pub fn host_with_port(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// The path as git hands it to helpers (`v1/repos/x`: slashes trimmed).
    pub fn credential_path(&self) -> &str {
        self.path.trim_matches('/')
    }

    /// The URL without user info, for display.
    pub fn display(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host_with_port(), self.path)
    }
}

fn split_port(hostport: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = hostport.strip_prefix('[') {
        // IPv6 literal
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) if !p.is_empty() => Some(p.parse().ok()?),
            _ => None,
        };
        return Some((&hostport[..end + 2], port));
    }
    match hostport.rsplit_once(':') {
        Some((host, "")) => Some((host, None)),
        Some((host, port)) => Some((host, Some(port.parse().ok()?))),
        None => Some((hostport, None)),
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// Resolves `.` and `..` segments and decodes `%XX` of unreserved characters (upper-casing
/// the others), like git's url_normalize.
fn normalize_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let decoded = decode_unreserved(path);
    let path = decoded.as_str();
    let mut out: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/');
    for seg in path.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut s = String::from("/");
    s.push_str(&out.join("/"));
    if trailing && !s.ends_with('/') {
        s.push('/');
    }
    s
}

fn decode_unreserved(path: &str) -> String {
    let b = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let v = u8::from_str_radix(&path[i + 1..i + 3], 16).unwrap_or(0);
            if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(v));
            } else {
                out.push_str(&path[i..i + 3].to_ascii_uppercase());
            }
            i += 3;
        } else {
            let c = path[i..].chars().next().unwrap_or('\0');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The first git that matches `*` in `credential.<url>` host names (2.26, when credential.c
/// moved to urlmatch); older ones compare the `*` literally.
pub const CREDENTIAL_WILDCARDS_SINCE: Version = Version(2, 26, 0);

/// `*` matches exactly one label; other labels compare exactly (both already lowercased).
pub fn host_matches(pattern: &str, host: &str) -> bool {
    let pat: Vec<&str> = pattern.split('.').collect();
    let url: Vec<&str> = host.split('.').collect();
    pat.len() == url.len() && pat.iter().zip(&url).all(|(p, u)| *p == "*" || p == u)
}

/// Git's `url_match_prefix`: the pattern path must equal the URL path or be a prefix of it that
/// ends at a `/` boundary; both have an implicit trailing `/`.
fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    let path_t = path.trim_end_matches('/');
    if pattern.is_empty() {
        return true;
    }
    path_t == pattern
        || (path_t.starts_with(pattern) && path_t.as_bytes().get(pattern.len()) == Some(&b'/'))
}

/// Whether a `[credential "<pattern>"]` section applies to `url`.
pub fn credential_section_matches(pattern: &str, url: &Url) -> bool {
    credential_section_matches_parsed(pattern, Url::parse(pattern).as_ref(), url)
}

/// As [`credential_section_matches`], with `parsed` = `Url::parse(pattern)` computed once.
pub fn credential_section_matches_parsed(pattern: &str, parsed: Option<&Url>, url: &Url) -> bool {
    match parsed {
        Some(p) => {
            p.scheme == url.scheme
                && p.user.as_ref().is_none_or(|u| url.user.as_ref() == Some(u))
                && host_matches(&p.host, &url.host)
                && p.port == url.port
                && path_matches(&p.path, &url.path)
        }
        None => partial_matches(pattern, url),
    }
}

/// Git's `match_partial_url`: fields the pattern names must equal the URL's (`https://`
/// matches every https URL).
///
/// Without `://` the pattern is a host (`[credential "git-codecommit.us-east-1.amazonaws.com"]`)
/// for any scheme, and the empty pattern (`[credential ""]`, as the AWS guide prints it)
/// matches every URL.
fn partial_matches(pattern: &str, url: &Url) -> bool {
    let (scheme, rest) = pattern.split_once("://").unwrap_or(("", pattern));
    if !scheme.is_empty() && !scheme.eq_ignore_ascii_case(&url.scheme) {
        return false;
    }
    let (user, rest) = match rest.split_once('@') {
        Some((u, r)) => (Some(u), r),
        None => (None, rest),
    };
    if user.is_some_and(|u| url.user.as_deref() != Some(u)) {
        return false;
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.is_empty() && !host.eq_ignore_ascii_case(&url.host_with_port()) {
        return false;
    }
    let path = path.trim_matches('/');
    path.is_empty() || path == url.credential_path()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, url: &str) -> bool {
        credential_section_matches(pattern, &Url::parse(url).expect("test url parses"))
    }

    #[test]
    fn wildcard_matches_one_label() {
        let std = "https://git-codecommit.*.amazonaws.com";
        assert!(m(
            std,
            "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x"
        ));
        assert!(m(
            std,
            "https://GIT-CODECOMMIT.us-east-1.amazonaws.com:443/v1/repos/x"
        ));
        assert!(!m(
            std,
            "https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/x"
        ));
        assert!(!m(
            std,
            "https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/x"
        ));
        assert!(!m(
            std,
            "https://vpce-1.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/x"
        ));
        assert!(!m(
            std,
            "http://git-codecommit.us-east-1.amazonaws.com/v1/repos/x"
        ));
        assert!(!m(
            std,
            "https://git-codecommit.us-east-1.amazonaws.com:8443/v1/repos/x"
        ));
        assert!(m(
            "https://*.git-codecommit.*.vpce.amazonaws.com",
            "https://vpce-0b47-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/x"
        ));
    }

    #[test]
    fn paths_match_on_slash_boundaries() {
        let p = "https://h.example/v1/repos/RepoA";
        assert!(m(p, "https://h.example/v1/repos/RepoA"));
        assert!(m(p, "https://h.example/v1/repos/RepoA/"));
        assert!(!m(p, "https://h.example/v1/repos/RepoAB"));
        assert!(!m(p, "https://h.example/v1/repos/RepoA.git"));
        assert!(m("https://h.example/v1/", "https://h.example/v1/repos/x"));
    }

    #[test]
    fn users_and_partial_urls() {
        assert!(m("https://me@h.example", "https://me@h.example/x"));
        assert!(!m("https://me@h.example", "https://h.example/x"));
        assert!(m("https://h.example", "https://me@h.example/x"));
        assert!(m("https://", "https://anything.example/x"));
        assert!(m("", "https://anything.example/x"));
        assert!(m("h.example", "https://h.example/x"));
        assert!(!m("h.example", "https://other.example/x"));
        assert!(m(
            "https://h.example/v1/repos/%78",
            "https://h.example/v1/repos/x"
        ));
        assert!(!m("https://", "http://anything.example/x"));
    }
}
