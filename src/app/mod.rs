//! Runs a parsed command line and maps the outcome to an exit code: 0 clean, 1 findings (or
//! pending changes), 2 usage or internal failure. Findings and failures never mix.

use std::io::{IsTerminal, Write};

pub mod chain;
pub mod cli;
pub mod completions;
pub mod fix;

use crate::app::cli::{CheckArgs, Cli, Command, FailOn, SimpleFormat};
use crate::base::env::Env;
use crate::finding::Code;
use crate::finding::Severity;
use crate::rules::check::{self, Selection};
use crate::rules::settings::Settings;

/// Exit codes of SPEC.md.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

pub fn run(cli: Cli, env: &Env, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let result = match cli.command {
        Command::Check(args) => run_check(&args, env, stdout),
        Command::Chain(args) => crate::app::chain::run(&args, env, stdout),
        Command::Explain(args) => explain(&args.rule, terminal_width(env), stdout),
        Command::Rules(args) => list_rules(args.format, stdout),
        Command::Completions(args) => crate::app::completions::write(
            stdout,
            &crate::app::completions::script(args.shell),
            "completion script",
        ),
        Command::Man => crate::app::completions::man_page()
            .map_err(|e| format!("cannot render the man page: {e}"))
            .and_then(|page| crate::app::completions::write(stdout, &page, "man page")),
        Command::Fix(args) => {
            let stdin = std::io::stdin();
            let interactive = stdin.is_terminal() && std::io::stdout().is_terminal();
            let mut input = stdin.lock();
            fix::run(
                &args,
                env,
                fix::Io {
                    interactive,
                    input: &mut input,
                    out: stdout,
                    err: stderr,
                },
            )
        }
        Command::CredentialHelper(_) => unreachable!("main runs the helper with process I/O"),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "cc-lint: {message}");
            EXIT_FAILURE
        }
    }
}

