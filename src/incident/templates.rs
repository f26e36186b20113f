//! The runbook's communication templates (Initial Alert ⚠️, Update 📊, Resolution ✅), taken from
//! the embedded integration-failures runbook so the text lives in one place, and filled in from
//! an incident. `--plain` drops the emoji for channels that mangle them.

use crate::incident::state::{Incident, Update};
use chrono::{DateTime, Utc};

pub const INITIAL_ALERT: &str = "### Initial Alert";
pub const UPDATE: &str = "### Update";
pub const RESOLUTION: &str = "### Resolution";

/// The template under a heading of the integration-failures runbook.
pub fn source(heading: &str) -> String {
    let rb = crate::runbooks::find("integration-failures").expect("embedded runbook");
    let block = rb
        .block_under(heading)
        .unwrap_or_else(|| panic!("the runbook has a {heading} template"));
    fix_mojibake(&block)
}

/// `2026-11-24 03:12 UTC`: what people read in a channel.
pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `2h 05m`, `3d 4h 00m`, `12m`.
pub fn duration_text(d: chrono::Duration) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    match (days, hours) {
        (0, 0) => format!("{m}m"),
        (0, h) => format!("{h}h {m:02}m"),
        (d, h) => format!("{d}d {h}h {m:02}m"),
    }
}

