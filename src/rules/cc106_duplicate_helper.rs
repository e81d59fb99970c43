//! CC106 duplicate-helper. Docs and examples: rules/CC106.toml.

use std::collections::BTreeSet;

use super::Rule;
use crate::finding::Code;
use crate::finding::Findings;
use crate::model::context::Context;

pub(crate) struct DuplicateHelper;

impl Rule for DuplicateHelper {
    fn code(&self) -> Code {
        Code::CC106
    }

    fn check(&self, cx: &Context, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for res in &cx.resolutions {
            for (step, earlier) in res.duplicate_steps() {
                let (Some(h), Some(first)) = (&step.helper, earlier.first()) else {
                    continue;
                };
                if !reported.insert((step.entry.file, step.entry.entry)) {
                    continue;
                }
                out.report(
                    Code::CC106,
                    cx.entry_location(step.entry),
                    format!("`{}` runs twice for {}", h.value, res.describe(cx)),
                )
                .label("second time")
                .also(cx.entry_location(first.entry), "first time")
                .help("Remove one of the two lines, or put an empty `helper =` before the one you keep.");
            }
        }
    }
}
