//! Shell completion scripts and the man page, both generated from the clap definitions in
//! `cli.rs`, so they cannot drift from the flags the binary accepts.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::app::cli::Cli;

const BIN: &str = "cc-lint";

/// The completion script for `shell`, rendered in memory (clap_complete panics when its
/// writer fails: `cc-lint completions zsh | head -1`).
///
/// clap_complete's bash generator escapes a hyphen in the binary name two different ways
/// (`cc__lint` in the word loop, `cc__subcmd__lint…` in the `case` labels), so nothing after
/// the subcommand completes for `cc-lint`. The bash script is generated for `cc_lint`, where
/// both escapes agree, and registered for `cc-lint`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    if shell == Shell::Bash {
        let mut cmd = Cli::command().name("cc_lint");
        clap_complete::generate(shell, &mut cmd, "cc_lint", &mut out);
        let text = String::from_utf8_lossy(&out);
        let fixed: Vec<String> = text
            .lines()
            .map(
                |l| match l.trim_start().starts_with("complete -F _cc_lint ") {
                    true => match l.strip_suffix(" cc_lint") {
                        Some(head) => format!("{head} {BIN}"),
                        None => l.to_owned(),
                    },
                    false => l.to_owned(),
                },
            )
            .collect();
        let mut s = fixed.join("\n");
        s.push('\n');
        return s.into_bytes();
    }
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    out
}

/// `cc-lint(1)`: the top-level page, then one section per command with its synopsis and
/// options (`man` shows one page, as for ripgrep; nothing to install per command).
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut top = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut top)?;
    // the commands are sections of this page, not pages of their own (`cc-lint-check(1)`)
    let mut top = String::from_utf8_lossy(&top).into_owned();
    for sub in cmd.get_subcommands() {
        let roff_name = sub.get_name().replace('-', "\\-");
        top = top.replace(
            &format!("cc\\-lint\\-{roff_name}(1)"),
            &format!("cc\\-lint {roff_name}"),
        );
    }
    let mut out = top.into_bytes();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{BIN} {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        let part = String::from_utf8_lossy(&part)
            .replacen(
                ".SH SYNOPSIS",
                &format!(".SH \"{}\"", name.to_uppercase()),
                1,
            )
            .replace(".SH DESCRIPTION", ".SS Description")
            .replace(".SH OPTIONS", ".SS Options");
        out.extend_from_slice(part.as_bytes());
    }
    Ok(out)
}
