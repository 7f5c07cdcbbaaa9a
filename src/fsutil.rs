//! Writing files that hold secrets (API keys, receivers' tokens): owner-only, and atomic, so
//! a reader or a crash sees the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a new temporary file beside `path`, syncs it, then renames it over
/// `path`. The temporary file has a random name and is created with
/// `O_CREAT|O_EXCL` (so a file or symlink planted in the folder is never opened, let alone
/// followed) and mode 0600; it is removed if anything fails. The rename replaces a symlink
/// at `path` itself rather than writing through it.
pub(crate) fn write_private_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "acwh".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What is unsafe about a folder that holds secrets: `Refuse` when users other than the
/// owner can write to it (they could swap the files in it), `Warn` when they can list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DirRisk {
    Refuse(u32),
    Warn(u32),
}

/// Checks a folder's mode; `None` when it is owner-only or does not exist.
#[cfg(unix)]
pub(crate) fn dir_risk(dir: &Path) -> Option<DirRisk> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir).ok()?.permissions().mode() & 0o7777;
    if mode & 0o022 != 0 {
        Some(DirRisk::Refuse(mode))
    } else if mode & 0o055 != 0 {
        Some(DirRisk::Warn(mode))
    } else {
        None
    }
}

#[cfg(not(unix))]
pub fn dir_risk(_: &Path) -> Option<DirRisk> {
    None
}

/// A path as one word of a POSIX shell command, safe to print: bare when it holds only
/// characters no shell treats specially, else [`crate::escape::shell_word`], which keeps the
/// path's exact bytes and lets nothing act on the terminal.
pub(crate) fn shell_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@,%=".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.into_owned()
    } else {
        crate::escape::shell_word(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_privately() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        write_private_atomic(&path, b"one").unwrap();
        write_private_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(write_private_atomic(&dir.path().join("no/such/f"), b"x").is_err());
    }

    #[test]
    fn shell_paths_are_one_safe_word() {
        assert_eq!(
            shell_path(Path::new("/home/a/.config/acwh")),
            "/home/a/.config/acwh"
        );
        assert_eq!(shell_path(Path::new("/a b/it's")), r"'/a b/it'\''s'");
        // The word names the same file when pasted: ESC travels through printf, not as text.
        assert_eq!(
            shell_path(Path::new("/a\x1b[2J")),
            r#"'/a'"$(printf '\033')"'[2J'"#
        );
    }

    /// The old writer opened `.NAME.PID.tmp` without O_EXCL: a symlink planted there made it
    /// write through to the link's target, and a planted 0666 file kept its mode.
    #[cfg(unix)]
    #[test]
    fn never_follows_or_reuses_a_planted_temporary_file() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        let path = dir.path().join("config.toml");
        let planted = dir
            .path()
            .join(format!(".config.toml.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_private_atomic(&path, b"secret").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        let meta = std::fs::symlink_metadata(&path).unwrap();
        assert!(meta.file_type().is_file(), "{:?}", meta.file_type());
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.uid(), std::fs::metadata(dir.path()).unwrap().uid());
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");

        // A planted world-writable file is not reused either.
        std::fs::remove_file(&planted).unwrap();
        std::fs::write(&planted, "attacker's").unwrap();
        std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o666)).unwrap();
        write_private_atomic(&path, b"again").unwrap();
        let mode = std::fs::symlink_metadata(&path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"again");
    }
}
