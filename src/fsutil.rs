//! Atomic file writes: a temp file in the same directory, fsync, then rename over the target. A
//! crash mid-write leaves either the old file or the new one, never half of either (the
//! textfile-collector `.prom` file, the incident state, the Zoho cache metadata and a rewritten
//! `.env` all rely on it).
//!
//! The temp file is created 0600, so nothing is readable by others while it is written. The final
//! mode is the replaced file's when there was one (a user's `.env` keeps its mode), otherwise
//! [`Access`] decides: node_exporter runs as its own user and must be able to read a `.prom` file.

use std::io::Write;
use std::path::Path;

/// Who may read a file that did not exist before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// 0600: state and caches.
    Private,
    /// 0644: files other programs read (the textfile-collector file).
    Shared,
}

/// Write `bytes` to `path` atomically, creating the parent directory.
pub fn write_atomic(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    create_parent(path)?;
    write(path, bytes, true, access)
}

/// Like [`write_atomic`], but the directory must already exist: a file another program collects
/// (node_exporter's textfile directory) is useless in a directory nobody reads, so a typo in the
/// path is an error rather than a new directory.
pub fn write_atomic_in_existing_dir(
    path: &Path,
    bytes: &[u8],
    access: Access,
) -> std::io::Result<()> {
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("directory {} does not exist", dir.display()),
        ));
    }
    write(path, bytes, true, access)
}

/// Like [`write_atomic`], but fail with `AlreadyExists` instead of replacing an existing file
/// (two incidents opened in the same minute must not overwrite each other).
pub fn write_atomic_new(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    create_parent(path)?;
    write(path, bytes, false, access)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn create_parent(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(parent(path))
}

fn write(path: &Path, bytes: &[u8], replace: bool, access: Access) -> std::io::Result<()> {
    let dir = parent(path);
    // Same directory, so the rename never crosses a filesystem; a dot-name so node_exporter's
    // `*.prom` glob never reads the half-written temp file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".intops-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    let perms = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => new_file_permissions(access),
    };
    if let Some(p) = perms {
        std::fs::set_permissions(tmp.path(), p)?;
    }
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(access: Access) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(match access {
        Access::Private => 0o600,
        Access::Shared => 0o644,
    }))
}

#[cfg(not(unix))]
fn new_file_permissions(_: Access) -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/intops.prom");
        write_atomic(&p, b"one\n", Access::Shared).unwrap();
        write_atomic(&p, b"two\n", Access::Shared).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two\n");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["intops.prom".to_string()]);
    }

    #[test]
    fn new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic_new(&p, b"first", Access::Private).unwrap();
        let e = write_atomic_new(&p, b"second", Access::Private).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "first");
    }

    #[test]
    fn a_directory_that_cannot_be_created_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, "x").unwrap();
        assert!(write_atomic(&file.join("child.prom"), b"x", Access::Shared).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_their_access_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let prom = dir.path().join("intops.prom");
        write_atomic(&prom, b"x", Access::Shared).unwrap();
        assert_eq!(mode(&prom), 0o644, "node_exporter must be able to read it");
        let state = dir.path().join("state.json");
        write_atomic_new(&state, b"x", Access::Private).unwrap();
        assert_eq!(mode(&state), 0o600);
        std::fs::set_permissions(&prom, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&prom, b"y", Access::Shared).unwrap();
        assert_eq!(mode(&prom), 0o640, "an existing file keeps its mode");
    }
}
