//! The command line: every clap type and nothing else. No I/O, no network types.
//!
//! Clap guidelines for this file (after xh):
//! - explicit `short = 'x'`, implicit `long`, uppercase `value_name`;
//! - every field has a `///` comment: its first line is the short help, capitalised, with no
//!   trailing period; further paragraphs are long help;
//! - event and source names are AC's, verbatim and in snake_case, from the one table in
//!   `events` (the only crate module this file reads: it is pure data, importing nothing).

use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::events::{EVENTS, SOURCES};

const LONG_ABOUT: &str = "\
ActiveCampaign webhooks from the terminal: manage them through AC's v3 API, and catch,
decode and send deliveries locally.

Credentials come from --api-url/ACWH_API_URL and --api-key/ACWH_API_KEY (AC's Settings ->
Developer page shows both).

Exit codes:
  0    success
  1    runtime failure (network, I/O)
  2    usage or validation error
  3    apply --dry-run --exit-code: changes pending
  4    AC (or the receiver) answered 4xx
  5    AC (or the receiver) answered 5xx
  130  interrupted";

const AFTER_HELP: &str = "\
Examples:
  acwh create --event subscribe --source api \\
      --url https://example.com/hooks/ac
  acwh listen --port 8080
  acwh trigger subscribe --to http://127.0.0.1:8080/";

/// The heading the global flags are listed under in every command's help, after the
/// command's own options.
pub const GLOBAL_HEADING: &str = "Global options";

/// The heading of the examples that end each command's help (`acwh man` makes them the
/// EXAMPLES section). Each example line is two spaces, then the command as typed; a long
/// one goes on after ` \` on lines indented six spaces. No line is wider than 75 columns: the
/// help fits a terminal of 80, and so does the man page, which indents examples 5 more.
pub const EXAMPLES_HEADING: &str = "Examples:";

// Each command's examples, README's where it has them. A test parses every one of them.
const EX_CREATE: &str = "\
Examples:
  acwh create -e subscribe,unsubscribe -s public,api \\
      --url 'https://example.com/ac?token=s3cret'
  acwh create --event deal_add --source admin,api \\
      --url https://example.com/hooks/deals -q
  acwh create --event subscribe --source api \\
      --url https://example.com/hooks/ac --dry-run";
const EX_LIST: &str = "\
Examples:
  acwh list
  acwh list -q
  acwh list --json | jq -r '.[].url'";
const EX_SHOW: &str = "\
Examples:
  acwh show 12
  acwh show 12 --json";
const EX_UPDATE: &str = "\
Examples:
  acwh update 12 --add-event update --remove-event unsubscribe
  acwh update 12 --url 'https://example.com/hooks/ac?token=n3w' --list 2
  acwh update 12";
const EX_DELETE: &str = "\
Examples:
  acwh delete 12
  acwh delete 12 13 --yes";
const EX_EVENTS: &str = "\
Examples:
  acwh events
  acwh events --offline
  acwh events --offline --json";
const EX_LISTS: &str = "\
Examples:
  acwh lists
  acwh lists --json";
const EX_WHOAMI: &str = "\
Examples:
  acwh whoami
  acwh --profile work whoami";
const EX_LISTEN: &str = "\
Examples:
  acwh listen --port 8080
  acwh listen --save deliveries.jsonl \\
      --forward-to http://localhost:3000/webhooks
  acwh listen --port 0 --count 1 --timeout 60s --json > delivery.json
  acwh listen --tunnel cloudflared --register \\
      --event subscribe,update --source public,admin";
const EX_TRIGGER: &str = "\
Examples:
  acwh trigger subscribe --to http://127.0.0.1:8080/
  acwh trigger deal_update --to http://localhost:3000/webhooks \\
      -d 'deal[title]=Big deal'
  acwh trigger all --repeat 2
  acwh trigger click --print --json";
const EX_SANDBOX: &str = "\
Examples:
  acwh sandbox
  acwh sandbox --port 0 --state sandbox.json --duplicate-rate 0.1
  acwh sandbox fire subscribe";
const EX_FIRE: &str = "\
Examples:
  acwh sandbox fire subscribe
  acwh sandbox fire deal_add -d 'deal[title]=Big deal' --json
  acwh --api-url http://127.0.0.1:4100 sandbox fire update --source admin";
const EX_CAPTURES: &str = "\
Examples:
  acwh captures deliveries.jsonl
  acwh captures deliveries.jsonl --event subscribe --last 5
  acwh captures deliveries.jsonl --json";
