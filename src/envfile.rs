//! A service's `.env` file: read (`--env-file`) and rewritten one line at a time.
//!
//! Reading: the file must be a regular file (not a directory, FIFO or device: `/dev/zero` would
//! never end) of at most [`MAX_ENV_FILE`] bytes; a UTF-8 byte order mark is skipped; an error names
//! the file and the line, never a value.
//!
//! Writing: rewrite one `NAME=value` line of a user's `.env` file, atomically: the new text goes to a
//! temporary file in the same directory (same permissions) which then replaces the original by
//! rename, so a reader sees the old file or the new one, never half of one. Every other line,
//! comment and blank line is kept byte for byte.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest `.env` intops reads: far more than any service's settings.
pub const MAX_ENV_FILE: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum EnvFileError {
    #[error("cannot read env file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write env file {path}: {source} (check that its directory is writable)")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a valid variable name (letters, digits and _ only)")]
    BadName(String),
    #[error("env file {path} is {what}, not a regular file: name the service's .env file itself")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("env file {path} is larger than {max} bytes: is it really a .env file?")]
    TooLarge { path: PathBuf, max: u64 },
    #[error("cannot parse env file {path} at line {line}: {why}")]
    Parse {
        path: PathBuf,
        line: usize,
        why: &'static str,
    },
}

/// What a path is, for the error that refuses it.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (a pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Read `--env-file`: a regular file of at most [`MAX_ENV_FILE`] bytes, parsed by [`parse`].
pub fn read(path: &Path) -> Result<HashMap<String, String>, EnvFileError> {
    let read_err = |source| EnvFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    // Metadata first: opening a FIFO would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(EnvFileError::NotAFile {
            path: path.to_path_buf(),
            what: kind_of(&meta),
        });
    }
    let too_large = || EnvFileError::TooLarge {
        path: path.to_path_buf(),
        max: MAX_ENV_FILE,
    };
    if meta.len() > MAX_ENV_FILE {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_ENV_FILE + 1).read_to_end(&mut bytes))
        .map_err(read_err)?;
    // It may have grown since the metadata was read.
    if bytes.len() as u64 > MAX_ENV_FILE {
        return Err(too_large());
    }
    parse(&bytes).map_err(|(line, why)| EnvFileError::Parse {
        path: path.to_path_buf(),
        line,
        why,
    })
}

/// The 1-based line of byte offset `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parse `.env` text (dotenv syntax: `NAME=value`, `export`, quotes, `#` comments). An error is
/// the 1-based line it is on and what is wrong, never the line's text (it can hold a secret).
pub fn parse(bytes: &[u8]) -> Result<HashMap<String, String>, (usize, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err((line_of(bytes, e.valid_up_to()), "not UTF-8 text")),
    };
    let mut map = HashMap::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((k, v)) => {
                map.insert(k, v);
            }
            Err(dotenvy::Error::LineParse(content, _)) => {
                // dotenvy hands back the offending line (or lines, for an unclosed quote); find
                // where it starts. Any line that parsed before it would have failed the same way.
                let at = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .find(|&i| text[i..].starts_with(content.as_str()))
                    .unwrap_or(0);
                let why = if content.contains(['"', '\'']) {
                    "expected NAME=value (an unclosed or stray quote?)"
                } else {
                    "expected NAME=value"
                };
                return Err((line_of(text.as_bytes(), at), why));
            }
            Err(_) => return Err((1, "unreadable")),
        }
    }
    Ok(map)
}

/// Does `line` assign `name` (`NAME=…` or `export NAME=…`)? Returns the text after `=`.
fn assigned_value<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let t = line.trim_start();
    let t = t.strip_prefix("export ").map(str::trim_start).unwrap_or(t);
    let rest = t.strip_prefix(name)?;
    rest.trim_start().strip_prefix('=')
}

/// Quote a value when a `.env` parser would otherwise misread it.
fn encode(value: &str, old: Option<&str>) -> String {
    let old_quote = old
        .map(str::trim_start)
        .and_then(|o| o.chars().next())
        .filter(|c| *c == '"' || *c == '\'');
    let needs = value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || "#\"'\\$`".contains(c));
    match (old_quote, needs) {
        (Some('\''), _) if !value.contains('\'') => format!("'{value}'"),
        (Some(_), _) | (None, true) => {
            let esc = value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('$', "\\$");
            format!("\"{esc}\"")
        }
        (None, false) => value.to_string(),
    }
}

/// A ` # comment` after an unquoted value belongs to the line: keep it.
fn inline_comment(old: &str) -> &str {
    let t = old.trim_start();
    if t.starts_with('"') || t.starts_with('\'') {
        return "";
    }
    t.find(" #").map(|i| &t[i..]).unwrap_or("")
}

