//! The printer: the only code that writes stdout, the `--save` file and (while serving) the
//! notes on stderr, fed by the catcher's [`Inbox`]. So output never interleaves, and each
//! request is printed and saved before its sender is answered. It runs on a thread of its
//! own, so a stalled terminal or pipe holds up printing but never the runtime that answers;
//! or, when stdout is a file or `/dev/null`, as a task beside the handlers ([`Place`]),
//! which spares each delivery two hand-offs between threads.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::watch;

use super::names::Shared;
use super::render::{self, View};
use super::saved::SaveFile;
use super::server::{Caught, Inbox, Refusal};
use super::tally::Tally;
use super::{Answer, Capture, Seen};
use crate::escape;
use crate::output::{Out, Palette, width_err, wrap_words};

/// How long, once serving has stopped, the printer may take to finish what it holds (it may
/// be stuck on a stalled stdout).
pub(super) const GRACE: Duration = Duration::from_millis(500);

/// The most caught requests written together: whatever is waiting, up to this many, and
/// until their bodies reach [`BATCH_BYTES`] (a large body is answered without waiting for
/// others to be rendered).
const BATCH: usize = 64;
const BATCH_BYTES: usize = 64 * 1024;

/// How the printer shows requests.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode {
    /// A block per request, laid out as `View` says.
    Human(View),
    /// `--compact`: one line per request.
    Compact(View),
    Json,
    /// Each body byte for byte, followed by `sep` when there is one: a newline on a terminal
    /// (so bodies do not run together), NUL with `--raw0`.
    Raw {
        sep: Option<u8>,
    },
}

impl Mode {
    /// The mode the flags ask for: `--json`, `--raw0`, `--raw` (a newline after each body
    /// when stdout is a terminal), `--compact`, else the block view.
    pub(crate) fn choose(
        json: bool,
        (raw, raw0): (bool, bool),
        compact: bool,
        view: View,
        on_terminal: bool,
    ) -> Mode {
        match () {
            () if json => Mode::Json,
            () if raw0 => Mode::Raw { sep: Some(0) },
            () if raw => Mode::Raw {
                sep: on_terminal.then_some(b'\n'),
            },
            () if compact => Mode::Compact(view),
            () => Mode::Human(view),
        }
    }
}

/// Why the listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    Running,
    Signal,
    Count,
    Timeout,
    OutputClosed,
    SaveFailed,
    /// The tunnel died or stopped answering.
    TunnelDied,
}

/// Where and how requests are shown.
pub(super) struct Sink {
    mode: Mode,
    palette: Palette,
    perr: Palette,
    save: Option<SaveFile>,
    out: Out,
    /// Custom field titles to show, and whether `--json` carries them too.
    names: Option<(Shared, bool)>,
    /// Takes each kept delivery once it is answered (`--ui`).
    after_answer: Option<super::AfterAnswer>,
    /// Stdout is a terminal: its width is read again before each delivery.
    on_terminal: bool,
    /// Where the handlers read the width they render at ([`super::Prerender`]).
    width: Option<Arc<std::sync::atomic::AtomicUsize>>,
}

impl Sink {
    pub(super) fn new(mode: Mode, palette: Palette, perr: Palette, save: Option<SaveFile>) -> Sink {
        Sink {
            mode,
            palette,
            perr,
            save,
            out: Out::default(),
            names: None,
            after_answer: None,
            on_terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
            width: None,
        }
    }

    /// Shows custom field titles from `names`; in `--json` too when `in_json`.
    pub(super) fn with_names(mut self, names: Option<Shared>, in_json: bool) -> Sink {
        self.names = names.map(|n| (n, in_json));
        self
    }

    /// Tells the handlers a resized terminal's width through `width`.
    pub(super) fn shared_width(
        mut self,
        width: Option<Arc<std::sync::atomic::AtomicUsize>>,
    ) -> Sink {
        self.width = width;
        self
    }