const EX_REPLAY: &str = "\
Examples:
  acwh replay deliveries.jsonl --seq 1 --to http://localhost:3000/webhooks
  acwh replay deliveries.jsonl --all --to http://127.0.0.1:8080
  acwh replay deliveries.jsonl --seq 1 --curl
  acwh replay deliveries.jsonl --seq 1 --to http://localhost:3000/ \\
      --set 'contact[email]=a@b.co' --unset 'contact[fields]'";
const EX_DIFF: &str = "\
Examples:
  acwh diff deliveries.jsonl 1 2
  acwh diff deliveries.jsonl 1 2 --all
  acwh diff deliveries.jsonl 3 7 --json";
const EX_EXPORT: &str = "\
Examples:
  acwh export > webhooks.toml
  acwh export --format json -o webhooks.json";
const EX_APPLY: &str = "\
Examples:
  acwh apply -f webhooks.toml --dry-run
  acwh apply -f webhooks.toml --prune --dry-run --exit-code
  acwh apply -f webhooks.toml --prune --yes";
const EX_LOGIN: &str = "\
Examples:
  acwh login
  acwh login --profile work
  echo \"$KEY\" | acwh login --api-key-stdin \\
      --api-url https://ACCOUNT.api-us1.com";
const EX_LOGOUT: &str = "\
Examples:
  acwh logout
  acwh logout --profile work";
const EX_CONFIG: &str = "\
Examples:
  acwh config show
  acwh config path";
const EX_CONFIG_SHOW: &str = "\
Examples:
  acwh config show
  acwh --profile work config show";
const EX_CONFIG_PATH: &str = "\
Examples:
  acwh config path
  cat \"$(acwh config path)\"";
const EX_COMPLETIONS: &str = "\
Examples:
  source <(acwh completions bash)
  acwh completions zsh > ~/.zfunc/_acwh
  acwh completions fish > ~/.config/fish/completions/acwh.fish";
const EX_MAN: &str = "\
Examples:
  acwh man | man -l -
  acwh man --dir ~/.local/share/man/man1";

/// `--api-url` as `sandbox fire` reads it: the sandbox's address, not AC's. Same id as the
/// global flag, so clap does not propagate the global one there and the value lands in
/// [`GlobalArgs::api_url`] as usual.
fn sandbox_api_url() -> clap::Arg {
    sandbox_flag(
        ("api_url", "URL", 0, "URL"),
        "e.g. http://127.0.0.1:4100. With none given, the profile's URL is used (its key goes \
         only there).",
    )
}

/// `--api-key` as `sandbox fire` reads it: the sandbox's key, not the account's.
fn sandbox_api_key() -> clap::Arg {
    sandbox_flag(
        ("api_key", "KEY", 1, "key"),
        "Sent as the Api-Token header. With none given, the profile's key is used, and only \
         with the profile's URL.",
    )
}

/// A global credential flag (`id`, shown as `value`) as `sandbox fire` reads it: the
/// sandbox's own, as its `export` line prints it. It sits where the global flag it stands
/// in for would (`order`), under the global heading.
fn sandbox_flag(
    (id, value, order, noun): (&'static str, &'static str, usize, &str),
    more: &str,
) -> clap::Arg {
    let long = id.replace('_', "-");
    let env = format!("ACWH_{}", id.to_uppercase());
    let help = format!("The running sandbox's {noun}, as its `export {env}=` line prints it");
    clap::Arg::new(id)
        .long(long)
        .env(env)
        .hide_env_values(true)
        .value_name(value)
        .help_heading(GLOBAL_HEADING)
        .display_order(order)
        .long_help(format!("{help}\n\n{more}"))
        .help(help)
}

/// ActiveCampaign webhooks from the terminal
#[derive(Debug, Parser)]
#[command(
    name = "acwh",
    version,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes, listed after each command's own under [`GLOBAL_HEADING`].
#[derive(Debug, Args)]
#[command(next_help_heading = GLOBAL_HEADING)]
pub struct GlobalArgs {
    // This doc comment is --help text, shown as written; rustdoc is not its reader.
    #[allow(rustdoc::bare_urls)]
    /// Your account's API URL, from AC's Settings -> Developer
    ///
    /// With or without `/api/3`, e.g. https://ACCOUNT.api-us1.com. Plain http:// is refused
    /// except to a loopback host.
    // Env values stay out of the help: unset, clap would print a dangling `ACWH_API_URL=`;
    // set, the value would reach the terminal unescaped (`acwh config show` shows it safely).
    #[arg(
        long,
        global = true,
        env = "ACWH_API_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub api_url: Option<String>,

    /// Your API key, sent as the Api-Token header
    #[arg(
        long,
        global = true,
        env = "ACWH_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<String>,

