//! Runs a parsed command line: gathers what each command needs, asks `report` to show it, and
//! returns how it ended — a [`Status`] or an [`Error`]. `main.rs` alone turns that into an
//! exit code: 0 clean, 1 findings (or pending changes), 2 usage or internal failure.

use std::io::{BufRead, Write};

pub mod chain;
pub mod check;
pub mod cli;
pub mod completions;
mod error;
pub mod fix;

pub use error::Error;

use crate::app::cli::{CheckArgs, Cli, Command, FailOn, SimpleFormat};
use crate::base::env::Env;
use crate::finding::Code;
use crate::finding::Severity;
use crate::rules::outcome::Selection;
use crate::rules::settings::Settings;

/// How a command that did its job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report at or above `--fail-on`; for `fix`, nothing left to do.
    Clean,
    /// Findings at or above `--fail-on`; for `fix`, changes not written, or git still failing.
    Findings,
}

/// What the process's terminals are, gathered by `main`: commands never ask the process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
    /// stdout's width in columns, when it is a terminal that says.
    pub columns: Option<usize>,
}

/// The process's streams, passed in so every command is testable in memory. `err` is `Send`
/// so the threads of `check --repos` can show progress on it.
pub struct Io<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    pub err: &'a mut (dyn Write + Send),
}

/// Runs one command.
pub fn run(cli: Cli, env: &Env, terminal: Terminal, io: Io<'_>) -> Result<Status, Error> {
    let width = terminal_width(env, terminal);
    match cli.command {
        Command::Check(args) => run_check(&args, env, terminal, io),
        Command::Chain(args) => chain::run(&args, env, width, io.out),
        Command::Explain(args) => {
            let code = lookup(&args.rule)?;
            crate::report::explain::render(code.doc(), width, io.out)?;
            Ok(Status::Clean)
        }
        Command::Rules(args) => {
            match args.format {
                SimpleFormat::Human => crate::report::rules::human(io.out)?,
                SimpleFormat::Json => crate::report::rules::json(io.out)?,
            }
            Ok(Status::Clean)
        }
        Command::Completions(args) => {
            let script = completions::script(args.shell);
            crate::report::bytes(io.out, &script)
                .map_err(Error::cannot("write the completion script"))?;
            Ok(Status::Clean)
        }
        Command::Man => {
            let page = completions::man_page().map_err(Error::cannot("render the man page"))?;
            crate::report::bytes(io.out, &page).map_err(Error::cannot("write the man page"))?;
            Ok(Status::Clean)
        }
        Command::Fix(args) => fix::run(&args, env, terminal.stdin && terminal.stdout, io),
        Command::CredentialHelper(args) => {
            match crate::helper::run(&args, env, io.input, io.out, io.err)? {
                crate::helper::Status::Done => Ok(Status::Clean),
                crate::helper::Status::Failed => Ok(Status::Findings),
            }
        }
    }
}

/// A rule by code or name.
fn lookup(rule: &str) -> Result<Code, Error> {
    Code::lookup(rule).ok_or_else(|| Error::UnknownRule(rule.to_owned()))
}

/// The rules `--select` / `--ignore` name (empty items skipped).
fn codes(list: &[String]) -> Result<Vec<Code>, Error> {
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| lookup(s))
        .collect()
}

fn selection(
    args: &CheckArgs,
    env: &Env,
    repo_dir: Option<&std::path::Path>,
) -> Result<Selection, Error> {
    let settings_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => Settings::find(repo_dir.unwrap_or(&env.cwd)),
    };
    let settings = match settings_path {
        Some(p) => Settings::load(&p)?,
        None => Settings::default(),
    };
    Ok(Selection {
        select: codes(&args.select)?,
        ignore: codes(&args.ignore)?,
        settings,
    })
}

