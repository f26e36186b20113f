//! The runbooks, embedded in the binary (markdown under `runbooks/`, front matter for severity,
//! SLA and owners), split into numbered steps, and rendered for a terminal or as plain text.

use serde::Serialize;

const SOURCES: &[&str] = &[
    include_str!("../runbooks/integration-failures.md"),
    include_str!("../runbooks/whatsapp-outage.md"),
    include_str!("../runbooks/integrations-config.md"),
];

#[derive(Debug, Clone, Serialize)]
pub struct Runbook {
    pub name: String,
    pub title: String,
    pub severity: String,
    pub sla: String,
    pub owners: String,
    /// The markdown after the front matter.
    #[serde(skip)]
    pub body: &'static str,
}

/// One `## ` section: the unit `runbook show NAME --step N` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub number: usize,
    pub title: String,
    pub text: String,
}

fn parse(src: &'static str) -> Runbook {
    let mut rb = Runbook {
        name: String::new(),
        title: String::new(),
        severity: String::new(),
        sla: String::new(),
        owners: String::new(),
        body: src,
    };
    if let Some(rest) = src.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            for line in rest[..end].lines() {
                if let Some((k, v)) = line.split_once(':') {
                    let v = v.trim().to_string();
                    match k.trim() {
                        "name" => rb.name = v,
                        "title" => rb.title = v,
                        "severity" => rb.severity = v,
                        "sla" => rb.sla = v,
                        "owners" => rb.owners = v,
                        _ => {}
                    }
                }
            }
            rb.body = &rest[end + 5..];
        }
    }
    rb
}

/// Every embedded runbook, in a stable order.
pub fn all() -> Vec<Runbook> {
    SOURCES.iter().map(|s| parse(s)).collect()
}

pub fn names() -> Vec<String> {
    all().into_iter().map(|r| r.name).collect()
}

pub fn find(name: &str) -> Option<Runbook> {
    all().into_iter().find(|r| r.name == name)
}

impl Runbook {
    /// The `## ` sections, numbered from 1 (code fences are not headings).
    pub fn sections(&self) -> Vec<Section> {
        let mut out: Vec<Section> = Vec::new();
        let mut in_code = false;
        for line in self.body.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if !in_code {
                if let Some(t) = line.strip_prefix("## ") {
                    out.push(Section {
                        number: out.len() + 1,
                        title: t.trim().to_string(),
                        text: String::new(),
                    });
                }
            }
            if let Some(s) = out.last_mut() {
                s.text.push_str(line);
                s.text.push('\n');
            }
        }
        out
    }

    /// The fenced block under `### NAME` (the communication templates).
    pub fn block_under(&self, heading: &str) -> Option<String> {
        let mut lines = self.body.lines().skip_while(|l| l.trim() != heading);
        lines.next()?;
        let mut lines = lines.skip_while(|l| !l.trim_start().starts_with("```"));
        lines.next()?;
        let block: Vec<&str> = lines
            .take_while(|l| !l.trim_start().starts_with("```"))
            .collect();
        Some(block.join("\n"))
    }

    /// The metadata header printed above a runbook.
    pub fn header(&self) -> String {
        format!(
            "{} ({})\nseverity: {}\nSLA: {}\nowners: {}\n",
            self.title, self.name, self.severity, self.sla, self.owners
        )
    }
}

/// Render markdown for a terminal: bold headings, dimmed fences, highlighted `commands`.
/// Without colour this is the markdown itself, which reads fine as plain text.
pub fn render(md: &str, color: bool) -> String {
    if !color {
        return md.to_string();
    }
    const BOLD: &str = "\x1b[1m";
    const UNDER: &str = "\x1b[1;4m";
    const CODE: &str = "\x1b[36m";
    const DIM: &str = "\x1b[2m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::new();
    let mut in_code = false;
    let mut table: Vec<&str> = Vec::new();
    for line in md.lines() {
        // A markdown table is drawn as a real table once its last row has been read.
        if !in_code && line.trim_start().starts_with('|') {
            table.push(line);
            continue;
        }
        if !table.is_empty() {
            out.push_str(&draw_table(&table));
            table.clear();
        }
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            out.push_str(&format!("{DIM}{}{RESET}\n", "─".repeat(40)));
            continue;
        }
        if in_code {
            out.push_str(&format!("    {CODE}{line}{RESET}\n"));
            continue;
        }
        if let Some(t) = line.strip_prefix("# ") {
            out.push_str(&format!("{UNDER}{t}{RESET}\n"));
        } else if let Some(t) = line.strip_prefix("## ") {
            out.push_str(&format!("\n{BOLD}{t}{RESET}\n"));
        } else if let Some(t) = line.strip_prefix("### ") {
            out.push_str(&format!("{BOLD}{t}{RESET}\n"));
        } else {
            out.push_str(&inline(line, CODE, BOLD, RESET));
            out.push('\n');
        }
    }
    if !table.is_empty() {
        out.push_str(&draw_table(&table));
    }
    out
}