    /// The profile of the config file to use (see `acwh login`)
    #[arg(
        long,
        global = true,
        env = "ACWH_PROFILE",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never prompt; fail with exit code 2 when a value is missing
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Timeout for each request to AC, e.g. 30s or 2m
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    pub http_timeout: Duration,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register a webhook
    #[command(after_help = EX_CREATE)]
    Create(CreateArgs),
    /// List the account's webhooks
    #[command(after_help = EX_LIST)]
    List(ListArgs),
    /// Show one webhook
    #[command(after_help = EX_SHOW)]
    Show(ShowArgs),
    /// Change a webhook, keeping every field not named
    #[command(after_help = EX_UPDATE)]
    Update(UpdateArgs),
    /// Delete webhooks
    #[command(after_help = EX_DELETE)]
    Delete(DeleteArgs),
    /// List the webhook events AC can send
    #[command(after_help = EX_EVENTS)]
    Events(EventsArgs),
    /// List the account's contact lists, to pick a --list id
    #[command(after_help = EX_LISTS)]
    Lists(ReadArgs),
    /// Check the credentials and show whose they are
    #[command(after_help = EX_WHOAMI)]
    Whoami(ReadArgs),
    /// Catch webhook deliveries locally and show them decoded
    #[command(after_help = EX_LISTEN)]
    Listen(ListenArgs),
    /// Send a sample payload shaped like AC's for an event to a URL (`--print` shows it)
    #[command(after_help = EX_TRIGGER)]
    Trigger(TriggerArgs),
    /// Run a local ActiveCampaign stand-in that really delivers webhooks
    ///
    /// It serves the v3 API subset acwh uses on http://127.0.0.1:4100 and prints the two
    /// `export` lines that point acwh at it. `acwh sandbox fire EVENT` makes it deliver an
    /// event to every matching webhook.
    #[command(after_help = EX_SANDBOX)]
    Sandbox(SandboxArgs),
    /// List the deliveries saved by `acwh listen --save`
    #[command(after_help = EX_CAPTURES)]
    Captures(CapturesArgs),
    /// Re-send saved deliveries byte for byte
    #[command(after_help = EX_REPLAY)]
    Replay(ReplayArgs),
    /// Show what changed between two saved deliveries, path by path
    ///
    /// Form bodies are compared by bracket path (`deal[stage_title]`, old value then new), JSON
    /// bodies by JSON pointer, any other body as a whole. `date_time` is left out unless
    /// --all is given. Exits 0 whether or not they differ.
    #[command(after_help = EX_DIFF)]
    Diff(DiffArgs),
    /// Write the account's webhooks as a file for `acwh apply`
    #[command(after_help = EX_EXPORT)]
    Export(ExportArgs),
    /// Make the account's webhooks match a file: plan, then apply
    #[command(after_help = EX_APPLY)]
    Apply(ApplyArgs),
    /// Save credentials for a profile, after checking them with AC
    #[command(after_help = EX_LOGIN)]
    Login(LoginArgs),
    /// Forget a profile's saved credentials
    #[command(after_help = EX_LOGOUT)]
    Logout,
    /// Show the configuration
    #[command(subcommand, after_help = EX_CONFIG)]
    Config(ConfigCommand),
    /// Print a shell completion script
    ///
    /// bash: `source <(acwh completions bash)`; zsh: put `_acwh` on $fpath; fish:
    /// `acwh completions fish > ~/.config/fish/completions/acwh.fish`.
    #[command(after_help = EX_COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), with a page for each subcommand
    #[command(after_help = EX_MAN)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    #[command(subcommand)]
    pub action: Option<SandboxAction>,

    #[command(flatten)]
    pub serve: SandboxServeArgs,
}

#[derive(Debug, Args)]
pub struct SandboxServeArgs {
    /// The address to serve on
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// The port to serve on; 0 picks a free one
    #[arg(short = 'p', long, value_name = "PORT", default_value_t = 4100)]
    pub port: u16,

    /// Keep webhooks (and the key) in this file across restarts; else in memory
    #[arg(long, value_name = "FILE")]
    pub state: Option<std::path::PathBuf>,

    /// Do not enforce AC's 5 requests/second limit
    #[arg(long)]
    pub no_rate_limit: bool,

    /// The share of deliveries sent twice, 0 to 1, as AC's at-least-once delivery can
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub duplicate_rate: f64,

    /// Deliver to any address; by default only loopback receivers (127.0.0.0/8, ::1) get
    /// deliveries, and others are skipped with the reason
    #[arg(long)]
    pub allow_remote_delivery: bool,
}

#[derive(Debug, Subcommand)]
pub enum SandboxAction {
    /// Make a running sandbox deliver an event to every matching webhook
    #[command(after_help = EX_FIRE, arg = sandbox_api_url(), arg = sandbox_api_key())]
    Fire(FireArgs),
}