/// Replace `{key}` placeholders; unknown ones stay visible so a gap is noticed, not hidden.
pub fn fill(template: &str, fields: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in fields {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

pub fn initial_alert(inc: &Incident) -> String {
    fill(
        &source(INITIAL_ALERT),
        &[
            ("title", inc.title.clone()),
            ("severity", inc.severity.clone()),
            ("started_at", when(inc.started_at)),
            ("impact", inc.impact.clone()),
            ("workaround", inc.workaround.clone()),
            ("detection", inc.detection.clone()),
            ("id", inc.id.clone()),
            ("next_update", inc.next_update.clone()),
        ],
    )
}

pub fn update(inc: &Incident, u: &Update) -> String {
    fill(
        &source(UPDATE),
        &[
            ("title", inc.title.clone()),
            ("id", inc.id.clone()),
            ("severity", inc.severity.clone()),
            ("elapsed", duration_text(u.at - inc.started_at)),
            ("root_cause", u.root_cause.clone()),
            ("actions", u.actions.clone()),
            ("progress", u.progress.clone()),
            ("next_update", u.next_update.clone()),
        ],
    )
}

/// The Resolution template; `None` while the incident is open.
pub fn resolution(inc: &Incident) -> Option<String> {
    let r = inc.resolution.as_ref()?;
    Some(fill(
        &source(RESOLUTION),
        &[
            ("title", inc.title.clone()),
            ("id", inc.id.clone()),
            ("duration", duration_text(r.at - inc.started_at)),
            ("started_at", when(inc.started_at)),
            ("resolved_at", when(r.at)),
            ("root_cause", r.root_cause.clone()),
            ("fix", r.fix.clone()),
            ("validation", r.validation.clone()),
            ("backlog", r.backlog.clone()),
        ],
    ))
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
        | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D)
}

/// The text without emoji (and without the space an emoji leaves at a line start).
pub fn plain(text: &str) -> String {
    text.lines()
        .map(|l| {
            let s: String = l.chars().filter(|c| !is_emoji(*c)).collect();
            if l.starts_with(is_emoji) {
                s.trim_start().to_string()
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Windows-1252 characters for bytes 0x80..0x9F (the rest of the range maps to itself).
const CP1252: &[(char, u8)] = &[
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('\u{2018}', 0x91),
    ('\u{2019}', 0x92),
    ('\u{201C}', 0x93),
    ('\u{201D}', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// Undo UTF-8 that was decoded as Windows-1252 (`âš ï¸` → `⚠️`, `ðŸ“Š` → `📊`, `âœ…` → `✅`), the
/// way the runbook's source text was damaged. Text that is not such mojibake comes back as is.
pub fn fix_mojibake(text: &str) -> String {
    if !text.contains(['â', 'ð', 'ï']) {
        return text.to_string();
    }
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        if (c as u32) <= 0xFF {
            bytes.push(c as u32 as u8);
        } else if let Some((_, b)) = CP1252.iter().find(|(k, _)| *k == c) {
            bytes.push(*b);
        } else {
            return text.to_string();
        }
    }
    // Copy-paste damages mojibake twice more: the NBSP that stood for byte 0xA0 becomes a plain
    // space, and U+FE0F's last byte (0x8F, no Windows-1252 glyph) is dropped. Undo both.
    let mut fixed = Vec::with_capacity(bytes.len() + 4);
    let mut pending = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if pending > 0 && b == 0x20 {
            fixed.push(0xA0);
            pending -= 1;
            i += 1;
            continue;
        }
        pending = match b {
            0xC0..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF7 => 3,
            0x80..=0xBF if pending > 0 => pending - 1,
            _ => 0,
        };
        fixed.push(b);
        if bytes[i] == 0xEF
            && bytes.get(i + 1) == Some(&0xB8)
            && !bytes.get(i + 2).is_some_and(|b| (0x80..=0xBF).contains(b))
        {
            fixed.push(0xB8);
            fixed.push(0x8F);
            pending = 0;
            i += 2;
            continue;
        }
        i += 1;
    }
    String::from_utf8(fixed).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::state::Resolution;
    use chrono::TimeZone;

    fn incident() -> Incident {
        Incident {
            id: "whatsapp-outage-20261124-0312".into(),
            flow: "whatsapp-outage".into(),
            title: "WhatsApp API outage".into(),
            severity: "SEV-1".into(),
            started_at: Utc.with_ymd_and_hms(2026, 11, 24, 3, 12, 9).unwrap(),
            impact: "customers get no replies on WhatsApp".into(),
            workaround: "agents call back from the CRM".into(),
            next_update: "2026-11-24 03:42 UTC".into(),
            detection:
                "whatsapp token CRIT: SYSTEM_USER token for app expired on 2026-11-24T03:00:00Z"
                    .into(),
            updates: vec![],
            resolution: None,
            actions: vec![],
        }
    }

    #[test]
    fn initial_alert_snapshot() {
        insta::assert_snapshot!(initial_alert(&incident()));
    }

    #[test]
    fn update_snapshot() {
        let inc = incident();
        let u = Update {
            at: Utc.with_ymd_and_hms(2026, 11, 24, 3, 47, 0).unwrap(),
            root_cause: "the system-user token expired".into(),
            actions: "new token generated and stored".into(),
            progress: "sending again; draining the backlog".into(),
            next_update: "2026-11-24 04:15 UTC".into(),
        };
        insta::assert_snapshot!(update(&inc, &u));
    }

    #[test]
    fn resolution_snapshot() {
        let mut inc = incident();
        assert!(resolution(&inc).is_none());
        inc.resolution = Some(Resolution {
            at: Utc.with_ymd_and_hms(2026, 11, 24, 5, 17, 0).unwrap(),
            root_cause: "the system-user token expired".into(),
            fix: "rotated the token (runbook whatsapp-outage, Option 1)".into(),
            validation: "intops whatsapp send-test ok; intops doctor green".into(),
            backlog: "0 messages queued".into(),
        });
        insta::assert_snapshot!(resolution(&inc).unwrap());
    }

    #[test]
    fn plain_resolution_snapshot() {
        let mut inc = incident();
        inc.resolution = Some(Resolution {
            at: Utc.with_ymd_and_hms(2026, 11, 25, 6, 0, 0).unwrap(),
            root_cause: "r".into(),
            fix: "f".into(),
            validation: "v".into(),
            backlog: "not counted: no queue configured".into(),
        });
        insta::assert_snapshot!(plain(&resolution(&inc).unwrap()));
    }

    #[test]
    fn emoji_are_real_characters_not_mojibake() {
        assert!(source(INITIAL_ALERT).starts_with("\u{26A0}\u{FE0F} "));
        assert!(source(UPDATE).starts_with("\u{1F4CA} "));
        assert!(source(RESOLUTION).starts_with("\u{2705} "));
        for h in [INITIAL_ALERT, UPDATE, RESOLUTION] {
            assert!(!source(h).contains('â') && !source(h).contains('ð'));
        }
    }

    #[test]
    fn mojibake_is_repaired() {
        // As copied from the damaged source: the trailing 0x8F of U+FE0F was lost.
        assert_eq!(fix_mojibake("âš ï¸ INCIDENT"), "⚠️ INCIDENT");
        assert_eq!(fix_mojibake("âš\u{a0}ï¸\u{8f} INCIDENT"), "⚠️ INCIDENT");
        assert_eq!(fix_mojibake("ðŸ“Š UPDATE"), "📊 UPDATE");
        assert_eq!(fix_mojibake("âœ… RESOLVED"), "✅ RESOLVED");
        assert_eq!(fix_mojibake("café ⚠️"), "café ⚠️");
    }

    #[test]
    fn plain_drops_emoji() {
        assert_eq!(
            plain("⚠️ INCIDENT: x\n📊 y\nok ✅ done"),
            "INCIDENT: x\ny\nok  done"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(chrono::Duration::minutes(12)), "12m");
        assert_eq!(duration_text(chrono::Duration::minutes(125)), "2h 05m");
        assert_eq!(
            duration_text(chrono::Duration::minutes(1440 + 61)),
            "1d 1h 01m"
        );
    }
}
