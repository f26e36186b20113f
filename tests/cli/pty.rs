//! The binary on a real pseudo-terminal (portable-pty), its screen read back through a terminal
//! emulator (vt100): what an engineer at 3 a.m. sees, not what a pipe receives. Each behaviour is
//! checked as a TTY/non-TTY pair where the two must differ (colours, spinners).

use crate::common::{sandbox, slow_sandbox, Home};
use intops::sandbox::{demo_credentials, Background};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A run on a pty: everything the program wrote, and how it ended.
pub struct PtyRun {
    pub raw: Vec<u8>,
    pub code: u32,
    pub signal: Option<String>,
    pub cols: u16,
    pub rows: u16,
}

impl PtyRun {
    /// The screen at the end, one string per row (trailing blanks dropped).
    pub fn screen_rows(&self) -> Vec<String> {
        let mut p = vt100::Parser::new(
            std::num::NonZeroU16::new(self.rows).unwrap(),
            std::num::NonZeroU16::new(self.cols).unwrap(),
            0,
        );
        p.process(&self.raw);
        p.screen()
            .rows(0, self.cols)
            .map(|r| r.trim_end().to_string())
            .collect()
    }
    pub fn screen(&self) -> String {
        let rows = self.screen_rows();
        let last = rows
            .iter()
            .rposition(|r| !r.is_empty())
            .map_or(0, |i| i + 1);
        rows[..last].join("\n")
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
    /// Colour or text attributes (SGR sequences) anywhere in the output.
    pub fn has_sgr(&self) -> bool {
        regex::Regex::new(r"\x1b\[[0-9;]*m")
            .unwrap()
            .is_match(&self.text())
    }
}

/// A session on a pty: start, wait for text, type, wait for the end.
pub struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    out: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    cols: u16,
    rows: u16,
}

impl Session {
    pub fn start(env: &[(String, String)], args: &[&str], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("intops"));
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn on the pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = out.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // EOF or EIO once the program and every copy of the slave side are gone.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            out,
            reader: Some(reader),
            _master: pair.master,
            cols,
            rows,
        }
    }

    /// Wait until the output contains `needle` (60 s at most, then fail with what was seen).
    pub fn expect(&mut self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let seen = String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned();
            if seen.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {needle:?}; the screen so far:\n{seen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait(mut self) -> PtyRun {
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "still running after 60 s:\n{}",
                    String::from_utf8_lossy(&self.out.lock().unwrap())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.writer);
        drop(self._master);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let raw = std::mem::take(&mut *self.out.lock().unwrap());
        PtyRun {
            raw,
            code: status.exit_code(),
            signal: status.signal().map(str::to_string),
            cols: self.cols,
            rows: self.rows,
        }
    }
}

/// The clean environment of `Home::cmd`, without NO_COLOR, as a terminal emulator would set it.
pub fn tty_env(home: &Home, sb: Option<&Background>) -> Vec<(String, String)> {
    let p = home.path();
    let mut env: Vec<(String, String)> = vec![
        ("HOME".into(), p.display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            p.join("config").display().to_string(),
        ),
        (
            "XDG_STATE_HOME".into(),
            p.join("state").display().to_string(),
        ),
        (
            "XDG_CACHE_HOME".into(),
            p.join("cache").display().to_string(),
        ),
        ("XDG_DATA_HOME".into(), p.join("data").display().to_string()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("INTOPS_KEYRING".into(), "none".into()),
        ("TERM".into(), "xterm-256color".into()),
    ];
    if let Some(sb) = sb {
        env.extend(sb.env());
        env.extend(demo_credentials());
        // The sandbox's callbacks are https: trust its CA, as `against` does.
        let ca = p.join(format!("sandbox-ca-{}.pem", sb.addr.port()));
        sb.write_ca_file(&ca).unwrap();
        env.push(("INTOPS_CA_FILE".into(), ca.display().to_string()));
    }
    env
}

pub fn run_pty(env: &[(String, String)], args: &[&str], cols: u16) -> PtyRun {
    Session::start(env, args, cols, 60).wait()
}

fn with(mut env: Vec<(String, String)>, k: &str, v: &str) -> Vec<(String, String)> {
    env.push((k.into(), v.into()));
    env
}

/// Every drawn table row is whole: it starts and ends with a border within the width, so the
/// terminal never wrapped it.
fn assert_table_fits(run: &PtyRun) {
    let rows = run.screen_rows();
    let table: Vec<_> = rows
        .iter()
        .filter(|r| r.starts_with(['╭', '│', '╞', '├', '╰']))
        .collect();
    assert!(
        !table.is_empty(),
        "no table on the screen:\n{}",
        run.screen()
    );
    for r in table {
        assert!(
            r.ends_with(['╮', '│', '╡', '┤', '╯']),
            "a table row ran past {} columns and wrapped:\n{}",
            run.cols,
            run.screen()
        );
    }
}

/// Every word of `text` appears whole on one screen row (a word cut at the edge does not).
/// Digits are compared as 0: the two runs' clocks may differ by a second.
fn assert_words_whole(run: &PtyRun, text: &str) {
    let zero = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "0");
    let rows: Vec<String> = run.screen_rows().iter().map(|r| zero(r)).collect();
    for w in text.split_whitespace() {
        let w = zero(w);
        assert!(
            rows.iter().any(|r| r.contains(&w)),
            "{w:?} is split across lines:\n{}",
            run.screen()
        );
    }
}