fn run_check(args: &CheckArgs, env: &Env, stdout: &mut dyn Write) -> Result<i32, String> {
    if args.online && !args.repos.is_empty() {
        return Err(
            "`--online` checks one repository: use `--repo PATH`, not `--repos`".to_owned(),
        );
    }
    let codes = |list: &[String]| -> Result<Vec<Code>, String> {
        list.iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                Code::lookup(s).ok_or_else(|| format!("unknown rule `{s}` (see `cc-lint rules`)"))
            })
            .collect()
    };
    let repo_dir = repo_arg(env, args.repo.as_deref())?;
    let settings_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => Settings::find(repo_dir.as_deref().unwrap_or(&env.cwd)),
    };
    let settings = match settings_path {
        Some(p) => Settings::load(&p).map_err(|e| e.to_string())?,
        None => Settings::default(),
    };
    let selection = Selection {
        select: codes(&args.select)?,
        ignore: codes(&args.ignore)?,
        settings,
    };
    let outcome = if args.online {
        check::check_online(env, repo_dir.as_deref(), &selection, !args.no_probe)
    } else if args.repos.is_empty() {
        check::check(env, repo_dir.as_deref(), &selection, !args.no_probe)
    } else {
        let repos = expand_repos(&args.repos, env)?;
        let show = args.format == crate::report::Format::Human
            && std::io::stderr().is_terminal()
            && repos.len() >= 50;
        let progress = |done: usize, total: usize| {
            if show && (done.is_multiple_of((total / 20).max(1)) || done == total) {
                eprint!("\rchecked {done}/{total} repositories");
                if done == total {
                    eprint!("\r\x1b[K");
                }
            }
        };
        check::check_many(env, &repos, &selection, !args.no_probe, &progress)
    };
    let color = args.format == crate::report::Format::Human
        && std::io::stdout().is_terminal()
        && env.var("NO_COLOR").is_none();
    let base = crate::base::paths::git_home(env);
    let style = crate::report::Style {
        color,
        width: terminal_width(env),
        base: base.as_deref(),
    };
    let mut buf = Vec::new();
    crate::report::render(args.format, &outcome, style, &mut buf)
        .map_err(|e| format!("cannot render the report: {e}"))?;
    stdout
        .write_all(&buf)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    let fail_on = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    Ok(if outcome.fails(fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `--repo DIR`, made absolute; refused (exit 2) unless it is a directory inside a git
/// repository, as `git -C DIR` would find one — a typo must not check nothing and pass.
pub fn repo_arg(
    env: &Env,
    repo: Option<&std::path::Path>,
) -> Result<Option<std::path::PathBuf>, String> {
    let Some(p) = repo else { return Ok(None) };
    let dir = env.cwd.join(p);
    if !dir.is_dir() {
        return Err(format!("--repo {}: not a directory", dir.display()));
    }
    if crate::model::discover::Repo::discover(env, &dir).is_none() {
        return Err(format!(
            "--repo {}: not a git repository (nor inside one)",
            dir.display()
        ));
    }
    Ok(Some(dir))
}

/// Columns the human format fits: `COLUMNS`, else stdout's terminal, else a default.
pub fn terminal_width(env: &Env) -> usize {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    crate::report::text::width(env.var("COLUMNS"), terminal)
}

/// The repositories `--repos` patterns name (glob syntax, relative to the current directory):
/// directories with a `.git`, or bare repositories. Other matches are skipped.
fn expand_repos(patterns: &[String], env: &Env) -> Result<Vec<std::path::PathBuf>, String> {
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
        let paths = glob::glob(&full).map_err(|e| format!("--repos {pattern}: {e}"))?;
        let mut matched = 0;
        for p in paths.flatten() {
            let p = if p.file_name().is_some_and(|n| n == ".git") {
                p.parent().map(std::path::Path::to_path_buf).unwrap_or(p)
            } else {
                p
            };
            if p.join(".git").exists() || (p.join("HEAD").is_file() && p.join("objects").is_dir()) {
                matched += 1;
                out.push(p);
            }
        }
        if matched == 0 {
            return Err(format!("--repos {pattern}: no git repository matches"));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn explain(rule: &str, width: usize, out: &mut dyn Write) -> Result<i32, String> {
    let code =
        Code::lookup(rule).ok_or_else(|| format!("unknown rule `{rule}` (see `cc-lint rules`)"))?;
    let doc = code.doc();
    // prose fitted to the terminal, indented by two (commands and URLs kept whole)
    let para = |text: &str| {
        let lines = crate::report::text::wrap(text, width, 2, 2);
        format!("  {}", lines.join("\n  "))
    };
    let mut s = format!(
        "{} {} ({})\n\n{}\n\n",
        doc.code,
        doc.name,
        doc.severity.as_str(),
        crate::report::text::wrap(&doc.summary, width, 0, 0).join("\n")
    );
    s.push_str(&format!(
        "What it does\n{}\n\nWhy it breaks CodeCommit\n{}\n",
        para(&doc.what),
        para(&doc.why)
    ));
    if let Some(g) = &doc.guide {
        s.push_str(&format!(
            "\nThe setup guide says\n{}\n",
            para(&format!("\"{g}\""))
        ));
    }
    if doc.online {
        s.push_str(&format!(
            "\n{}\n",
            crate::report::text::wrap(
                "Needs `check --online`: it reports what AWS and git answer, not what the files say.",
                width,
                0,
                0
            )
            .join("\n")
        ));
    }
    if let Some(p) = &doc.platform {
        s.push_str(&format!("\nPlatforms\n{}\n", para(p)));
    }
    for ex in &doc.examples {
        s.push_str(&format!("\nExample: {}\n", ex.name));
        if !ex.env.is_empty() {
            let vars: Vec<String> = ex.env.keys().map(|k| format!("`{k}`")).collect();
            s.push_str(&format!("  Environment: {} set\n", vars.join(", ")));
        }
        for (label, files, programs) in [
            ("Problematic", Some(&ex.bad), &ex.programs),
            (
                "Correct",
                ex.good.as_ref(),
                ex.good_programs.as_ref().unwrap_or(&ex.programs),
            ),
            (
                "After `cc-lint fix --helper aws`",
                ex.fixed.as_ref(),
                &std::collections::BTreeMap::new(),
            ),
        ] {
            let Some(files) = files else { continue };
            s.push_str(&format!("  {label}:\n"));
            for (name, script) in programs {
                let says = script
                    .lines()
                    .find(|l| l.trim_start().starts_with("echo"))
                    .map_or(String::new(), |l| format!(": {}", l.trim()));
                s.push_str(&format!("    # program `{name}` on PATH{says}\n"));
            }
            for (file, text) in &files.files {
                let mode = match ex.modes.get(file) {
                    Some(m) if label == "Problematic" => format!(" (mode {m})"),
                    Some(_) => " (mode 0600)".to_owned(),
                    None => String::new(),
                };
                s.push_str(&format!("    # {}{mode}\n", example_file_label(file)));
                for line in text.lines() {
                    s.push_str(&format!("    {}\n", line.replace('\t', "    ")));
                }
            }
        }
    }
    s.push_str(&format!(
        "\nFix: {}\n",
        match doc.fix {
            crate::finding::FixKind::None => "none (edit the file as the help says)",
            crate::finding::FixKind::Safe => "safe (`cc-lint fix` applies it)",
            crate::finding::FixKind::Unsafe => "unsafe (`cc-lint fix --unsafe` applies it)",
        }
    ));
    out.write_all(s.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

/// Where an example file sits on a machine.
pub fn example_file_label(key: &str) -> String {
    match key {
        "system" => "system gitconfig".to_owned(),
        "global" => "~/.gitconfig".to_owned(),
        "xdg" => "~/.config/git/config".to_owned(),
        "local" => ".git/config".to_owned(),
        "aws_config" => "~/.aws/config".to_owned(),
        "aws_credentials" => "~/.aws/credentials".to_owned(),
        "git_credentials" => "~/.git-credentials".to_owned(),
        other => match other.strip_prefix("home:") {
            Some(rel) => format!("~/{rel}"),
            None => other.to_owned(),
        },
    }
}

fn list_rules(format: SimpleFormat, out: &mut dyn Write) -> Result<i32, String> {
    let s = match format {
        SimpleFormat::Json => {
            let rules: Vec<serde_json::Value> = Code::ALL
                .iter()
                .map(|c| {
                    let d = c.doc();
                    serde_json::json!({
                        "code": c.as_str(), "name": d.name, "severity": d.severity.as_str(),
                        "fix": match d.fix { crate::finding::FixKind::None => "none", crate::finding::FixKind::Safe => "safe", crate::finding::FixKind::Unsafe => "unsafe" },
                        "summary": d.summary,
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&rules).map_err(|e| e.to_string())?
            )
        }
        SimpleFormat::Human => {
            let mut s = String::new();
            for c in Code::ALL {
                let d = c.doc();
                let fix = match d.fix {
                    crate::finding::FixKind::None => "",
                    crate::finding::FixKind::Safe => " [fix]",
                    crate::finding::FixKind::Unsafe => " [unsafe fix]",
                };
                s.push_str(&format!(
                    "{c}  {:<30} {:<8} {}{fix}\n",
                    d.name,
                    d.severity.as_str(),
                    d.summary
                ));
            }
            s
        }
    };
    out.write_all(s.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}