#[derive(Debug, Args)]
pub struct FireArgs {
    /// The event to deliver
    #[arg(value_name = "EVENT", value_parser = event_parser())]
    pub event: String,

    /// Who caused the event (initiated_from) [default: the usual one for the event]
    #[arg(short = 's', long, value_name = "SOURCE", value_parser = source_parser())]
    pub source: Option<String>,

    /// The list the event happened on [default: 1 for list events, else 0]
    #[arg(short = 'l', long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true)]
    pub list: Option<u64>,

    /// Set a field of the payload, in AC's bracket form
    #[arg(short = 'd', long = "data", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub data: Vec<(String, String)>,

    /// Print the delivery results as JSON
    #[arg(long)]
    pub json: bool,
}

/// Which saved deliveries a command takes.
#[derive(Debug, Args)]
pub struct CaptureFilter {
    /// Only deliveries of this event
    #[arg(short = 'e', long = "event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub events: Vec<String>,

    /// Only the last N (after the other filters)
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CapturesArgs {
    /// The file written by `acwh listen --save`
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    #[command(flatten)]
    pub filter: CaptureFilter,

    /// Print the saved lines as a JSON array
    #[arg(long)]
    pub json: bool,

    /// Print the delivery with this seq as `acwh listen` showed it
    #[arg(long = "seq", value_name = "N", conflicts_with = "json")]
    pub seq: Option<u64>,

    /// With --seq, also print its headers
    #[arg(short = 'v', long, requires = "seq")]
    pub headers: bool,

    /// With --seq, leave out keys whose value is empty
    #[arg(long, requires = "seq")]
    pub hide_empty: bool,

    /// With --seq, print long values and texts whole (by default a value is cut after 16 KiB,
    /// a text body after 4,096 characters, with a note saying how much was left out)
    #[arg(long, requires = "seq")]
    pub full: bool,

    /// With --seq, show custom fields' titles next to their keys, fetched from the account
    #[arg(long, requires = "seq")]
    pub field_names: bool,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The file written by `acwh listen --save`
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Re-send the delivery with this seq; repeat for several
    #[arg(long = "seq", value_name = "N")]
    pub seqs: Vec<u64>,

    #[command(flatten)]
    pub filter: CaptureFilter,

    /// Re-send every saved delivery
    #[arg(long)]
    pub all: bool,

    /// Where to send them; the original path and query are appended to its path
    #[arg(long, value_name = "URL", required_unless_present = "curl")]
    pub to: Option<String>,

    /// Print a curl command for each delivery instead of sending it
    #[arg(long)]
    pub curl: bool,

    // This doc comment is --help text, shown as written; rustdoc is not its reader.
    #[allow(rustdoc::broken_intra_doc_links)]
    /// Change a form field's value everywhere it occurs, or add it at the end, e.g.
    /// --set 'contact[email]=me@example.com'; every other pair keeps its bytes
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,

    /// Drop a form field and every field under it (`deal` drops `deal[...]`)
    #[arg(long = "unset", value_name = "KEY")]
    pub unset: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The file written by `acwh listen --save`
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// The seq of the delivery to compare from
    #[arg(value_name = "A")]
    pub a: u64,

    /// The seq of the delivery to compare to
    #[arg(value_name = "B")]
    pub b: u64,

    /// Compare date_time too (left out by default: it differs every time)
    #[arg(long)]
    pub all: bool,

    /// Print {"changed": [...], "added": [...], "removed": [...]} as JSON
    #[arg(long)]
    pub json: bool,
}

/// The format of an exported or applied webhook file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long, value_enum, default_value_t = FileFormat::Toml, value_name = "FORMAT")]
    pub format: FileFormat,

    /// Write to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// Write each URL query value (a receiver's token) as a ${VAR} placeholder
    ///
    /// The variable names are derived from the webhook's name and the query key
    /// (`CRM_SYNC_TOKEN` for `crm-sync`'s `?token=`) and listed on stderr: set each to the
    /// value in AC's URL before `acwh apply`, which fills them in. Without this flag, URLs
    /// with query values are written as they are, with a warning.
    #[arg(long)]
    pub redact_query: bool,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The webhook file: TOML, or JSON when its name ends in .json
    ///
    /// Each `[[webhook]]` has name (its identity), url, events, sources and an optional list
    /// (default 0). `${VAR}` in a value is filled in from the environment (an unset VAR is an
    /// error), and `$${` stands for a literal `${`. `acwh export` writes such a file.
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run: exit 3 when changes are pending
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,

    /// Also delete webhooks that are not in the file
    #[arg(long)]
    pub prune: bool,

