//! The process edge: gathers the process's streams and terminal facts, runs the command, and
//! alone turns how it ended into the exit code — 0 clean, 1 findings (or pending changes, or
//! a credential request not answered), 2 usage or internal failure. The only place that
//! opens the process's streams (`clippy.toml` disallows it elsewhere).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

use std::io::IsTerminal;
use std::process::ExitCode;

use cc_lint::app::cli::Cli;
use cc_lint::app::{self, Status, Terminal};
use cc_lint::helper;
use clap::Parser;

#[allow(clippy::disallowed_methods)] // the process's streams, handed to the commands
fn main() -> ExitCode {
    install_panic_hook();
    if std::env::var_os("CC_LINT_FAILPOINT").is_some_and(|v| v == "panic") {
        // tests/security.rs: a panic whose payload holds a secret prints none of it
        panic!("aws_secret_access_key = PANICPAYLOADSECRET");
    }
    let cli = Cli::parse();
    let (stdin, mut stdout, mut stderr) = (std::io::stdin(), std::io::stdout(), std::io::stderr());
    let mut input = stdin.lock();
    let env = cc_lint::base::env::Env::from_process();
    let terminal = Terminal {
        stdin: stdin.is_terminal(),
        stdout: stdout.is_terminal(),
        stderr: stderr.is_terminal(),
        columns: stdout
            .is_terminal()
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten(),
    };
    let io = app::Io {
        input: &mut input,
        out: &mut stdout,
        err: &mut stderr,
    };
    match app::run(cli, &env, terminal, io) {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::Findings) => ExitCode::from(1),
        Err(app::Error::Helper(e)) => {
            // in git's terms, as the helper reports everything
            helper::protocol::write_message(&mut stderr, &e.to_string(), None);
            ExitCode::from(2)
        }
        Err(e) => {
            cc_lint::report::error(&mut stderr, &e);
            ExitCode::from(2)
        }
    }
}

/// A panic prints where it happened and nothing else: its payload may quote a config line,
/// and with it a password or a secret key. The hook exits with 2 itself because release
/// builds abort on panic (which would be 134).
#[allow(clippy::disallowed_methods)] // a panic has no writer to be given
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        use std::io::Write;
        let place = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "cc-lint: internal error{place} — please report (details are not shown: they may contain secrets)"
        );
        std::process::exit(2);
    }));
}
