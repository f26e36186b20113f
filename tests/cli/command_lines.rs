//! Every `intops ...` command line a user is shown parses with the real clap tree: the runbooks
//! (`runbooks/*.md`), the README (code blocks and inline code), and every string literal in
//! `src/` (hints, next steps, help examples in `src/examples.rs`). A line that does not parse is
//! reported with its file:line.
//!
//! The extractor reads shell the way a reader would: `\` continuations are joined, a command ends
//! at a pipe, `&&`, `;`, a redirection, a comment, the closing quote or backtick it started in, or
//! the `)` of `$(intops ...)`. Documentation notation is understood: `[--flag X]` is optional
//! (the brackets are dropped), `a|b` inside a word means "a or b" (each is parsed), `...` is a
//! value. Placeholders (PHONE, <ID>, {id}) are fine as values, also for a flag with fixed values.

use std::path::{Path, PathBuf};

/// One command line found in a file.
#[derive(Debug, Clone)]
struct Found {
    at: String,
    /// The words after `intops`, one list per `a|b` alternative.
    variants: Vec<Vec<String>>,
    text: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// The top-level subcommands (and aliases), each with its own subcommands (empty for a leaf) and
/// whether it takes positional values.
struct Tops(Vec<(String, Vec<String>, bool)>);

impl Tops {
    fn new() -> Tops {
        let cmd = intops::cli::command();
        let mut v = Vec::new();
        for c in cmd.get_subcommands() {
            let subs: Vec<String> = c
                .get_subcommands()
                .flat_map(|s| {
                    std::iter::once(s.get_name().to_string())
                        .chain(s.get_all_aliases().map(str::to_string))
                })
                .collect();
            let positional = c.get_positionals().next().is_some();
            for name in std::iter::once(c.get_name()).chain(c.get_all_aliases()) {
                v.push((name.to_string(), subs.clone(), positional));
            }
        }
        Tops(v)
    }
    fn known(&self, w: &str) -> bool {
        self.0.iter().any(|(n, _, _)| n == w)
    }
    /// `intops W1 W2` reads as a command: W1 is a top-level command and W2 one of its
    /// subcommands, a flag, a value it takes, or nothing.
    fn plausible(&self, w1: &str, w2: Option<&str>) -> bool {
        let Some((_, subs, positional)) = self.0.iter().find(|(n, _, _)| n == w1) else {
            return w1.starts_with('-');
        };
        match w2 {
            None => true,
            Some(w) if w.starts_with('-') => true,
            Some(w) if !subs.is_empty() => subs.iter().any(|s| s == w),
            Some(_) => *positional,
        }
    }
}

/// A word that can name a subcommand (not `sandbox:` or `~/.local/bin/`).
fn command_like(w: &str) -> bool {
    w.starts_with('-')
        || (w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
}

/// Where `intops` starts a command in `chars` (the index after `intops `), with the character
/// that ends it (a closing quote, backtick or `)`), if any. In code (`strict`), or right after a
/// backtick, `$(` or a pipe, `intops` followed by a command-like word is a command; in the prose
/// of a source string only `intops TOP SUB` with a real top-level command and subcommand is
/// (so "intops reuses a cached token" and "intops sandbox listening on ..." are not).
fn starts(chars: &[char], strict: bool, tops: &Tops) -> Vec<(usize, Option<char>)> {
    let mut out = Vec::new();
    let word: Vec<char> = "intops".chars().collect();
    let mut i = 0;
    while i + word.len() <= chars.len() {
        if chars[i..i + word.len()] != word[..] {
            i += 1;
            continue;
        }
        let before = if i == 0 { None } else { Some(chars[i - 1]) };
        let after = chars.get(i + word.len()).copied();
        let boundary = match before {
            None => true,
            Some(c) => c.is_whitespace() || "(\"'`/=".contains(c),
        };
        if !boundary || after != Some(' ') {
            i += 1;
            continue;
        }
        let word_at = |k: usize| -> Option<String> {
            let w: String = chars[k..]
                .iter()
                .take_while(|c| !c.is_whitespace() && !"`\"')|;".contains(**c))
                .collect();
            (!w.is_empty()).then_some(w)
        };
        let from = i + word.len() + 1;
        let w1 = word_at(from).unwrap_or_default();
        let w2 = chars[from..]
            .iter()
            .position(|c| c.is_whitespace())
            .filter(|p| chars.get(from + p) == Some(&' '))
            .and_then(|p| word_at(from + p + 1));
        let end = match before {
            Some('`') => Some('`'),
            Some('"') => Some('"'),
            Some('\'') => Some('\''),
            Some('(') if i >= 2 && chars[i - 2] == '$' => Some(')'),
            _ => None,
        };
        let prefix: String = chars[..i].iter().collect();
        let trimmed = prefix.trim_end_matches([' ', '\t']);
        let code_place = end.is_some() || trimmed.ends_with('|');
        let counts = if before == Some('/') {
            tops.known(&w1)
        } else if strict || code_place {
            command_like(&w1)
        } else {
            tops.plausible(&w1, w2.as_deref())
        };
        if counts {
            out.push((from, end));
        }
        i += word.len();
    }
    out
}

/// A code line without its `# comment` (a `#` at a word start, outside quotes).
fn strip_comment(line: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => break,
            None => {}
        }
        out.push(c);
        prev = c;
    }
    out
}