/// The new text: every assignment of `name` gets `value` (keeping an `export ` prefix and the
/// line ending); without one, `NAME=value` is appended.
pub fn replace_in(text: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len() + value.len() + name.len() + 2);
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let (body, ending) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            },
        };
        match assigned_value(body, name) {
            Some(old) => {
                found = true;
                let indent = &body[..body.len() - body.trim_start().len()];
                let export = if body.trim_start().starts_with("export ") {
                    "export "
                } else {
                    ""
                };
                out.push_str(&format!(
                    "{indent}{export}{name}={}{}{ending}",
                    encode(value, Some(old)),
                    inline_comment(old)
                ));
            }
            None => out.push_str(line),
        }
    }
    if !found {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{name}={}\n", encode(value, None)));
    }
    out
}

/// Set `name` to `value` in the env file at `path`, atomically, keeping its mode.
pub fn set_var(path: &Path, name: &str, value: &str) -> Result<(), EnvFileError> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(EnvFileError::BadName(name.to_string()));
    }
    // Write through a symlink to its target, not over the link.
    let target = std::fs::canonicalize(path).map_err(|source| EnvFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = std::fs::read_to_string(&target).map_err(|source| EnvFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let new = replace_in(&text, name, value);
    // The file exists (it was just read), so it keeps its mode.
    crate::fsutil::write_atomic(&target, new.as_bytes(), crate::fsutil::Access::Private).map_err(
        |source| EnvFileError::Write {
            path: path.to_path_buf(),
            source,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_named_line_and_keeps_the_rest() {
        let text = "# Zoho\nZOHO_CLIENT_ID=1000.abc\nZOHO_ACCESS_TOKEN=old # note\n\nexport OTHER=x\r\nZOHO_ACCESS_TOKEN_OLD=keep\n";
        let out = replace_in(text, "ZOHO_ACCESS_TOKEN", "1000.new");
        assert_eq!(
            out,
            "# Zoho\nZOHO_CLIENT_ID=1000.abc\nZOHO_ACCESS_TOKEN=1000.new # note\n\nexport OTHER=x\r\nZOHO_ACCESS_TOKEN_OLD=keep\n"
        );
    }

    #[test]
    fn keeps_export_prefix_quotes_and_crlf() {
        let out = replace_in("  export TOKEN=\"a b\"\r\n", "TOKEN", "new");
        assert_eq!(out, "  export TOKEN=\"new\"\r\n");
        let out = replace_in("TOKEN='x'\n", "TOKEN", "y");
        assert_eq!(out, "TOKEN='y'\n");
    }

    #[test]
    fn appends_when_absent_with_a_newline_first() {
        assert_eq!(replace_in("A=1", "B", "2"), "A=1\nB=2\n");
        assert_eq!(replace_in("", "B", "2 3"), "B=\"2 3\"\n");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_rewrite_keeps_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".env");
        std::fs::write(&p, "A=1\nZOHO_ACCESS_TOKEN=old\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        set_var(&p, "ZOHO_ACCESS_TOKEN", "new").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "A=1\nZOHO_ACCESS_TOKEN=new\n"
        );
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_env_file_keeps_its_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        let link = dir.path().join(".env");
        std::fs::write(&real, "A=1\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        set_var(&link, "B", "2").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "A=1\nB=2\n");
    }

    #[test]
    fn bad_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".env");
        std::fs::write(&p, "").unwrap();
        assert!(matches!(
            set_var(&p, "A=B", "x"),
            Err(EnvFileError::BadName(_))
        ));
    }

    #[test]
    fn parse_skips_a_bom_and_names_the_right_line() {
        let m = parse("\u{feff}A=1\nexport B=\"two words\"\n".as_bytes()).unwrap();
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "two words");
        assert_eq!(
            parse(b"A=1\nB=2\n\n# c\nnot an assignment\nC=3\n")
                .unwrap_err()
                .0,
            5
        );
        // The same text earlier on another line does not confuse the count.
        assert_eq!(parse(b"A=xbad\nbad\n").unwrap_err().0, 2);
        assert_eq!(parse(b"A=1\nB=\xff\n").unwrap_err(), (2, "not UTF-8 text"));
    }

    #[test]
    fn read_refuses_what_is_not_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(EnvFileError::NotAFile {
                what: "a directory",
                ..
            })
        ));
        let big = dir.path().join("big.env");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_ENV_FILE + 1)
            .unwrap();
        assert!(matches!(read(&big), Err(EnvFileError::TooLarge { .. })));
        let ok = dir.path().join("ok.env");
        std::fs::write(&ok, "A=1\n").unwrap();
        assert_eq!(read(&ok).unwrap()["A"], "1");
    }
}
