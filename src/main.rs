use std::process::ExitCode;

use cc_lint::app::cli::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    install_panic_hook();
    if std::env::var_os("CC_LINT_FAILPOINT").is_some_and(|v| v == "panic") {
        // tests/security.rs: a panic whose payload holds a secret prints none of it
        panic!("aws_secret_access_key = PANICPAYLOADSECRET");
    }
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::CredentialHelper(args) => {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            cc_lint::helper::run(
                args,
                &mut input,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            )
        }
        _ => {
            let env = cc_lint::base::env::Env::from_process();
            cc_lint::app::run(cli, &env, &mut std::io::stdout(), &mut std::io::stderr())
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

/// A panic prints where it happened and nothing else: its payload may quote a config line,
/// and with it a password or a secret key. The hook exits with 2 itself because release
/// builds abort on panic (which would be 134).
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
