//! Why a command could not do its job. Every one of these exits with 2 (`main.rs`); what a
//! command found, or left undone on purpose, is a [`Status`](super::Status) instead.

use std::io;
use std::path::PathBuf;

use crate::base::redact::mask_message;
use crate::base::shell::quote;

const CHAIN_EXAMPLE: &str =
    "`cc-lint chain https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME`";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The credential helper's own (it reports in git's terms, `cc-lint credential-helper: …`).
    #[error(transparent)]
    Helper(#[from] crate::helper::Error),
    #[error("unknown rule `{0}` (see `cc-lint rules`)")]
    UnknownRule(String),
    #[error("`--online` checks one repository: use `--repo PATH`, not `--repos`")]
    OnlineWithRepos,
    #[error("--repo {}: not a directory", .0.display())]
    RepoNotDirectory(PathBuf),
    #[error("--repo {}: not a git repository (nor inside one)", .0.display())]
    RepoNotRepository(PathBuf),
    #[error("--repos {pattern}: {source}")]
    ReposPattern {
        pattern: String,
        source: glob::PatternError,
    },
    #[error("--repos {0}: no git repository matches")]
    ReposNoMatch(String),
    #[error(transparent)]
    Settings(#[from] crate::rules::settings::SettingsError),

    #[error("`{}` is not a URL git can match (scheme://host/path)", mask_message(.0))]
    NotAUrl(String),
    #[error(
        "git refuses the repository at {} (detected dubious ownership: it is not yours), so its remotes were not read; pass a URL, or if you trust it: git config --global --add safe.directory {}",
        .0.display(),
        quote(&.0.to_string_lossy())
    )]
    ChainRefused(PathBuf),
    #[error("this repository has no CodeCommit remote; pass a URL: {CHAIN_EXAMPLE}")]
    NoCodeCommitRemote,
    #[error("not in a git repository; pass a URL: {CHAIN_EXAMPLE}")]
    NotInRepository,

    #[error("--scope local needs a repository (run it inside one, or pass --repo)")]
    LocalNeedsRepository,
    #[error(
        "git refuses the repository at {} (detected dubious ownership: it is not yours), so cc-lint does not write its config",
        .0.display()
    )]
    FixRefused(PathBuf),
    #[error(
        "GIT_CONFIG_NOSYSTEM is set, so git does not read the system file: --scope system would write a file git ignores"
    )]
    NoSystemFile,
    #[error("cannot tell where git's system file is")]
    UnknownSystemFile,
    #[error(
        "no home directory (HOME; on Windows also HOMEDRIVE+HOMEPATH or USERPROFILE), so there is no global git config"
    )]
    NoHome,
    /// A file fix would edit exists but is not a regular file (`what`: "a directory", …).
    #[error("{shown} is {what}, so fix cannot edit it; nothing was changed")]
    NotEditable { shown: String, what: &'static str },
    #[error("cannot read {shown}: {source}; nothing was changed")]
    Unreadable { shown: String, source: io::Error },
    #[error(transparent)]
    Plan(#[from] crate::fix::plan::PlanError),
    #[error(transparent)]
    Write(#[from] crate::base::write::WriteError),

    /// An I/O step that names what it was doing: "cannot write the report: …".
    #[error("cannot {what}: {source}")]
    Cannot {
        what: &'static str,
        source: io::Error,
    },
    /// Writing output or reading an answer failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    /// `map_err(Error::cannot("write the report"))`.
    pub fn cannot(what: &'static str) -> impl FnOnce(io::Error) -> Error {
        move |source| Error::Cannot { what, source }
    }
}