/// The words of one command from `chars[from..]`, as a reader of the docs means them. Each word
/// is a list of alternatives (`a|b` → `[a, b]`).
fn words(chars: &[char], from: usize, end: Option<char>) -> (Vec<Vec<String>>, String) {
    let mut words: Vec<Vec<String>> = Vec::new();
    let mut alts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut has = false; // the current word has started (quotes may make it empty)
    let mut i = from;
    let push =
        |words: &mut Vec<Vec<String>>, alts: &mut Vec<String>, cur: &mut String, has: &mut bool| {
            if *has || !alts.is_empty() {
                alts.push(std::mem::take(cur));
                let w: Vec<String> = alts
                    .drain(..)
                    .map(|a| {
                        if a == "..." || a == "…" {
                            "VALUE".to_string()
                        } else {
                            a
                        }
                    })
                    .collect();
                words.push(w);
            }
            *has = false;
        };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if Some(c) == end && c != '"' && c != '\'' {
            break;
        }
        match c {
            '\n' => break,
            c if c.is_whitespace() => push(&mut words, &mut alts, &mut cur, &mut has),
            '\\' => {
                if let Some(n) = next {
                    cur.push(n);
                    has = true;
                }
                i += 1;
            }
            '\'' | '"' => {
                if Some(c) == end {
                    break;
                }
                let mut j = i + 1;
                while j < chars.len() && chars[j] != c {
                    if c == '"' && chars[j] == '\\' && j + 1 < chars.len() {
                        j += 1;
                    }
                    cur.push(chars[j]);
                    j += 1;
                }
                has = true;
                i = j;
            }
            '`' | ';' => break,
            '#' if !has && cur.is_empty() => break,
            '&' => break,
            '|' => {
                if !has || next.is_none_or(|n| n.is_whitespace() || n == '|') {
                    break;
                }
                alts.push(std::mem::take(&mut cur));
            }
            '<' => {
                // `<ID>` is a placeholder; `< file` a redirection.
                let close = chars[i..].iter().position(|&x| x == '>').map(|p| i + p);
                let inner_ok = close.is_some_and(|e| {
                    e > i + 1
                        && chars[i + 1..e]
                            .iter()
                            .all(|x| x.is_alphanumeric() || "_-.".contains(*x))
                });
                if !inner_ok {
                    break;
                }
                let e = close.unwrap();
                cur.extend(&chars[i..=e]);
                has = true;
                i = e;
            }
            '>' => break,
            '$' if next == Some('(') => {
                // A command substitution is one value.
                let mut depth = 0;
                let mut j = i + 1;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                cur.extend(&chars[i..j.min(chars.len() - 1) + 1]);
                has = true;
                i = j;
            }
            '[' | ']' => {}
            c => {
                cur.push(c);
                has = true;
            }
        }
        i += 1;
    }
    push(&mut words, &mut alts, &mut cur, &mut has);
    let text: String = chars[from..i.min(chars.len())].iter().collect();
    (words, text.trim().to_string())
}

/// Every combination of alternatives (bounded).
fn variants(words: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for w in words {
        let mut next = Vec::new();
        for v in &out {
            for a in w {
                let mut v = v.clone();
                v.push(a.clone());
                next.push(v);
            }
        }
        next.truncate(64);
        out = next;
    }
    out
}

/// Commands in `chars`; `line_of(i)` gives the line of char `i`.
fn scan(
    file: &str,
    chars: &[char],
    line_of: &dyn Fn(usize) -> usize,
    strict: bool,
    tops: &Tops,
    out: &mut Vec<Found>,
) {
    for (from, end) in starts(chars, strict, tops) {
        let (w, text) = words(chars, from, end);
        if w.is_empty() {
            continue;
        }
        out.push(Found {
            at: format!("{file}:{}", line_of(from)),
            variants: variants(&w),
            text: format!("intops {text}"),
        });
    }
}

