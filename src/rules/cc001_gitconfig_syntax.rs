//! CC001 gitconfig-syntax. Docs and examples: rules/CC001.toml.

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct GitconfigSyntax;

impl Rule for GitconfigSyntax {
    fn code(&self) -> Code {
        Code::CC001
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        for (i, loaded) in cx.git.files.iter().enumerate() {
            let Some(err) = &loaded.file.error else {
                continue;
            };
            out.report(
                Code::CC001,
                cx.file_location(i, err.span.clone()),
                format!("git refuses this file: {}", err.message),
            )
            .label("git stops here with `fatal: bad config line`")
            .help("Every git command fails until this line is fixed. Edit it so git can parse it: quote values with `\"`, escape `\\` as `\\\\`, one `key = value` per line.");
        }
        if let Some(limit) = &cx.git.include_limit {
            out.report(
                Code::CC001,
                cx.value_location(limit.site),
                format!("git stops reading its config here: {}", limit.message),
            )
            .label("git dies with `fatal: exceeded maximum include depth` (every git command fails)")
            .help("Remove the include that leads back to a file already included (git allows 10 nested includes), or flatten the chain.");
        }
        for bad in &cx.git.unreadable {
            let source =
                std::sync::Arc::new(crate::base::source::Source::new(bad.path.clone(), b""));
            out.report(
                Code::CC001,
                crate::finding::Location {
                    source,
                    span: 0..0,
                    scope: bad.scope,
                    include_chain: Vec::new(),
                },
                format!("git cannot read this file: {}", bad.error),
            )
            .help(
                if bad.error.contains("not a regular file") || bad.error.contains("larger than") {
                    "Point the setting or include that names it at a regular git config file."
                } else {
                    "Make the file readable by your user (check its owner and permissions)."
                },
            );
        }
    }
}