/// Markdown table rows (`| a | b |`, with a `|---|` separator) as a terminal table. Inline
/// markers are dropped, not coloured: escape codes would break the column widths.
fn draw_table(rows: &[&str]) -> String {
    let cells = |row: &str| -> Vec<String> {
        let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
        inner
            .split('|')
            .map(|c| c.trim().replace("**", "").replace('`', ""))
            .collect()
    };
    let is_rule = |row: &str| row.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
    let mut t = crate::output::new_table();
    let mut body = rows.iter().filter(|r| !is_rule(r));
    if let Some(head) = body.next() {
        t.set_header(cells(head));
    }
    for r in body {
        t.add_row(cells(r));
    }
    format!("{t}\n")
}

/// `code` in colour, **bold** in bold; the markers are dropped.
fn inline(line: &str, code: &str, bold: &str, reset: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(['`', '*']) {
        out.push_str(&rest[..i]);
        let (marker, style) = if rest[i..].starts_with("**") {
            ("**", bold)
        } else if rest[i..].starts_with('`') {
            ("`", code)
        } else {
            out.push('*');
            rest = &rest[i + 1..];
            continue;
        };
        let after = &rest[i + marker.len()..];
        match after.find(marker) {
            Some(j) => {
                out.push_str(&format!("{style}{}{reset}", &after[..j]));
                rest = &after[j + marker.len()..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_runbooks_with_metadata() {
        let all = all();
        let names: Vec<_> = all.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "integration-failures",
                "whatsapp-outage",
                "integrations-config"
            ]
        );
        for r in &all {
            assert!(!r.title.is_empty() && !r.severity.is_empty(), "{}", r.name);
            assert!(!r.sla.is_empty() && !r.owners.is_empty(), "{}", r.name);
            assert!(!r.body.starts_with("---"));
        }
    }

    #[test]
    fn whatsapp_options_are_steps_and_name_intops_commands_not_curl() {
        let r = find("whatsapp-outage").unwrap();
        let titles: Vec<_> = r.sections().into_iter().map(|s| s.title).collect();
        assert!(titles.iter().any(|t| t.starts_with("Option 1")));
        assert!(titles.iter().any(|t| t.starts_with("Option 2")));
        assert!(titles.iter().any(|t| t.starts_with("Option 3")));
        for rb in all() {
            assert!(!rb.body.contains("curl"), "{} mentions curl", rb.name);
        }
        let opt2 = r
            .sections()
            .into_iter()
            .find(|s| s.title.starts_with("Option 2"))
            .unwrap();
        assert!(opt2.text.contains("intops webhook reregister"));
    }

    #[test]
    fn the_sla_table_matches_the_design() {
        let r = find("whatsapp-outage").unwrap();
        for s in [
            "> 7 days", "> 1 %", "> 5 %", "> 3 s", "> 5 s", "< 98 %", "< 95 %",
        ] {
            assert!(r.sla.contains(s), "SLA lacks {s}: {}", r.sla);
        }
    }

    #[test]
    fn template_blocks_are_found_with_correct_emoji() {
        let r = find("integration-failures").unwrap();
        assert!(r
            .block_under("### Initial Alert")
            .unwrap()
            .starts_with("⚠️ INCIDENT"));
        assert!(r
            .block_under("### Update")
            .unwrap()
            .starts_with("📊 UPDATE"));
        assert!(r
            .block_under("### Resolution")
            .unwrap()
            .starts_with("✅ RESOLVED"));
    }

    #[test]
    fn terminal_rendering_draws_markdown_tables() {
        let md = "SLA:\n| metric | warn |\n| --- | --- |\n| `token` | ≤ 7 days |\nafter\n";
        let c = render(md, true);
        assert!(!c.contains("| ---"), "{c}");
        assert!(c.contains("│ metric"), "{c}");
        assert!(c.contains("token"), "{c}");
        assert!(!c.contains('`'), "{c}");
        assert!(c.trim_end().ends_with("after"), "{c}");
        // On a pipe the markdown stays as it is.
        assert_eq!(render(md, false), md);
    }

    #[test]
    fn terminal_rendering_styles_and_plain_keeps_text() {
        let md = "# T\n## S\nrun `intops doctor` **now**\n```sh\nintops x\n```\n";
        assert_eq!(render(md, false), md);
        let c = render(md, true);
        assert!(c.contains("\x1b[36mintops doctor\x1b[0m"));
        assert!(c.contains("\x1b[1mnow\x1b[0m"));
        assert!(!c.contains('`'));
    }
}