    /// Delete without asking for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Print the plan and the result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Read the API key from standard input instead of prompting
    #[arg(long)]
    pub api_key_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show the settings in effect, the key masked
    #[command(after_help = EX_CONFIG_SHOW)]
    Show,
    /// Print the config file's path
    #[command(after_help = EX_CONFIG_PATH)]
    Path,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write each page to its own file in DIR (acwh.1, acwh-create.1, acwh-sandbox-fire.1, ...)
    /// instead of printing them all
    ///
    /// DIR is created if missing; put it on MANPATH (e.g. ~/.local/share/man/man1) and
    /// `man acwh-create` finds the page that `man acwh` refers to.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Output flags shared by the read commands.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Print AC's JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Where AC should POST: https on port 443, or http to a loopback host for local tests
    ///
    /// Query parameters are kept: they are AC's only way to authenticate a delivery
    /// (`?token=...`).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// A name for the webhook [default: built from the events and the URL's host]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// An event to send; repeat it or give a comma list
    #[arg(short = 'e', long = "event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub events: Vec<String>,

    /// Who may cause the event; repeat it or give a comma list
    #[arg(short = 's', long = "source", value_name = "SOURCE", value_delimiter = ',', value_parser = source_parser())]
    pub sources: Vec<String>,

    /// Fire only for events on this list (0 = all lists; see `acwh lists`)
    #[arg(short = 'l', long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true)]
    pub list: Option<u64>,

    /// Print the request body that would be sent, and send nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print AC's JSON of the new webhook
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,

    /// Print only the new webhook's id
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only webhooks with this name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Only webhooks with this URL
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Only webhooks on this list id
    #[arg(short = 'l', long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true)]
    pub list: Option<u64>,

    /// Print AC's JSON: an array of webhooks
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,

    /// Print only the ids, one per line
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The webhook's id
    #[arg(value_name = "ID", value_parser = parse_id)]
    pub id: u64,

    /// Print AC's JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The webhook's id
    #[arg(value_name = "ID", value_parser = parse_id)]
    pub id: u64,

    /// A new name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// A new URL (same rules as `create --url`)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Replace the events with these; repeat it or give a comma list
    #[arg(short = 'e', long = "event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub events: Vec<String>,

    /// Add an event to the current ones
    #[arg(long = "add-event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub add_events: Vec<String>,

    /// Remove an event from the current ones
    #[arg(long = "remove-event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub remove_events: Vec<String>,

    /// Replace the sources with these; repeat it or give a comma list
    #[arg(short = 's', long = "source", value_name = "SOURCE", value_delimiter = ',', value_parser = source_parser())]
    pub sources: Vec<String>,

    /// A new list id (0 = all lists)
    #[arg(short = 'l', long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true)]
    pub list: Option<u64>,

    /// Print AC's JSON of the updated webhook
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The ids of the webhooks to delete
    #[arg(value_name = "ID", required = true, value_parser = parse_id)]
    pub ids: Vec<u64>,

    /// Delete without asking for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Print the built-in table of the 30 known events; needs no credentials
    #[arg(long)]
    pub offline: bool,

    /// Print JSON: an array of events
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to listen on; anything but loopback is reachable from other machines
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// The port to listen on; 0 picks a free one (the first line on stderr names it)
    #[arg(short = 'p', long, value_name = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// Also print each request's headers (block view only: --json always has them)
    #[arg(short = 'v', long, conflicts_with_all = ["json", "raw", "raw0", "compact"])]
    pub headers: bool,

    /// Print one JSON object per request, one per line
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,

    /// Print each body byte for byte, and nothing else (a newline after each on a terminal)
    #[arg(long)]
    pub raw: bool,

    /// As --raw, with a NUL byte after each body, for `xargs -0` and the like
    #[arg(long, conflicts_with_all = ["json", "raw"])]
    pub raw0: bool,

    /// Print one line per request: time, seq, event, email, list, answer
    #[arg(long, conflicts_with_all = ["json", "raw", "raw0"])]
    pub compact: bool,

    /// Leave out keys whose value is empty (block view only)
    #[arg(long, conflicts_with_all = ["json", "raw", "raw0", "compact"])]
    pub hide_empty: bool,

    /// Print long values and texts whole (by default a value is cut after 16 KiB, a text
    /// body after 4,096 characters, with a note saying how much was left out)
    #[arg(long, conflicts_with_all = ["json", "raw", "raw0"])]
    pub full: bool,

