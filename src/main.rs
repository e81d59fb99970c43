use std::process::ExitCode;

use cc_lint::cli::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
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
            let env = cc_lint::env::Env::from_process();
            cc_lint::app::run(cli, &env, &mut std::io::stdout(), &mut std::io::stderr())
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