#[test]
fn doctor_fits_an_80_column_terminal_words_and_commands_whole() {
    let h = Home::new();
    let sb = sandbox("token-expiring");
    let run = run_pty(&tty_env(&h, Some(&sb)), &["doctor"], 80);
    assert_eq!(run.code, 1, "{}", run.screen());
    assert_table_fits(&run);
    let json =
        crate::common::run(crate::common::against(&h, &sb), &["-o", "json", "doctor"]).json();
    for s in json["steps"].as_array().unwrap() {
        assert_words_whole(&run, s["summary"].as_str().unwrap());
        if let Some(hint) = s["hint"].as_str() {
            assert_words_whole(&run, hint);
            // A command in a hint stays on one line, to be copied whole.
            for (i, part) in hint.split('`').enumerate() {
                if i % 2 == 1 {
                    assert!(
                        run.screen_rows().iter().any(|r| r.contains(part)),
                        "`{part}` is split:\n{}",
                        run.screen()
                    );
                }
            }
        }
    }
    // Hints wrap with a hanging indent under their arrow.
    let rows = run.screen_rows();
    let start = rows.iter().position(|r| r == "next steps:").unwrap();
    for r in rows[start + 1..].iter().take_while(|r| !r.is_empty()) {
        assert!(r.starts_with("  → ") || r.starts_with("    "), "{r:?}");
    }
}

#[test]
fn no_color_still_wraps_to_the_terminal() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let run = run_pty(&tty_env(&h, Some(&sb)), &["doctor", "--no-color"], 80);
    assert_table_fits(&run);
    assert!(!run.has_sgr(), "colour with --no-color:\n{:?}", run.text());
}

#[test]
fn colours_on_a_terminal_and_off_with_no_color_or_a_pipe() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let env = tty_env(&h, Some(&sb));
    let args = ["whatsapp", "token-debug"];
    let on = run_pty(&env, &args, 120);
    assert_eq!(on.code, 0, "{}", on.screen());
    assert!(on.has_sgr(), "no colour on a terminal: {:?}", on.text());
    let off = run_pty(&with(env.clone(), "NO_COLOR", "1"), &args, 120);
    assert!(!off.has_sgr(), "colour with NO_COLOR: {:?}", off.text());
    // The same words either way (the header's duration aside).
    let body = |r: &PtyRun| {
        r.screen_rows()[1..]
            .iter()
            .map(|l| l.replace(|c: char| c.is_ascii_digit(), "0"))
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&on), body(&off));
    let mut c = crate::common::against(&h, &sb);
    c.env_remove("NO_COLOR");
    let piped = crate::common::run(c, &args);
    assert!(
        !piped.all().contains('\x1b'),
        "escape codes in a pipe: {:?}",
        piped.all()
    );
}

#[test]
fn usage_errors_are_coloured_only_on_a_terminal_without_no_color() {
    let h = Home::new();
    let env = tty_env(&h, None);
    let on = run_pty(&env, &["doctor", "--bogus"], 80);
    assert_eq!(on.code, 3);
    assert!(on.has_sgr(), "{:?}", on.text());
    let off = run_pty(
        &with(env.clone(), "NO_COLOR", "1"),
        &["doctor", "--bogus"],
        80,
    );
    assert_eq!(off.code, 3);
    assert!(!off.has_sgr(), "{:?}", off.text());
    assert!(off.screen().contains("unexpected argument '--bogus'"));
    let flag = run_pty(&env, &["doctor", "--no-color", "--bogus"], 80);
    assert!(!flag.has_sgr(), "{:?}", flag.text());
    // A pipe, NO_COLOR unset: plain text.
    let mut c = h.cmd();
    c.env_remove("NO_COLOR");
    let piped = crate::common::run(c, &["doctor", "--bogus"]);
    assert_eq!(piped.code, 3);
    assert!(!piped.stderr.contains('\x1b'), "{:?}", piped.stderr);
    assert!(piped.stderr.contains("unexpected argument '--bogus'"));
}

#[test]
fn spinners_leave_nothing_behind() {
    let h = Home::new();
    // Slow enough that the spinners are drawn.
    let sb = slow_sandbox("healthy", Duration::from_millis(300));
    let run = run_pty(&tty_env(&h, Some(&sb)), &["doctor"], 100);
    // Drawn while it ran...
    assert!(run.text().contains("checking"), "{:?}", run.text());
    // ...and gone at the end: the report is the first thing on the screen.
    let screen = run.screen();
    assert!(!screen.contains("checking"), "{screen}");
    assert!(
        screen.starts_with("doctor · profile default"),
        "debris above the report:\n{:?}",
        &run.screen_rows()[..3]
    );
}

