//! `acwh export`: the account's webhooks written in the file format `apply` reads (TOML or
//! JSON), so they can be kept as code. The format is `manifest`'s; this is the glue.

use std::path::Path;

use anyhow::Context as _;

use crate::api::webhooks::{Webhook, WebhookSpec};
use crate::cli::{ExportArgs, FileFormat};
use crate::context::Context;
use crate::error::usage;
use crate::escape;
use crate::manifest::{self, Format, Placeholder};
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
    let (text, placeholders) = if args.redact_query {
        manifest::render_redacted(&specs, format)
    } else {
        (manifest::render(&specs, format), Vec::new())
    };
    // Say now what apply would refuse, such as two webhooks with one name; placeholders are
    // checked with the values they stand for.
    let env = |name: &str| {
        placeholders
            .iter()
            .find(|p| p.var == name)
            .map(|p| p.value.clone())
    };
    if let Err(e) = manifest::load("the export", &text, format, &env) {
        warn(
            &ctx.palette_err,
            &format!(
                "apply will refuse this file until that is fixed: {}",
                e.message
            ),
        );
    }
    if args.redact_query {
        tell_placeholders(&placeholders);
    } else {
        warn_clear_queries(&specs, ctx);
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

/// Warns about URLs whose query values (tokens, usually) go into the file in clear.
fn warn_clear_queries(specs: &[WebhookSpec], ctx: &Context) {
    let clear: Vec<String> = specs
        .iter()
        .filter_map(|s| {
            let keys = manifest::valued_keys(&s.url);
            (!keys.is_empty()).then(|| {
                let keys: Vec<String> = keys.iter().map(|k| format!("?{k}=")).collect();
                format!(
                    "{} ({})",
                    escape::line(&s.name),
                    escape::line(&keys.join(", "))
                )
            })
        })
        .collect();
    if clear.is_empty() {
        return;
    }
    warn(
        &ctx.palette_err,
        &format!(
            "{} URL(s) carry query values, often a receiver's token, written in clear: {}; keep the file out of git, or export with --redact-query to write ${{VAR}} placeholders instead",
            clear.len(),
            clear.join(", ")
        ),
    );
}

/// Lists the variables `apply` will need, never their values.
fn tell_placeholders(placeholders: &[Placeholder]) {
    if placeholders.is_empty() {
        return;
    }
    note(&format!(
        "wrote {} query value(s) as ${{VAR}}; before `acwh apply`, set each to the value in AC's URL:",
        placeholders.len()
    ));
    for p in placeholders {
        note(&format!(
            "  {}  ({} ?{}=)",
            escape::line(&p.var),
            escape::line(&p.webhook),
            escape::line(&p.key)
        ));
    }
}

/// Writes through a temporary file in the same folder, then renames, so a reader never sees
/// half a file. Mode 0600: URLs carry the receivers' tokens.
fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let result = crate::fsutil::write_private_atomic(path, text.as_bytes());
    result.with_context(|| format!("could not write {}", path.display()))
}