    /// Hands each kept delivery to `hook` once it is answered.
    pub(super) fn after_answer(mut self, hook: Option<super::AfterAnswer>) -> Sink {
        self.after_answer = hook;
        self
    }
}

/// The printer: the only code that writes stdout, the save file and (while serving) stderr,
/// on a thread of its own fed by the catcher's [`Outbox`]. It holds the tally's lock only
/// to count, never while writing, so the closing summary can always be read.
pub(super) struct Printer {
    sink: Sink,
    tally: Arc<Mutex<Tally>>,
    count: Option<u64>,
    done: bool,
    stop: watch::Sender<Stop>,
    /// Why the save file could not be written, for the one error `listen` reports.
    save_error: Arc<Mutex<Option<String>>>,
    /// The batch being rendered, written with one write.
    buf: Vec<u8>,
    /// One request's rendering, reused.
    text: String,
    /// Requests in `buf` to be printed.
    pending: u64,
    /// Runs as a task on the catcher's runtime: a note on stderr, which may be a stalled
    /// terminal, is written with the worker handed over ([`tokio::task::block_in_place`]).
    beside: bool,
}

/// Where the printer runs.
pub(super) enum Place {
    /// A thread of its own: whatever it writes to may stall (a terminal, a pipe, a disk
    /// asked to `--fsync`) without holding up the runtime that answers refusals.
    Thread,
    /// A task on the catcher's runtime, when stdout is a regular file or `/dev/null` and
    /// the save file is not fsynced: such writes do not stall, and handing each delivery to
    /// another thread and back costs more than printing it.
    Beside(tokio::runtime::Handle),
}

impl Place {
    /// Beside the handlers on `runtime` when nothing the printer writes can stall: stdout a
    /// regular file or `/dev/null`, and no `--fsync` (its stderr notes are written with the
    /// worker handed over); else a thread of its own.
    pub(super) fn choose(runtime: tokio::runtime::Handle, fsyncs: bool) -> Place {
        if stdout_cannot_stall() && !fsyncs {
            Place::Beside(runtime)
        } else {
            Place::Thread
        }
    }
}

/// Whether stdout is a regular file or `/dev/null`, which a write never waits on for long
/// (a terminal or a pipe can stall for as long as the reader likes).
fn stdout_cannot_stall() -> bool {
    use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
    let Ok(out) = std::fs::metadata("/dev/stdout") else {
        return false;
    };
    let null = || std::fs::metadata("/dev/null").is_ok_and(|n| n.rdev() == out.rdev());
    out.file_type().is_file() || (out.file_type().is_char_device() && null())
}

impl Printer {
    pub(super) fn new(
        sink: Sink,
        tally: Arc<Mutex<Tally>>,
        count: Option<u64>,
        stop: watch::Sender<Stop>,
        save_error: Arc<Mutex<Option<String>>>,
    ) -> Printer {
        Printer {
            sink,
            tally,
            count,
            done: false,
            stop,
            save_error,
            buf: Vec::with_capacity(64 * 1024),
            text: String::with_capacity(4096),
            pending: 0,
            beside: false,
        }
    }