    /// Exit 0 once this many requests have been printed
    #[arg(short = 'n', long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Stop after this long, e.g. 30s or 2m; exit 1 unless --count (default 1) requests came
    #[arg(short = 't', long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Print only these events (others are still answered and counted); with --register,
    /// also the events registered
    #[arg(short = 'e', long = "event", value_name = "EVENT", value_delimiter = ',', value_parser = event_parser())]
    pub events: Vec<String>,

    /// Answer 401 to requests whose query lacks token=TOKEN
    ///
    /// AC can only authenticate through the webhook URL, so register it as
    /// https://HOST/PATH?token=TOKEN.
    #[arg(long, value_name = "TOKEN")]
    pub secret: Option<String>,

    /// Answer this status instead of 200 (or, with --forward-to, instead of the app's)
    #[arg(long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(200..=599))]
    pub status: Option<u16>,

    /// Append each request to FILE as a JSON line, written before it is answered
    #[arg(long, value_name = "FILE")]
    pub save: Option<std::path::PathBuf>,

    /// With --save, have each line on disk (fsync) before the request is answered, so a
    /// power cut loses no answered delivery; slower
    #[arg(long, requires = "save")]
    pub fsync: bool,

    /// Pass each request on to your app and answer with its status; repeat with
    /// PREFIX=URL to route by path prefix, e.g. /ac/contacts=http://localhost:3000/contacts
    #[arg(long = "forward-to", value_name = "[PREFIX=]URL")]
    pub forward_to: Vec<String>,

    /// The largest body accepted, e.g. 1MiB, 512KiB, 2000; larger gets 413
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_size)]
    pub max_body: usize,

    /// Show custom fields' titles next to their keys, fetched once from the account
    ///
    /// On by default when stdout is a terminal and credentials are set (flag, environment or
    /// profile); with this flag, `--json` also gets a `field_names` map. A fetch that fails is
    /// one warning.
    #[arg(long, overrides_with = "no_field_names")]
    pub field_names: bool,

    /// Never fetch custom field titles
    #[arg(long, overrides_with = "field_names")]
    pub no_field_names: bool,

    /// Also serve the inspector: a live page of the deliveries, on a loopback address of its own
    ///
    /// Its address is the second line on stderr (`Inspector on http://127.0.0.1:4080`). The
    /// page lists deliveries as they come and shows each one's tree, form, headers, raw body
    /// and answer; it searches, diffs, replays (with edits) and exports HAR or NDJSON. Its
    /// JSON API is in README. With --save, it starts with what the file holds.
    #[arg(long)]
    pub ui: bool,

    /// Where the inspector listens: a loopback address only; port 0 picks a free one
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:4080",
        requires = "ui"
    )]
    pub ui_addr: String,

    /// How many deliveries the inspector keeps in memory (the oldest go first)
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "ui", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub ui_keep: u64,

    /// Expose the catcher through a tunnel: cloudflared, ngrok, or a command with {port}
    ///
    /// `cloudflared` runs a quick tunnel (the binary from PATH, or ACWH_CLOUDFLARED); `ngrok`
    /// runs `ngrok http` (from PATH, or ACWH_NGROK); anything else is run with `sh -c`, {port}
    /// replaced by the catcher's port, and the first https:// URL it prints is taken. The
    /// tunnel is stopped when listen ends, and listen exits 1 if the tunnel dies.
    #[arg(long, value_name = "cloudflared|ngrok|CMD")]
    pub tunnel: Option<String>,

    /// The public URL that reaches this catcher, from a tunnel or proxy you run yourself
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,

    /// Register a webhook to the public URL for this run, and delete it when listen ends
    ///
    /// Needs credentials (as every API command), --tunnel or --public-url, and the events and
    /// sources to register (--event, --source; asked on a terminal). The URL gets
    /// ?token=SECRET (a fresh random one unless --secret), so only AC gets through.
    #[arg(long)]
    pub register: bool,

    /// The path registered under the public URL
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub path: String,

    /// With --register, keep webhooks left by earlier runs on this host instead of deleting them
    #[arg(long, requires = "register")]
    pub keep_stale: bool,

    /// Where ngrok's local agent API answers (for --tunnel ngrok)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4040")]
    pub ngrok_api: String,

    /// With --register, who may cause the events; repeat it or give a comma list
    #[arg(long = "source", value_name = "SOURCE", value_delimiter = ',', value_parser = source_parser(), requires = "register")]
    pub sources: Vec<String>,

    /// With --register, fire only for events on this list (0 = all lists)
    #[arg(long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true, requires = "register")]
    pub list: Option<u64>,
}

