//! CC205 broken-role-chain. Docs and examples: rules/CC205.toml.

use super::Rule;
use super::cc204_incomplete_access_keys::setting_location;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;
use crate::parse::awsconfig::{
    CredentialSourceKind, Profile, ProfileSet, RoleSource, credential_source_kind,
};

pub(crate) struct BrokenRoleChain;

impl Rule for BrokenRoleChain {
    fn code(&self) -> Code {
        Code::CC205
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let mut chains = Chains::new(&cx.aws.profiles);
        for profile in cx.aws.profiles.profiles() {
            let Some(CredentialSourceKind::AssumeRole(source)) = credential_source_kind(profile)
            else {
                continue;
            };
            let name = &profile.name;
            let role = profile
                .get("role_arn")
                .expect("assume-role profiles have role_arn");
            match source {
                RoleSource::Missing => {
                    out.report(
                        Code::CC205,
                        setting_location(cx, role),
                        format!("profile `{name}` has `role_arn` but neither `source_profile` nor `credential_source`"),
                    )
                    .label("no credentials to assume this role with")
                    .help(format!("Add `source_profile = <profile with keys>` (or `credential_source = Ec2InstanceMetadata` on EC2). botocore refuses the profile: `The profile \"{name}\" … must contain either a source_profile or credential_source`."));
                }
                RoleSource::Both => {
                    let cs = profile
                        .get("credential_source")
                        .expect("Both means credential_source is set");
                    let sp = profile
                        .get("source_profile")
                        .expect("Both means source_profile is set");
                    out.report(
                        Code::CC205,
                        setting_location(cx, cs),
                        format!("profile `{name}` sets both `source_profile` and `credential_source`"),
                    )
                    .label("botocore refuses a role profile with both")
                    .help("Keep one: `source_profile` to assume the role with another profile's credentials, or `credential_source` for environment, EC2 or ECS credentials.")
                    .also(setting_location(cx, sp), "source_profile set here");
                }
                RoleSource::SourceProfile => {
                    let sp = profile.get("source_profile").expect("SourceProfile is set");
                    match walk(&mut chains, profile) {
                        Walk::Fine => {}
                        Walk::Loop(path) => {
                            out.report(
                                Code::CC205,
                                setting_location(cx, sp),
                                format!("the `source_profile` chain of profile `{name}` loops: {}", shown_path(&path)),
                            )
                            .label("botocore stops with `Infinite loop in credential configuration`")
                            .help("End the chain at a profile with credentials of its own (keys, SSO, `credential_process`). A profile may name itself as `source_profile` only when it also holds static keys.");
                        }
                        Walk::Empty(path) => {
                            let last = path.last().expect("the walk visited a source");
                            out.report(
                                Code::CC205,
                                setting_location(cx, sp),
                                format!("the `source_profile` chain of profile `{name}` ends at `{last}`, which has no credentials: {}", shown_path(&path)),
                            )
                            .label(format!("botocore stops with `The source profile \"{last}\" must have credentials`"))
                            .help(format!("Give `{last}` keys (`aws configure --profile '{last}'`), SSO settings or a `credential_process`; environment variables and instance metadata do not count for a source profile. On EC2 or ECS use `credential_source` instead of `source_profile`."));
                        }
                    }
                }
                RoleSource::CredentialSource => {}
            }
        }
    }
}

fn has_static_keys(p: &Profile) -> bool {
    p.get("aws_access_key_id").is_some() || p.get("aws_secret_access_key").is_some()
}

/// Where a `source_profile` chain ends.
#[derive(Debug, PartialEq, Eq)]
enum Walk {
    /// At credentials, a `credential_source`, or a profile CC201/CC205 reports on its own.
    Fine,
    /// The names visited, ending with the repeat.
    Loop(Vec<String>),
    /// The names visited, ending with a source profile that has no credentials.
    Empty(Vec<String>),
}

