//! What every command needs to know about how it was run, resolved once from the global
//! flags and the environment: colour per stream, whether prompting is allowed, and the
//! settings that reach AC.

use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::output::Palette;

/// Resolved run-time settings. Commands read this, never the raw flags.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub palette_out: Palette,
    pub palette_err: Palette,
    /// Prompts are allowed: stdin and stderr are terminals and `--no-input` was not given.
    pub interactive: bool,
    /// Progress bars are allowed: stderr is a terminal.
    pub progress: bool,
    pub http_timeout: Duration,
    pub api_url: Option<String>,
    pub api_key: Option<String>,
    /// `--profile` / `ACWH_PROFILE`, when given.
    pub profile: Option<String>,
}

impl Context {
    pub(crate) fn from_args(global: &GlobalArgs) -> Context {
        let stderr_tty = std::io::stderr().is_terminal();
        Context {
            palette_out: Palette::stdout(global.color),
            palette_err: Palette::stderr(global.color),
            interactive: !global.no_input && std::io::stdin().is_terminal() && stderr_tty,
            progress: stderr_tty,
            http_timeout: global.http_timeout,
            api_url: global.api_url.clone(),
            api_key: global.api_key.clone(),
            profile: global.profile.clone(),
        }
    }
}