    /// Starts the printer: on a thread of its own, or, with `beside` (outputs that cannot
    /// stall, see [`Place`]), as a task on the catcher's runtime. The receiver hears once the
    /// inbox is closed and drained.
    pub(super) fn spawn(
        mut self,
        mut inbox: Inbox,
        place: Place,
    ) -> anyhow::Result<std::sync::mpsc::Receiver<()>> {
        let (done_tx, done) = std::sync::mpsc::channel();
        self.beside = matches!(place, Place::Beside(_));
        let work = async move {
            loop {
                tokio::select! {
                    biased;
                    Some(r) = inbox.refused.recv() => self.refusal(r),
                    Some(c) = inbox.caught.recv() => {
                        // Whatever else is waiting goes out with it, in one write.
                        let mut bytes = c.capture.raw.len();
                        let mut batch = vec![c];
                        while batch.len() < BATCH && bytes < BATCH_BYTES {
                            match inbox.caught.try_recv() {
                                Ok(c) => {
                                    bytes += c.capture.raw.len();
                                    batch.push(c);
                                }
                                Err(_) => break,
                            }
                        }
                        self.caught(batch);
                    }
                    else => break,
                }
            }
            let _ = done_tx.send(());
        };
        match place {
            Place::Beside(runtime) => {
                runtime.spawn(work);
            }
            Place::Thread => {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .context("could not start the printer")?;
                std::thread::Builder::new()
                    .name("acwh-printer".into())
                    .spawn(move || rt.block_on(work))
                    .context("could not start the printer thread")?;
            }
        }
        Ok(done)
    }

