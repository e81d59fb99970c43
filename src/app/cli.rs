//! The command line, as clap derive types. Options a lower layer owns are defined there
//! (`report::Format`, `helper::Args`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::helper::Args as HelperArgs;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "cc-lint",
    version,
    about = "Find, explain and fix what breaks Git over HTTPS to AWS CodeCommit",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every git and AWS config file and report what breaks CodeCommit.
    Check(CheckArgs),
    /// Repair the configuration, showing a diff first.
    Fix(FixArgs),
    /// Show the credential helpers git runs for a URL, in order, and where each comes from.
    Chain(ChainArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// A git credential helper for CodeCommit (gitcredentials(7) protocol on stdin/stdout).
    CredentialHelper(HelperArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the man page, cc-lint(1), in roff (`cc-lint man | man -l -`).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Repository to check (default: the current directory, searched upwards).
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub repo: Option<PathBuf>,
    /// Check every repository matching GLOB (repeatable).
    #[arg(long = "repos", value_name = "GLOB")]
    pub repos: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only these rule codes or names (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rule codes or names (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// A `.cc-lint.toml` to use instead of the one found upwards from the repository.
    #[arg(long, value_hint = clap::ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Do not run external programs (git, aws) to probe versions and paths.
    #[arg(long)]
    pub no_probe: bool,
    /// Also ask AWS and git whether the setup really works.
    #[arg(long)]
    pub online: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FixScope {
    Global,
    System,
    Local,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HelperChoice {
    Builtin,
    Aws,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// AWS profile the CodeCommit helper should use.
    #[arg(long)]
    pub profile: Option<String>,
    /// Scope to write the canonical setup to.
    #[arg(long, value_enum)]
    pub scope: Option<FixScope>,
    /// File to write the canonical setup to.
    #[arg(long, value_hint = clap::ValueHint::FilePath, conflicts_with = "scope")]
    pub file: Option<PathBuf>,
    /// Which helper to write.
    /// Default: the kind of CodeCommit helper already configured, else `builtin`.
    #[arg(long, value_enum)]
    pub helper: Option<HelperChoice>,
    /// Write sections for every CodeCommit host form.
    #[arg(long)]
    pub all_endpoints: bool,
    /// Also apply fixes that may remove something the user still wants.
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Show the diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write without asking.
    #[arg(long)]
    pub yes: bool,
    /// Do not keep a backup of changed files.
    #[arg(long)]
    pub no_backup: bool,
    /// Replace a file that has other hard links (they keep the old content).
    #[arg(long)]
    pub force: bool,
    /// Repository whose local config is read.
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub repo: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimpleFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ChainArgs {
    /// URL to resolve (default: each CodeCommit remote of the repository).
    pub url: Option<String>,
    /// Repository whose config is read.
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub repo: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimpleFormat::Human)]
    pub format: SimpleFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (CC101) or name (missing-use-http-path).
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimpleFormat::Human)]
    pub format: SimpleFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
