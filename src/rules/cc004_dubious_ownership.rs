//! CC004 dubious-ownership. Docs and examples: rules/CC004.toml.

use super::Rule;
use crate::base::source::{Scope, Source};
use crate::finding::Code;
use crate::finding::{Findings, Location};
use crate::model::context::Context;

pub(crate) struct DubiousOwnership;

impl Rule for DubiousOwnership {
    fn code(&self) -> Code {
        Code::CC004
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let Some(refused) = &cx.git.refused else {
            return;
        };
        let config = cx.repo.as_ref().map_or_else(
            || refused.path.join(".git").join("config"),
            |r| r.common_dir.join("config"),
        );
        let owner = match (refused.owner, refused.user) {
            (Some(o), Some(u)) => format!(" (owned by uid {o}; you are uid {u})"),
            _ => String::new(),
        };
        let shown = refused.path.display().to_string();
        out.report(
            Code::CC004,
            Location {
                source: std::sync::Arc::new(Source::new(config, b"")),
                span: 0..0,
                scope: Scope::Local,
                include_chain: Vec::new(),
            },
            format!(
                "git refuses the repository at {shown}: `{}` is not yours{owner} (`detected dubious ownership`); cc-lint did not read its config, and no helper it names was looked up or run",
                refused.not_owned.display()
            ),
        )
        .help(format!(
            "If you trust this repository: git config --global --add safe.directory {}",
            crate::base::shell::quote(&shown)
        ));
    }
}
