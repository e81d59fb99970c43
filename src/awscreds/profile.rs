//! Which AWS profile the AWS CLI signs with: one answer for the credential helper, `--online`
//! and the model's account of each helper line.

use crate::base::env::Env;

/// Where the profile name came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileOrigin {
    /// `--profile`: botocore then ignores `AWS_ACCESS_KEY_ID` & co.
    Flag,
    /// `AWS_DEFAULT_PROFILE` or `AWS_PROFILE` in the environment.
    EnvVar(&'static str),
    /// `AWS_DEFAULT_PROFILE=…` or `AWS_PROFILE=…` before the program on the helper line.
    Assigned(&'static str),
    /// No name anywhere: the `default` profile.
    Default,
}

impl std::fmt::Display for ProfileOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Flag => f.write_str("--profile"),
            Self::EnvVar(var) => f.write_str(var),
            Self::Assigned(var) => write!(f, "{var} on the helper line"),
            Self::Default => f.write_str("the default profile"),
        }
    }
}

/// The profile the AWS CLI uses: `--profile` (`flag`), else `AWS_DEFAULT_PROFILE`, then
/// `AWS_PROFILE` (botocore's order; empty counts as unset), else `default`. `assigned` gives a
/// variable assigned before the program on a helper line (`AWS_PROFILE=dev aws …`): the
/// helper's process sees it instead of the environment's, even when it is empty.
pub fn choose_profile<'a>(
    flag: Option<&str>,
    assigned: impl Fn(&str) -> Option<&'a str>,
    env: &Env,
) -> (String, ProfileOrigin) {
    if let Some(name) = flag {
        return (name.to_owned(), ProfileOrigin::Flag);
    }
    for var in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
        let (value, origin) = match assigned(var) {
            Some(v) => (Some(v), ProfileOrigin::Assigned(var)),
            None => (env.var(var), ProfileOrigin::EnvVar(var)),
        };
        if let Some(name) = value.filter(|v| !v.is_empty()) {
            return (name.to_owned(), origin);
        }
    }
    ("default".to_owned(), ProfileOrigin::Default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            "/",
        )
    }

    #[test]
    fn profile_choice_prefers_flag_then_default_profile_var() {
        let env = env(&[("AWS_PROFILE", "p"), ("AWS_DEFAULT_PROFILE", "dp")]);
        assert_eq!(
            choose_profile(Some("f"), |_| None, &env),
            ("f".to_owned(), ProfileOrigin::Flag)
        );
        assert_eq!(
            choose_profile(None, |_| None, &env),
            (
                "dp".to_owned(),
                ProfileOrigin::EnvVar("AWS_DEFAULT_PROFILE")
            )
        );
        assert_eq!(
            choose_profile(None, |_| None, &Env::default()),
            ("default".to_owned(), ProfileOrigin::Default)
        );
    }

    #[test]
    fn an_assignment_on_the_helper_line_wins_over_the_environment() {
        let env = env(&[("AWS_DEFAULT_PROFILE", "dp"), ("AWS_PROFILE", "p")]);
        let assigned = |v: &str| (v == "AWS_PROFILE").then_some("line");
        assert_eq!(
            choose_profile(None, assigned, &env),
            (
                "dp".to_owned(),
                ProfileOrigin::EnvVar("AWS_DEFAULT_PROFILE")
            )
        );
        let emptied = |v: &str| (v == "AWS_DEFAULT_PROFILE").then_some("");
        assert_eq!(
            choose_profile(None, emptied, &env),
            ("p".to_owned(), ProfileOrigin::EnvVar("AWS_PROFILE"))
        );
        let both = |v: &str| (v == "AWS_DEFAULT_PROFILE").then_some("line");
        assert_eq!(
            choose_profile(None, both, &env),
            (
                "line".to_owned(),
                ProfileOrigin::Assigned("AWS_DEFAULT_PROFILE")
            )
        );
    }
}