    fn tally(&self) -> MutexGuard<'_, Tally> {
        crate::sync::lock(&self.tally)
    }

    /// Shows a batch of caught requests with one write, then tells each handler whether its
    /// request was kept: only once the write has succeeded.
    fn caught(&mut self, batch: Vec<Caught>) {
        self.buf.clear();
        self.pending = 0;
        let seen: Vec<Option<Seen>> = batch
            .iter()
            .map(|c| self.show(&c.capture, c.hash, &c.answer, c.prerendered.as_ref()))
            .collect();
        let written = self.flush();
        for (c, seen) in batch.into_iter().zip(seen) {
            let seen = seen.filter(|_| written);
            // The handler is gone when its client hung up; the request is shown all the same.
            match (&mut self.sink.after_answer, seen) {
                (Some(hook), Some(seen)) => {
                    let _ = c.kept.send((true, None));
                    // Only now, off the answer's path: the page's work is the inspector's.
                    hook(c.capture, seen, c.answer);
                }
                // Freed by its handler, on a worker.
                _ => {
                    let _ = c.kept.send((seen.is_some(), Some(c.capture)));
                }
            }
        }
    }

    /// Writes what the batch rendered, in one write; false (and the run stops) when stdout
    /// is closed. The requests it holds count as printed only then.
    fn flush(&mut self) -> bool {
        if !self.buf.is_empty() && self.sink.out.bytes(&self.buf).is_err() {
            self.done = true;
            let _ = self.stop.send(Stop::OutputClosed);
            return false;
        }
        self.tally().printed += self.pending;
        true
    }

    /// Its place in the run once the request is rendered into the batch (and, with `--save`,
    /// its line is in the file); None when it was not kept.
    fn show(
        &mut self,
        capture: &Capture,
        hash: Option<u64>,
        answer: &Answer,
        pre: Option<&super::Prerendered>,
    ) -> Option<Seen> {
        let perr = self.sink.perr;
        if self.done {
            // Past --count or a closed stdout: the sender hears nobody kept it.
            return None;
        }
        let (seen, print) = self.tally().see_hashed(capture, hash);
        if let Some(file) = &mut self.sink.save {
            // The whole line is in the file (one write, checked) before the answer goes; a
            // line that does not fit stops the listener with 503.
            let line = render::json_line(capture, seen, Some(answer)) + "\n";
            if let Err(e) = file.append(line.as_bytes()) {
                // Reported once, as the run's error, when the listener has stopped.
                *crate::sync::lock(&self.save_error) = Some(e.to_string());
                self.done = true;
                let _ = self.stop.send(Stop::SaveFailed);
                return None;
            }
        }
        if let Some(f) = &answer.forward
            && f.status.is_none()
        {
            // Fitted to stderr's width at spaces, so the URL stays whole for copying.
            let text = format!(
                "{} {}: {}; answered {}",
                escape::line(&capture.method),
                escape::line(&f.url),
                escape::line(f.error.as_deref().unwrap_or("no answer")),
                answer.status
            );
            let label = "forward failed";
            let text = wrap_words(&text, width_err(), label.len() + 1, 2);
            self.say(&format!("{} {text}", perr.warn(label)));
        }
        if print {
            self.render(capture, seen, answer, pre);
            self.pending += 1;
        }
        let printed = self.tally().printed + self.pending;
        if self.count.is_some_and(|n| printed >= n) {
            self.done = true;
            let _ = self.stop.send(Stop::Count);
        }
        Some(seen)
    }

    /// Renders one request into the batch's buffer, as the mode says.
    fn render(
        &mut self,
        capture: &Capture,
        seen: Seen,
        answer: &Answer,
        pre: Option<&super::Prerendered>,
    ) {
        let sink = &mut self.sink;
        // A terminal may have been resized since the last delivery.
        if let Mode::Human(view) | Mode::Compact(view) = &mut sink.mode
            && sink.on_terminal
            && let Some(width) = crate::output::terminal_width()
        {
            view.width = width;
            if let Some(shared) = &sink.width {
                shared.store(width, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let text = &mut self.text;
        text.clear();
        match sink.mode {
            Mode::Human(view) => match pre {
                Some(super::Prerendered::Human(pre)) => {
                    render::compose(text, capture, seen, Some(answer), &view, &sink.palette, pre)
                }
                _ => render::human_into(
                    text,
                    capture,
                    seen,
                    Some(answer),
                    &view,
                    &sink.palette,
                    sink.names.as_ref().and_then(|(n, _)| n.get()),
                ),
            },
            Mode::Compact(view) => {
                text.push_str(&render::compact(
                    capture,
                    seen,
                    answer,
                    &view,
                    &sink.palette,
                ));
            }
            Mode::Json => {
                match pre {
                    Some(super::Prerendered::Json(line)) => {
                        // Straight into the batch (a --json line holds the body three times);
                        // `text` stays empty but for the newline that follows.
                        render::place_into(&mut self.buf, line, seen);
                    }
                    _ => {
                        let names = sink.names.as_ref().filter(|(_, j)| *j);
                        let names = names.and_then(|(n, _)| n.get());
                        text.push_str(&render::json_line_named(capture, seen, answer, names));
                    }
                }
                text.push('\n');
            }
            Mode::Raw { sep } => {
                self.buf.extend_from_slice(&capture.raw);
                self.buf.extend(sep);
            }
        }
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// The note on stderr for a refused request (already counted and answered).
    fn refusal(&self, refusal: Refusal) {
        let perr = self.sink.perr;
        let (label, method, path, remote, status, why) = match refusal {
            Refusal::Rejected {
                method,
                path,
                remote,
            } => {
                let why = "the token does not match --secret".to_string();
                ("rejected", method, path, remote, 401, why)
            }
            Refusal::TooLarge {
                method,
                path,
                remote,
                declared,
            } => {
                let size = declared.map_or("a body".to_string(), |n| format!("{n} bytes"));
                let why = format!("{size} is over --max-body");
                ("refused", method, path, remote, 413, why)
            }
            Refusal::BadBody {
                method,
                path,
                remote,
                status,
                reason,
            } => {
                let why = escape::line(&reason).into_owned();
                ("failed", method, path, remote, status, why)
            }
        };
        // The same answer line as a delivery's, after the answer went (it never waits).
        self.say(&format!(
            "{} {} {} from {remote}: {why}  {} {} {}",
            perr.warn(label),
            escape::line(&method),
            escape::line(&path),
            perr.dim("<-"),
            perr.status(status),
            render::reason(status)
        ));
    }

    /// A note on stderr. Beside the catcher, the worker is handed over while it is written,
    /// so a stalled terminal holds up only the printer.
    fn say(&self, line: &str) {
        if self.beside {
            tokio::task::block_in_place(|| crate::note!("{line}"));
        } else {
            crate::note!("{line}");
        }
    }
}
