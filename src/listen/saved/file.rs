//! The `--save` store: the one file of JSON lines `acwh listen` appends to (the line format
//! is the parent module's). Owns how the file is opened (new files 0600, never through a
//! symlink, only regular files of this user), where a new run picks up (the last seq, however
//! long the last line; a torn last line ended before the next one), and how a line goes in:
//! one `write(2)` that must take the whole line, or the part written is taken back and the
//! append fails, so a line is whole before its delivery is answered.
//!
//! What this guarantees: every delivery answered with `--save` is in the file as a whole
//! line, written to the OS. A SIGKILL or a full disk can still cut the line being written,
//! but that delivery was not answered (a full disk answers 503). Lines are not fsynced unless
//! `--fsync` is given, so a power cut or kernel crash can lose the last lines.

use std::fs::File;
use std::io::{self, Write as _};
use std::os::unix::fs::{FileExt as _, MetadataExt as _};
use std::path::Path;

use anyhow::Context as _;
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;

use crate::error::usage;
use crate::escape;

/// How much of the file is read at a time when looking backwards for the last line.
const BLOCK: usize = 64 * 1024;

/// How many bytes of a line's start are read to find its seq.
const HEAD: usize = 64;

/// An open `--save` file, ready for appending.
#[derive(Debug)]
pub(crate) struct SaveFile {
    file: File,
    /// The file ended in a torn line (a kill or a full disk cut it): the next append starts
    /// with a newline that ends it.
    torn: bool,
    /// `--fsync`: each line reaches the disk before the append returns.
    fsync: bool,
}

impl SaveFile {
    /// Opens `path` for appending, creating it 0600 when it does not exist, and returns it
    /// with the last seq saved in it (0 for none). Refuses (exit 2) a symlink, anything but a
    /// regular file, and a file owned by another user; warns through `warn` when an existing
    /// file is open to other users, or ends in a torn line.
    pub(crate) fn open(
        path: &Path,
        fsync: bool,
        warn: &dyn Fn(&str),
    ) -> anyhow::Result<(SaveFile, u64)> {
        let shown = escape::path(path);
        let file = open_private(path, &shown)?;
        check(&file, &shown, warn)?;
        let (last, torn) =
            where_it_ended(&file).with_context(|| format!("could not read {shown} (--save)"))?;
        if torn {
            warn(&format!(
                "the last line of {shown} was cut short (acwh was killed or the disk was full while writing it); it is ended before the next delivery and `captures` and `replay` skip it"
            ));
        }
        let save = SaveFile { file, torn, fsync };
        Ok((save, last.unwrap_or(0)))
    }

    /// Whether each line is fsynced (`--fsync`): an append may then wait on the disk.
    pub(crate) fn fsyncs(&self) -> bool {
        self.fsync
    }

    /// Appends one line (with its newline) in one `write(2)`. A write that takes only part of
    /// the line (a full disk, a file-size limit) is a failure: the part written is cut off
    /// again, so the file still ends in a whole line.
    pub(crate) fn append(&mut self, line: &[u8]) -> io::Result<()> {
        let joined;
        let bytes = if self.torn {
            joined = [b"\n", line].concat();
            &joined[..]
        } else {
            line
        };
        let written = write_once(&self.file, bytes)?;
        if written < bytes.len() {
            return Err(self.take_back(written, bytes.len()));
        }
        self.torn = false;
        if self.fsync {
            self.file.sync_data()?;
        }
        Ok(())
    }

    /// Cuts off the `written` bytes of a short write and says what happened.
    fn take_back(&self, written: usize, wanted: usize) -> io::Error {
        let cut = self
            .file
            .metadata()
            .and_then(|m| self.file.set_len(m.len().saturating_sub(written as u64)));
        let after = match cut {
            Ok(()) => "the partial line was removed".to_string(),
            Err(e) => format!("the partial line could not be removed ({e}); the next run skips it"),
        };
        io::Error::new(
            io::ErrorKind::StorageFull,
            format!(
                "only {written} of {wanted} bytes were written (disk full or file too large); {after}"
            ),
        )
    }
}

/// Keeps a process-wide file-size limit (`ulimit -f`) from killing acwh with SIGXFSZ: once a
/// handler is registered the signal is caught, and a write past the limit fails with EFBIG
/// instead, which [`SaveFile::append`] reports. Call inside the tokio runtime.
pub(crate) fn survive_file_size_limit() -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let xfsz = SignalKind::from_raw(rustix::process::Signal::XFSZ.as_raw());
    // tokio keeps the handler for the life of the process once registered; the stream
    // itself is not needed.
    let _registered = signal(xfsz).context("could not handle SIGXFSZ")?;
    Ok(())
}

/// One `write(2)`, retried only when a signal interrupted it before anything was written.
fn write_once(mut file: &File, bytes: &[u8]) -> io::Result<usize> {
    let mut interrupted = 0;
    loop {
        match file.write(bytes) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted && interrupted < 8 => {
                interrupted += 1;
            }
            other => return other,
        }
    }
}