/// Code blocks (continuations joined) and inline code spans of a markdown file.
fn markdown(path: &Path, tops: &Tops, out: &mut Vec<Found>) {
    let file = rel(path);
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut fenced = false;
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            n += 1;
            continue;
        }
        if fenced {
            let first = n + 1;
            let mut joined = line.trim_end().to_string();
            while joined.ends_with('\\') && n + 1 < lines.len() {
                joined.pop();
                n += 1;
                joined.push(' ');
                joined.push_str(lines[n].trim());
            }
            let chars: Vec<char> = strip_comment(&joined).chars().collect();
            scan(&file, &chars, &|_| first, true, tops, out);
        } else {
            // Inline code: `...` spans (also ``...``).
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] != '`' {
                    i += 1;
                    continue;
                }
                let ticks = chars[i..].iter().take_while(|c| **c == '`').count();
                let open = i + ticks;
                let mut j = open;
                let close = loop {
                    if j >= chars.len() {
                        break None;
                    }
                    let run = chars[j..].iter().take_while(|c| **c == '`').count();
                    if run == ticks {
                        break Some(j);
                    }
                    j += run.max(1);
                };
                let Some(close) = close else { break };
                let span: Vec<char> = chars[open..close].to_vec();
                let ln = n + 1;
                scan(&file, &span, &|_| ln, true, tops, out);
                i = close + ticks;
            }
        }
        n += 1;
    }
}

/// The string literals of a Rust file, unescaped, with the line of each char.
fn rust_literals(text: &str) -> Vec<(Vec<char>, Vec<usize>)> {
    let c: Vec<char> = text.chars().collect();
    let mut line = 1;
    let mut out = Vec::new();
    let mut i = 0;
    let bump = |ch: char, line: &mut usize| {
        if ch == '\n' {
            *line += 1;
        }
    };
    while i < c.len() {
        let ch = c[i];
        // Comments.
        if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                bump(c[i], &mut line);
                i += 1;
            }
            i += 2;
            continue;
        }
        // Char literals and lifetimes.
        if ch == '\'' {
            if c.get(i + 1) == Some(&'\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            if c.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
            i += 1;
            continue;
        }
        // Raw strings: r"..." r#"..."# (also br).
        let ident_before = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        if ch == 'r' && !ident_before && matches!(c.get(i + 1), Some('"') | Some('#')) {
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) == Some(&'"') {
                j += 1;
                let mut s = Vec::new();
                let mut lines = Vec::new();
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"'
                        && c[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|x| **x == '#')
                            .count()
                            == hashes
                    {
                        j += 1 + hashes;
                        break;
                    }
                    s.push(c[j]);
                    lines.push(line);
                    bump(c[j], &mut line);
                    j += 1;
                }
                out.push((s, lines));
                i = j;
                continue;
            }
        }
        if ch == '"' {
            let mut j = i + 1;
            let mut s = Vec::new();
            let mut lines = Vec::new();
            while j < c.len() && c[j] != '"' {
                if c[j] == '\\' && j + 1 < c.len() {
                    let e = c[j + 1];
                    let at = line;
                    j += 2;
                    let v = match e {
                        'n' => Some('\n'),
                        't' => Some('\t'),
                        'r' => Some('\r'),
                        '0' => Some('\0'),
                        '\\' | '"' | '\'' => Some(e),
                        'x' => {
                            let h: String = c[j..j + 2].iter().collect();
                            j += 2;
                            u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
                        }
                        'u' => {
                            let close = c[j..].iter().position(|x| *x == '}').unwrap();
                            let h: String = c[j + 1..j + close].iter().collect();
                            j += close + 1;
                            u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
                        }
                        '\n' => {
                            line += 1;
                            while j < c.len() && c[j].is_whitespace() {
                                bump(c[j], &mut line);
                                j += 1;
                            }
                            None
                        }
                        _ => Some(e),
                    };
                    if let Some(v) = v {
                        s.push(v);
                        lines.push(at);
                    }
                    continue;
                }
                s.push(c[j]);
                lines.push(line);
                bump(c[j], &mut line);
                j += 1;
            }
            out.push((s, lines));
            i = j + 1;
            continue;
        }
        bump(ch, &mut line);
        i += 1;
    }
    out
}

