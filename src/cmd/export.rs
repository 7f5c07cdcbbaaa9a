//! `acwh export`: the account's webhooks written in the file format `apply` reads (TOML or
//! JSON), so they can be kept as code. The format is `manifest`'s; this is the glue.

use std::path::Path;

use anyhow::Context as _;

use crate::api::webhooks::Webhook;
use crate::cli::{ExportArgs, FileFormat};
use crate::context::Context;
use crate::error::usage;
use crate::manifest::{self, Format};
use crate::output::{Out, note, warn};

pub(crate) fn run(args: ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let format = match args.format {
        FileFormat::Toml => Format::Toml,
        FileFormat::Json => Format::Json,
    };
    if let Some(path) = &args.output
        && Format::of(path) != format
    {
        // apply picks the syntax by the name, so the pair must agree for a round trip.
        return Err(usage(format!(
            "{} would not read back: apply reads a file as JSON exactly when its name ends in .json; pass --format {} or rename it",
            path.display(),
            if format == Format::Json {
                "toml"
            } else {
                "json"
            }
        )));
    }
    let hooks = super::account_webhooks(ctx)?;
    let specs: Vec<_> = hooks.iter().map(Webhook::spec).collect();
    let text = manifest::render(&specs, format);
    // Say now what apply would refuse, such as two webhooks with one name.
    if let Err(e) = manifest::load("the export", &text, format, &|_| None) {
        warn(
            &ctx.palette_err,
            &format!(
                "apply will refuse this file until that is fixed: {}",
                e.message
            ),
        );
    }
    match &args.output {
        None => Out::default().write(&text)?,
        Some(path) => {
            write_atomic(path, &text)?;
            note(&format!(
                "exported {} webhooks to {}",
                specs.len(),
                path.display()
            ));
        }
    }
    Ok(())
}

/// Writes through a temporary file in the same folder, then renames, so a reader never sees
/// half a file. Mode 0600: URLs carry the receivers' tokens.
fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let result = crate::fsutil::write_private_atomic(path, text.as_bytes());
    result.with_context(|| format!("could not write {}", path.display()))
}