#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// The event to send, or `all` for every event in turn
    ///
    /// `automation` sends the body of an automation's "Webhook" step instead: the contact,
    /// custom fields by personalisation tag, and `seriesid`, with no `type`. No webhook can
    /// subscribe to it; AC sends it when a contact reaches that step, and marks the step failed
    /// when the receiver takes more than 5 seconds to answer. --source and --list do not apply.
    #[arg(value_name = "EVENT", value_parser = trigger_event_parser())]
    pub event: String,

    /// Where to POST the sample
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
    pub to: String,

    // This doc comment is --help text, shown as written; rustdoc is not its reader.
    #[allow(rustdoc::broken_intra_doc_links)]
    /// Set a field, in AC's bracket form, e.g. -d contact[email]=me@example.com
    #[arg(short = 'd', long = "data", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub data: Vec<(String, String)>,

    /// Drop a field (or, for a prefix such as `deal`, every field under it)
    #[arg(long = "remove", value_name = "KEY")]
    pub remove: Vec<String>,

    /// Who caused the event (initiated_from) [default: the usual one for the event]
    #[arg(short = 's', long, value_name = "SOURCE", value_parser = source_parser())]
    pub source: Option<String>,

    /// The list id in the payload [default: 1 for list events, else 0]
    #[arg(short = 'l', long, value_name = "ID", value_parser = parse_list_id, allow_negative_numbers = true)]
    pub list: Option<u64>,

    /// Send the same body this many times, as AC's at-least-once delivery can
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub repeat: u32,

    /// Print the encoded body and send nothing
    #[arg(long)]
    pub print: bool,

    /// Print the decoded tree of the body on stdout (with or without --print)
    #[arg(long)]
    pub json: bool,
}

/// The `--color` among raw arguments (the last one, none after `--`), for what is decided
/// before clap has parsed them: the colour of clap's own help and errors. Anything
/// unreadable counts as `auto`.
pub fn color_in_args(args: &[std::ffi::OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut words = args.iter().map(|a| a.to_str().unwrap_or(""));
    while let Some(word) = words.next() {
        let value = match word {
            "--" => break,
            "--color" => words.next().unwrap_or(""),
            w => match w.strip_prefix("--color=") {
                Some(v) => v,
                None => continue,
            },
        };
        choice = ColorChoice::from_str(value, false).unwrap_or(ColorChoice::Auto);
    }
    choice
}

/// The parser for `trigger`'s event: every event, plus `all`.
pub fn trigger_event_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        EVENTS
            .iter()
            .map(|e| PossibleValue::new(e.name).help(e.description))
            .chain([
                PossibleValue::new("all").help("Every event in turn"),
                PossibleValue::new("automation")
                    .help("An automation's Webhook step (not a webhook event)"),
            ]),
    )
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "'{s}' is not KEY=VALUE: give e.g. -d contact[email]=me@example.com"
        )),
    }
}

/// `replay --set KEY=VALUE`: as `trigger -d`, with a hint that names `--set`.
fn parse_set(s: &str) -> Result<(String, String), String> {
    parse_key_value(s).map_err(|_| {
        format!("'{s}' is not KEY=VALUE: give e.g. --set contact[email]=me@example.com")
    })
}

/// The parser for `--event`: AC's names, with their descriptions for completions and help.
pub fn event_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        EVENTS
            .iter()
            .map(|e| PossibleValue::new(e.name).help(e.description)),
    )
}

/// The parser for `--source`.
pub fn source_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        SOURCES
            .iter()
            .map(|s| PossibleValue::new(s.name).help(s.description)),
    )
}

fn parse_list_id(s: &str) -> Result<u64, String> {
    s.trim().parse::<u64>().map_err(|_| {
        format!("'{s}' is not a list id: give a whole number, 0 for all lists (`acwh lists` shows the ids)")
    })
}

fn parse_id(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a webhook id: give a positive whole number (`acwh list` shows the ids)"
        )),
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "'{s}' is not a rate: give a number from 0 to 1, e.g. 0.1"
        )),
    }
}

/// Parses a byte size: `2000`, `512KB`, `512KiB`, `1MiB`, `1M` (K/M/G are binary here, as
/// people mean them for buffers).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size: use e.g. 2000, 512KiB or 1MiB"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => {
            return Err(format!(
                "'{s}' is not a size: use e.g. 2000, 512KiB or 1MiB"
            ));
        }
    };
    n.checked_mul(mult)
        .filter(|b| *b > 0)
        .and_then(|b| usize::try_from(b).ok())
        .ok_or_else(|| format!("'{s}' is not a usable size: give more than 0"))
}