/// botocore's `AssumeRoleProvider`: follows `source_profile` from `start` the way
/// `_resolve_source_credentials` does, with `_validate_source_profile`'s loop check. A missing
/// profile ends the walk (CC201 reports it).
///
/// Where a chain leads from each profile is computed once ([`Chains`]), so checking every
/// profile of a 3,000-profile chain or loop is linear, not quadratic; a long path is shown
/// by its first and last profiles.
fn walk<'a>(chains: &mut Chains<'a>, start: &'a Profile) -> Walk {
    let Some(next) = chains.next(start) else {
        return Walk::Fine;
    };
    if next.name == start.name {
        // a profile naming itself may only do so with static keys
        return if has_static_keys(start) {
            Walk::Fine
        } else {
            Walk::Loop(vec![start.name.clone(), start.name.clone()])
        };
    }
    let after = chains.info(next);
    let returns_to_start = if has_static_keys(start) {
        // the chain stops at `start` (its keys), which this walk has already visited
        after.end == End::Fine && after.stop == Some(start.name.as_str())
    } else {
        chains.info(start).in_cycle
    };
    if returns_to_start {
        let len = if has_static_keys(start) {
            after.len + 1
        } else {
            chains.info(start).len
        };
        let last = if has_static_keys(start) {
            after.last
        } else {
            chains.info(start).last
        };
        return Walk::Loop(chains.path(start, len, last));
    }
    match after.end {
        End::Fine => Walk::Fine,
        End::Empty => Walk::Empty(chains.path(start, after.len + 1, after.last)),
        End::Loop => Walk::Loop(chains.path(start, after.len + 1, after.last)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Fine,
    Empty,
    Loop,
}

/// Where the chain leads from a profile reached as somebody's `source_profile`.
#[derive(Debug, Clone, Copy)]
struct Info<'a> {
    end: End,
    /// The profile the chain stops at (for `Fine`), when it stops at one.
    stop: Option<&'a str>,
    /// Names in the path from this profile to where the walk stops (a loop repeats one).
    len: usize,
    /// The path's last three names (meaningful when `len` ≥ 3).
    last: [&'a str; 3],
    /// The profile is on a `source_profile` cycle.
    in_cycle: bool,
}

struct Chains<'a> {
    profiles: &'a ProfileSet,
    memo: std::collections::HashMap<&'a str, Info<'a>>,
}