/// Opens an existing file for appending without following a symlink, or creates it with
/// O_EXCL and mode 0600. Non-blocking, so a FIFO cannot hang start-up before [`check`]
/// refuses it.
fn open_private(path: &Path, shown: &str) -> anyhow::Result<File> {
    let flags =
        OFlags::RDWR | OFlags::APPEND | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let refuse_link = || {
        usage(format!(
            "--save {shown} is a symbolic link; give the path of a regular file (acwh does not follow links for files that hold URL tokens)"
        ))
    };
    let failed = |e: Errno| {
        anyhow::Error::from(io::Error::from(e))
            .context(format!("could not open {shown} for appending (--save)"))
    };
    // Twice at most: a file created by someone else between the two opens is opened as an
    // existing file (and checked) the second time round.
    for _ in 0..2 {
        match rustix::fs::open(path, flags, Mode::empty()) {
            Ok(fd) => return Ok(File::from(fd)),
            Err(Errno::LOOP) => return Err(refuse_link()),
            Err(Errno::NXIO | Errno::ISDIR) => return Err(not_regular(shown)),
            Err(Errno::NOENT) => {}
            Err(e) => return Err(failed(e)),
        }
        let create = flags | OFlags::CREATE | OFlags::EXCL;
        match rustix::fs::open(path, create, Mode::from_bits_truncate(0o600)) {
            Ok(fd) => return Ok(File::from(fd)),
            // A dangling symlink counts as existing for O_EXCL: the next open names it.
            Err(Errno::EXIST) => {}
            Err(e) => return Err(failed(e)),
        }
    }
    Err(failed(Errno::EXIST))
}

fn not_regular(shown: &str) -> anyhow::Error {
    usage(format!(
        "--save {shown} is not a regular file (a FIFO, a device or a directory); give the path of a file"
    ))
}

/// Checks the open file itself (no race with the path): a regular file owned by this user,
/// and blocking again. Warns when its mode lets other users in; the mode is left alone, as
/// the owner may have opened it on purpose.
fn check(file: &File, shown: &str, warn: &dyn Fn(&str)) -> anyhow::Result<()> {
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(not_regular(shown));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(usage(format!(
            "--save {shown} is owned by another user (uid {}); acwh appends only to your own files: choose another path",
            meta.uid()
        )));
    }
    if meta.mode() & 0o077 != 0 {
        warn(&format!(
            "{shown} is open to other users (mode {:o}) and holds every delivery's URL token and contact: make it private with chmod 600",
            meta.mode() & 0o777
        ));
    }
    rustix::fs::fcntl_setfl(file, OFlags::APPEND)
        .map_err(io::Error::from)
        .with_context(|| format!("could not open {shown} for appending (--save)"))
}

/// Where the last run stopped: the last seq saved, and whether the last line is torn (the
/// file does not end in a newline).
fn where_it_ended(file: &File) -> io::Result<(Option<u64>, bool)> {
    let len = file.metadata()?.len();
    let mut last = [0u8; 1];
    if len > 0 {
        file.read_exact_at(&mut last, len - 1)?;
    }
    Ok((read_last_seq(file, len)?, len > 0 && last[0] != b'\n'))
}

/// The seq of the last line that has one, found by reading backwards in [`BLOCK`]s from the
/// end: memory stays bounded however long the lines are. A torn last line counts, so its
/// seq is not given out again.
fn read_last_seq(file: &File, len: u64) -> io::Result<Option<u64>> {
    let mut block = vec![0u8; BLOCK];
    let mut end = len;
    while end > 0 {
        let start = end.saturating_sub(BLOCK as u64);
        let chunk = &mut block[..(end - start) as usize];
        file.read_exact_at(chunk, start)?;
        for (i, _) in chunk.iter().enumerate().rev().filter(|(_, b)| **b == b'\n') {
            let line_start = start + i as u64 + 1;
            if let Some(seq) = seq_at(file, line_start, len)? {
                return Ok(Some(seq));
            }
        }
        end = start;
    }
    seq_at(file, 0, len)
}

/// The seq of the line that starts at `at`, read from its first bytes.
fn seq_at(file: &File, at: u64, len: u64) -> io::Result<Option<u64>> {
    if at >= len {
        return Ok(None);
    }
    let mut head = [0u8; HEAD];
    let n = file.read_at(&mut head, at)?;
    Ok(super::seq_of_head(&head[..n]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(path: &Path) -> (SaveFile, u64, Vec<String>) {
        let warnings = std::cell::RefCell::new(Vec::new());
        let (f, seq) =
            SaveFile::open(path, false, &|m| warnings.borrow_mut().push(m.into())).unwrap();
        (f, seq, warnings.into_inner())
    }

    #[test]
    fn the_last_seq_is_found_behind_a_line_longer_than_a_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        let long = "x".repeat(3 * BLOCK + 17);
        std::fs::write(
            &path,
            format!("{{\"seq\":5}}\n{{\"seq\":6,\"body\":\"{long}\"}}\n\nnot json\n"),
        )
        .unwrap();
        assert_eq!(open(&path).1, 6);
        std::fs::write(&path, format!("{{\"seq\":9,\"body\":\"{long}")).unwrap();
        let (_, seq, warnings) = open(&path);
        assert_eq!(seq, 9);
        assert!(
            warnings.iter().any(|w| w.contains("cut short")),
            "{warnings:?}"
        );
        std::fs::write(&path, "").unwrap();
        assert_eq!(open(&path).1, 0);
    }

    #[test]
    fn a_torn_line_is_ended_by_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, "{\"seq\":1}\n{\"se").unwrap();
        let (mut f, _, _) = open(&path);
        f.append(b"{\"seq\":3}\n").unwrap();
        f.append(b"{\"seq\":4}\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"seq\":1}\n{\"se\n{\"seq\":3}\n{\"seq\":4}\n"
        );
    }

    #[test]
    fn new_files_are_private_and_links_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.jsonl");
        open(&path);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let err = SaveFile::open(&link, false, &|_| {}).unwrap_err();
        assert!(err.is::<crate::error::UsageError>(), "{err}");
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }
}