#[test]
fn a_confirmation_answered_yes_sends() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut s = Session::start(
        &tty_env(&h, Some(&sb)),
        &["whatsapp", "send-test", "--to", "+15550001111"],
        80,
        24,
    );
    s.expect("Send a WhatsApp test message");
    s.send(b"y");
    let run = s.wait();
    assert_eq!(run.code, 0, "{}", run.screen());
    assert!(sb
        .state
        .recorded()
        .iter()
        .any(|q| q.path.ends_with("/messages")));
}

#[test]
fn a_confirmation_cancelled_exits_130_and_sends_nothing() {
    for key in [&b"\x1b"[..], b"\x03", b"n"] {
        let h = Home::new();
        let sb = sandbox("healthy");
        let mut s = Session::start(
            &tty_env(&h, Some(&sb)),
            &["whatsapp", "send-test", "--to", "+15550001111"],
            80,
            24,
        );
        s.expect("Send a WhatsApp test message");
        s.send(key);
        let run = s.wait();
        // Ctrl-C reaches the program as SIGINT (the shell then reports 130); Esc and "n" are
        // answers: 130, cancelled.
        assert!(
            run.code == 130 || (key == b"\x03" && run.signal.as_deref() == Some("Interrupt")),
            "key {key:?}: code {} signal {:?}\n{}",
            run.code,
            run.signal,
            run.screen()
        );
        assert!(
            !sb.state
                .recorded()
                .iter()
                .any(|q| q.path.ends_with("/messages")),
            "sent after {key:?}"
        );
    }
}

#[test]
fn a_pipe_gets_no_spinner_and_no_prompt() {
    let h = Home::new();
    let sb = sandbox("healthy");
    let mut c = crate::common::against(&h, &sb);
    c.env_remove("NO_COLOR");
    let r = crate::common::run(c, &["doctor"]);
    assert!(!r.stderr.contains("checking"), "{}", r.stderr);
    let mut c = crate::common::against(&h, &sb);
    c.env_remove("NO_COLOR");
    let r = crate::common::run(c, &["whatsapp", "send-test", "--to", "+15550001111"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(r.all().contains("--yes"), "{}", r.all());
}

/// `status` and `webhook status` on a real terminal at 80 and 120 columns: the screen as the
/// engineer sees it (snapshotted), every table row inside the width, no URL cut across lines.
#[test]
fn status_and_webhook_status_screens_at_80_and_120_columns() {
    let h = Home::new();
    // webhook status prints measured latencies: at 150 ms they always take three digits.
    let sb = slow_sandbox("healthy", Duration::from_millis(150));
    let url = regex::Regex::new(r"https?://[^\s│]+").unwrap();
    for args in [&["status"][..], &["webhook", "status"]] {
        for cols in [80u16, 120] {
            let run = run_pty(&with(tty_env(&h, Some(&sb)), "NO_COLOR", "1"), args, cols);
            assert!(run.code <= 1, "{}", run.screen());
            assert_table_fits(&run);
            let screen = run.screen();
            let known: Vec<String> = sb.env().into_iter().map(|(_, v)| v).collect();
            for m in url.find_iter(&screen) {
                let u = m.as_str().trim_end_matches([',', ';', ')']);
                assert!(
                    u.contains('…') || known.iter().any(|k| k == u),
                    "{u:?} is cut across lines:\n{screen}"
                );
            }
            crate::snapshots::snap(&format!("pty-{}-{cols}", args.join("-")), &screen);
        }
    }
}

/// Ctrl-C while doctor's spinners turn: the spinners go, the cursor is shown, exit 130.
#[test]
fn ctrl_c_during_doctor_leaves_no_spinner_and_exits_130() {
    let h = Home::new();
    // Slow enough that the checks are still running when Ctrl-C comes.
    let sb = slow_sandbox("healthy", Duration::from_millis(3000));
    sb.expect_unmatched();
    let mut s = Session::start(&tty_env(&h, Some(&sb)), &["doctor"], 80, 24);
    s.expect("checking");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"\x03");
    let run = s.wait();
    assert_eq!(
        (run.code, run.signal.as_deref()),
        (130, None),
        "{}",
        run.screen()
    );
    let screen = run.screen();
    assert!(
        !screen.contains("checking"),
        "spinner debris:\n{screen}\n{:?}",
        run.text()
    );
    for id in ["whatsapp token", "webhooks", "calendly", "zoho"] {
        assert!(
            !run.screen_rows().iter().any(|r| r.contains(id)),
            "a spinner line for {id} is left:\n{screen}"
        );
    }
    // The cursor, if it was hidden, is shown again.
    let text = run.text();
    if let Some(hid) = text.rfind("\x1b[?25l") {
        assert!(
            text[hid..].contains("\x1b[?25h"),
            "the cursor is left hidden: {text:?}"
        );
    }
}