fn rust_file(path: &Path, tops: &Tops, out: &mut Vec<Found>) {
    let file = rel(path);
    let mut text = std::fs::read_to_string(path).unwrap();
    // Unit tests are not shown to users.
    if let Some(at) = text.find("\n#[cfg(test)]\nmod tests") {
        text.truncate(at);
    }
    for (chars, lines) in rust_literals(&text) {
        scan(
            &file,
            &chars,
            &|i| lines.get(i).copied().unwrap_or(0),
            false,
            tops,
            out,
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn every_command_line() -> Vec<Found> {
    let tops = Tops::new();
    let mut out = Vec::new();
    let mut md: Vec<PathBuf> = std::fs::read_dir(root().join("runbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    md.push(root().join("README.md"));
    md.sort();
    for p in &md {
        markdown(p, &tops, &mut out);
    }
    let mut rs = Vec::new();
    rust_files(&root().join("src"), &mut rs);
    rs.sort();
    for p in &rs {
        rust_file(p, &tops, &mut out);
    }
    out
}

/// A word a reader replaces: PHONE, <ID>, {id}, VALUE, $VAR.
fn placeholder(v: &str) -> bool {
    let v = v.trim();
    (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with('$')
        || (v.chars().any(|c| c.is_ascii_uppercase())
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_-".contains(c)))
}

/// Why `args` does not parse, or None when it does (or only shows help).
fn parse_error(args: &[String]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut argv = vec!["intops".to_string()];
    argv.extend(args.iter().cloned());
    let e = match intops::cli::try_parse(&argv) {
        Ok(_) => return None,
        Err(e) => e,
    };
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            if let Some(ContextValue::String(v)) = e.get(ContextKind::InvalidValue) {
                if placeholder(v) {
                    return None;
                }
            }
        }
        _ => {}
    }
    let text = e.to_string();
    Some(
        text.lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or(text.lines().next().unwrap_or(""))
            .to_string(),
    )
}

#[test]
fn the_extractor_reads_shell_and_doc_notation() {
    let tops = Tops::new();
    let mut out = Vec::new();
    let cases = [
        "eval \"$(intops sandbox --port 8089 --print-env)\"",
        "intops doctor -o json | jq .steps   # the steps",
        "*/15 * * * * intops doctor -o prom --prom-file /tmp/x.prom > /dev/null 2>&1",
        "echo $TOKEN | intops whatsapp token-rotate --store keyring --yes && intops whatsapp token-debug",
        "intops runbook show NAME [--step N]",
        "intops incident start|update <ID>",
    ];
    for c in cases {
        let chars: Vec<char> = c.chars().collect();
        scan("t", &chars, &|_| 1, true, &tops, &mut out);
    }
    let got: Vec<Vec<Vec<String>>> = out.iter().map(|f| f.variants.clone()).collect();
    let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(got[0], vec![w("sandbox --port 8089 --print-env")]);
    assert_eq!(got[1], vec![w("doctor -o json")]);
    assert_eq!(got[2], vec![w("doctor -o prom --prom-file /tmp/x.prom")]);
    assert_eq!(
        got[3],
        vec![w("whatsapp token-rotate --store keyring --yes")]
    );
    assert_eq!(got[4], vec![w("whatsapp token-debug")]);
    assert_eq!(got[5], vec![w("runbook show NAME --step N")]);
    assert_eq!(
        got[6],
        vec![w("incident start <ID>"), w("incident update <ID>")]
    );
    // Prose in a source string is not a command; a backticked command is, and is checked.
    let lits = rust_literals(
        "let a = \"intops reuses a cached token\"; let b = \"run `intops whatsap token-debug`\";",
    );
    let mut out = Vec::new();
    for (chars, lines) in &lits {
        scan("t", chars, &|i| lines[i], false, &tops, &mut out);
    }
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(parse_error(&out[0].variants[0]).is_some());
    assert!(parse_error(&w("whatsapp send-test --to PHONE")).is_none());
    assert!(parse_error(&w("completions SHELL")).is_none());
}

#[test]
fn every_command_line_in_the_runbooks_readme_and_hints_parses() {
    let found = every_command_line();
    // The runbooks, the README and the examples all have command lines: an extractor that finds
    // none is broken, not green.
    for must in [
        "runbooks/whatsapp-outage.md",
        "README.md",
        "src/examples.rs",
    ] {
        assert!(
            found.iter().filter(|f| f.at.starts_with(must)).count() > 5,
            "no command lines found in {must}"
        );
    }
    let mut bad = Vec::new();
    for f in &found {
        for v in &f.variants {
            if let Some(why) = parse_error(v) {
                bad.push(format!("{}: `{}`: {why}", f.at, f.text));
                break;
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} command lines do not parse:\n{}",
        bad.len(),
        found.len(),
        bad.join("\n")
    );
}