fn run_check(args: &CheckArgs, env: &Env, terminal: Terminal, io: Io<'_>) -> Result<Status, Error> {
    if args.online && !args.repos.is_empty() {
        return Err(Error::OnlineWithRepos);
    }
    let repo_dir = repo_arg(env, args.repo.as_deref())?;
    let selection = selection(args, env, repo_dir.as_deref())?;
    let human = args.format == crate::report::Format::Human;
    let outcome = if args.online {
        check::check_online(env, repo_dir.as_deref(), &selection, !args.no_probe)
    } else if args.repos.is_empty() {
        check::check(env, repo_dir.as_deref(), &selection, !args.no_probe)
    } else {
        let repos = expand_repos(&args.repos, env)?;
        let show = human && terminal.stderr && repos.len() >= 50;
        let err = std::sync::Mutex::new(io.err);
        let progress = |done: usize, total: usize| {
            if show && let Ok(mut err) = err.lock() {
                crate::report::progress(&mut **err, done, total);
            }
        };
        check::check_many(env, &repos, &selection, !args.no_probe, &progress)
    };
    let home = crate::base::paths::git_home(env);
    let style = crate::report::Style {
        color: human && terminal.stdout && env.var("NO_COLOR").is_none(),
        width: terminal_width(env, terminal),
        base: home.as_deref(),
    };
    let mut buf = Vec::new();
    crate::report::render(args.format, &outcome, style, &mut buf)
        .map_err(Error::cannot("render the report"))?;
    crate::report::bytes(io.out, &buf).map_err(Error::cannot("write the report"))?;
    let fail_on = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    Ok(if outcome.fails(fail_on) {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// `--repo DIR`, made absolute; refused (exit 2) unless it is a directory inside a git
/// repository, as `git -C DIR` would find one — a typo must not check nothing and pass.
pub fn repo_arg(
    env: &Env,
    repo: Option<&std::path::Path>,
) -> Result<Option<std::path::PathBuf>, Error> {
    let Some(p) = repo else { return Ok(None) };
    let dir = env.cwd.join(p);
    if !dir.is_dir() {
        return Err(Error::RepoNotDirectory(dir));
    }
    if crate::model::discover::Repo::discover(env, &dir).is_none() {
        return Err(Error::RepoNotRepository(dir));
    }
    Ok(Some(dir))
}

/// Columns the human formats fit: `COLUMNS`, else stdout's terminal, else a default.
fn terminal_width(env: &Env, terminal: Terminal) -> usize {
    crate::report::text::width(env.var("COLUMNS"), terminal.columns)
}

/// The repositories `--repos` patterns name (glob syntax, relative to the current directory):
/// directories with a `.git`, or bare repositories. Other matches are skipped.
fn expand_repos(patterns: &[String], env: &Env) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut out = Vec::new();
    for pattern in patterns {
        let expanded = match (
            pattern.strip_prefix("~/"),
            crate::base::paths::git_home(env),
        ) {
            (Some(rest), Some(home)) => {
                format!("{}/{rest}", glob::Pattern::escape(&home.to_string_lossy()))
            }
            _ => pattern.clone(),
        };
        let pattern = &expanded;
        let full = if std::path::Path::new(pattern).is_absolute() {
            pattern.clone()
        } else {
            format!(
                "{}/{pattern}",
                glob::Pattern::escape(&env.cwd.to_string_lossy())
            )
        };
        let paths = glob::glob(&full).map_err(|source| Error::ReposPattern {
            pattern: pattern.clone(),
            source,
        })?;
        let mut matched = 0;
        for p in paths.flatten() {
            let p = if p.file_name().is_some_and(|n| n == ".git") {
                p.parent().map(std::path::Path::to_path_buf).unwrap_or(p)
            } else {
                p
            };
            if crate::model::discover::Repo::at(&p).is_ok_and(|r| r.is_some()) {
                matched += 1;
                out.push(p);
            }
        }
        if matched == 0 {
            return Err(Error::ReposNoMatch(pattern.clone()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}