impl<'a> Chains<'a> {
    fn new(profiles: &'a ProfileSet) -> Chains<'a> {
        Chains {
            profiles,
            memo: std::collections::HashMap::new(),
        }
    }

    /// The profile `p` names as `source_profile`, if it names one that exists.
    fn next(&self, p: &'a Profile) -> Option<&'a Profile> {
        let name = p.get("source_profile")?.value().trim();
        self.profiles.get(name)
    }

    /// Where the chain stops at `p` itself, reached as a source profile.
    fn stops_at(&self, p: &'a Profile) -> Option<Info<'a>> {
        let n = p.name.as_str();
        let stop = |end| {
            Some(Info {
                end,
                stop: Some(n),
                len: 1,
                last: [n; 3],
                in_cycle: false,
            })
        };
        // `_resolve_credentials_from_profile`: static keys, or no role settings, end the chain
        // at the profile's own providers (environment variables off, no instance metadata):
        // nothing there is `The source profile "X" must have credentials`.
        if has_static_keys(p) || p.get("role_arn").is_none() {
            return if credential_source_kind(p).is_none() && !has_static_keys(p) {
                stop(End::Empty)
            } else {
                stop(End::Fine)
            };
        }
        match self.next(p) {
            None if p.get("source_profile").is_none() => stop(End::Fine),
            None => Some(Info {
                stop: None,
                ..stop(End::Fine)?
            }),
            Some(_) => None,
        }
    }

    fn info(&mut self, p: &'a Profile) -> Info<'a> {
        let mut stack: Vec<&'a Profile> = Vec::new();
        let mut on_stack: std::collections::HashMap<&'a str, usize> =
            std::collections::HashMap::new();
        let mut current = p;
        let mut after = loop {
            if let Some(i) = self.memo.get(current.name.as_str()) {
                break *i;
            }
            if let Some(&j) = on_stack.get(current.name.as_str()) {
                let cycle: Vec<&'a str> = stack[j..].iter().map(|q| q.name.as_str()).collect();
                let l = cycle.len();
                for (i, name) in cycle.iter().enumerate() {
                    self.memo.insert(
                        name,
                        Info {
                            end: End::Loop,
                            stop: None,
                            len: l + 1,
                            last: [cycle[(i + 2 * l - 2) % l], cycle[(i + l - 1) % l], name],
                            in_cycle: true,
                        },
                    );
                }
                stack.truncate(j);
                break self.memo[current.name.as_str()];
            }
            if let Some(i) = self.stops_at(current) {
                self.memo.insert(current.name.as_str(), i);
                break i;
            }
            on_stack.insert(current.name.as_str(), stack.len());
            stack.push(current);
            current = self
                .next(current)
                .expect("stops_at handles a missing source");
        };
        for q in stack.into_iter().rev() {
            after = Info {
                len: after.len + 1,
                in_cycle: false,
                ..after
            };
            self.memo.insert(q.name.as_str(), after);
        }
        self.memo[p.name.as_str()]
    }

    /// The path of `len` names from `start` following `source_profile`; a long one as its
    /// first four names, a count, and `last`.
    fn path(&self, start: &'a Profile, len: usize, last: [&'a str; 3]) -> Vec<String> {
        let shown = if len > 8 { 4 } else { len };
        let mut out = Vec::with_capacity(8);
        let mut current = Some(start);
        for _ in 0..shown {
            let Some(p) = current else { break };
            out.push(p.name.clone());
            current = self.next(p);
        }
        if len > 8 {
            out.push(format!("… ({} more)", len - 7));
            out.extend(last.iter().map(|s| (*s).to_owned()));
        }
        out
    }
}

/// A chain for a message (long ones are already shortened by [`Chains::path`]).
fn shown_path(path: &[String]) -> String {
    path.join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::awsconfig::{AwsFileKind, parse, profiles};

    fn chain_loop(config: &str, start: &str) -> Option<Vec<String>> {
        let set = profiles(
            &parse(config, AwsFileKind::Config),
            &parse("", AwsFileKind::Credentials),
        );
        match walk(&mut Chains::new(&set), set.get(start).unwrap()) {
            Walk::Loop(p) => Some(p),
            _ => None,
        }
    }

    #[test]
    fn loops_as_botocore_sees_them() {
        let two = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(two, "a").unwrap(), ["a", "b", "a"]);
        let own = "[profile a]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(own, "a").unwrap(), ["a", "a"]);
        let own_keys = "[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(chain_loop(own_keys, "a"), None);
        let fine = "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\naws_access_key_id = x\naws_secret_access_key = y\n";
        assert_eq!(chain_loop(fine, "a"), None);
        let into = "[profile c]\nrole_arn = r\nsource_profile = a\n[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n";
        assert_eq!(chain_loop(into, "c").unwrap(), ["c", "a", "b", "a"]);
        let set = profiles(
            &parse(
                "[default]\nregion = us-east-1\n[profile a]\nrole_arn = r\nsource_profile = default\n",
                AwsFileKind::Config,
            ),
            &parse("", AwsFileKind::Credentials),
        );
        assert_eq!(
            walk(&mut Chains::new(&set), set.get("a").unwrap()),
            Walk::Empty(vec!["a".into(), "default".into()])
        );
    }

    /// The original walk, one profile at a time (quadratic on long chains): the memoized
    /// walk must agree with it on every small random configuration.
    fn naive(profiles: &ProfileSet, start: &Profile) -> Walk {
        let mut visited = vec![start.name.clone()];
        let mut current = start;
        loop {
            let Some(source_name) = current
                .get("source_profile")
                .map(|s| s.value().trim().to_owned())
            else {
                return Walk::Fine;
            };
            let Some(source) = profiles.get(&source_name) else {
                return Walk::Fine;
            };
            if visited.contains(&source_name) {
                if source_name != current.name || !has_static_keys(source) {
                    visited.push(source_name);
                    return Walk::Loop(visited);
                }
                return Walk::Fine;
            }
            visited.push(source_name);
            if has_static_keys(source) || source.get("role_arn").is_none() {
                return if credential_source_kind(source).is_none() && !has_static_keys(source) {
                    Walk::Empty(visited)
                } else {
                    Walk::Fine
                };
            }
            if source.get("source_profile").is_none() {
                return Walk::Fine;
            }
            current = source;
        }
    }

    #[test]
    fn memoized_walk_agrees_with_the_naive_one() {
        let mut state: u64 = 0x1234_5678_9ABC_DEF1;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..3000 {
            let n = 1 + next(7);
            let mut config = String::new();
            for i in 0..n {
                config.push_str(&format!("[profile p{i}]\n"));
                if next(4) != 0 {
                    config.push_str("role_arn = r\n");
                }
                if next(4) == 0 {
                    config.push_str("aws_access_key_id = x\naws_secret_access_key = y\n");
                }
                if next(5) == 0 {
                    config.push_str("region = us-east-1\n");
                }
                if next(6) != 0 {
                    config.push_str(&format!("source_profile = p{}\n", next(n + 1)));
                }
            }
            let set = profiles(
                &parse(&config, AwsFileKind::Config),
                &parse("", AwsFileKind::Credentials),
            );
            let mut chains = Chains::new(&set);
            for p in set.profiles() {
                if p.get("role_arn").is_none() || p.get("source_profile").is_none() {
                    continue;
                }
                assert_eq!(
                    walk(&mut chains, p),
                    naive(&set, p),
                    "{}:\n{config}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn long_chains_are_shortened() {
        let mut config = String::new();
        for i in 0..20 {
            config.push_str(&format!(
                "[profile p{i}]\nrole_arn = r\nsource_profile = p{}\n",
                (i + 1) % 20
            ));
        }
        let set = profiles(
            &parse(&config, AwsFileKind::Config),
            &parse("", AwsFileKind::Credentials),
        );
        let Walk::Loop(path) = walk(&mut Chains::new(&set), set.get("p0").unwrap()) else {
            panic!("a loop")
        };
        assert_eq!(
            shown_path(&path),
            "p0 → p1 → p2 → p3 → … (14 more) → p18 → p19 → p0"
        );
    }
}