/// Parses `500ms`, `30s`, `2m`, `1h`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a duration: use e.g. 500ms, 30s, 2m or 1h"))?;
    let secs = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => {
            return Err(format!(
                "'{s}' is not a duration: use e.g. 500ms, 30s, 2m or 1h"
            ));
        }
    };
    if !secs.is_finite() || secs <= 0.0 || secs > 31_536_000.0 {
        return Err(format!(
            "'{s}' is not a usable duration: give more than 0 and at most a year"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `events --offline`'s help names the table's size in words, as a literal in a doc
    /// comment; this keeps that number equal to the table's.
    #[test]
    fn events_offline_help_states_the_table_size() {
        let cli = Cli::command();
        let events = cli.find_subcommand("events").expect("an events subcommand");
        let offline = events
            .get_arguments()
            .find(|a| a.get_id() == "offline")
            .expect("events --offline");
        let help = offline
            .get_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        let stated = format!("the {} known events", crate::events::EVENTS.len());
        assert!(help.contains(&stated), "{help:?} should say {stated:?}");
    }

    #[test]
    fn color_is_found_before_parsing() {
        let choice = |args: &[&str]| {
            let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
            color_in_args(&args)
        };
        assert_eq!(
            choice(&["acwh", "--color", "always", "x"]),
            ColorChoice::Always
        );
        assert_eq!(
            choice(&["acwh", "list", "--color=never"]),
            ColorChoice::Never
        );
        assert_eq!(
            choice(&["acwh", "--color=never", "--color", "always"]),
            ColorChoice::Always
        );
        assert_eq!(
            choice(&["acwh", "--", "--color", "always"]),
            ColorChoice::Auto
        );
        assert_eq!(choice(&["acwh", "--color", "bogus"]), ColorChoice::Auto);
        assert_eq!(choice(&["acwh", "--color"]), ColorChoice::Auto);
    }

    #[test]
    fn clap_debug_assert() {
        Cli::command().debug_assert();
    }

    /// The `create` of README's quick start and of `AFTER_HELP`.
    #[test]
    fn quick_start_create_parses() {
        let cli = Cli::try_parse_from([
            "acwh",
            "create",
            "--event",
            "subscribe",
            "--source",
            "api",
            "--url",
            "https://example.com/hooks/ac",
        ])
        .unwrap();
        let Command::Create(args) = cli.command else {
            panic!("not create")
        };
        assert_eq!(args.events, ["subscribe"]);
        assert_eq!(args.sources, ["api"]);
    }

    #[test]
    fn events_take_comma_lists_and_repeat_in_snake_case() {
        let cli = Cli::try_parse_from([
            "acwh",
            "create",
            "-e",
            "deal_task_add,subscribe",
            "--event",
            "contact_tag_added",
            "-s",
            "public,admin",
        ])
        .unwrap();
        let Command::Create(args) = cli.command else {
            panic!("not create")
        };
        assert_eq!(
            args.events,
            ["deal_task_add", "subscribe", "contact_tag_added"]
        );
        assert_eq!(args.sources, ["public", "admin"]);
    }

    #[test]
    fn unknown_event_suggests() {
        let err = Cli::try_parse_from(["acwh", "create", "--event", "subscrib"]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("subscribe"), "{msg}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn list_id_must_be_a_number() {
        let err = Cli::try_parse_from(["acwh", "create", "--list", "-1"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = Cli::try_parse_from(["acwh", "list", "--list", "abc"]).unwrap_err();
        assert!(err.to_string().contains("acwh lists"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 parsecs").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1MiB"), Ok(1024 * 1024));
        assert_eq!(parse_size("512kb"), Ok(512 * 1024));
        assert_eq!(parse_size("2000"), Ok(2000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn listen_status_range() {
        assert!(Cli::try_parse_from(["acwh", "listen", "--status", "410"]).is_ok());
        assert!(Cli::try_parse_from(["acwh", "listen", "--status", "99"]).is_err());
        assert!(Cli::try_parse_from(["acwh", "listen", "--json", "--raw"]).is_err());
    }

    #[test]
    fn trigger_data_pairs() {
        let cli = Cli::try_parse_from([
            "acwh",
            "trigger",
            "deal_add",
            "-d",
            "deal[title]=Big = deal",
            "--remove",
            "deal",
        ])
        .unwrap();
        let Command::Trigger(t) = cli.command else {
            panic!("not trigger")
        };
        assert_eq!(
            t.data,
            [("deal[title]".to_string(), "Big = deal".to_string())]
        );
        assert!(Cli::try_parse_from(["acwh", "trigger", "all"]).is_ok());
        assert!(Cli::try_parse_from(["acwh", "trigger", "subscribe", "-d", "novalue"]).is_err());
    }

    #[test]
    fn yes_is_not_global() {
        assert!(Cli::try_parse_from(["acwh", "list", "--yes"]).is_err());
        assert!(Cli::try_parse_from(["acwh", "delete", "1", "--yes"]).is_ok());
    }
}
