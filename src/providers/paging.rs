//! One pager rule for every vendor list (Meta `paging.cursors.after` / `paging.next`, Calendly
//! `next_page_token`, ElevenLabs `has_more` / `next_cursor`): follow the cursor to the end, stop
//! on a cursor the vendor already gave (a loop) and at a page cap, and say which, so a verdict
//! never claims a list it did not read to its end.

use crate::error::{ApiError, Cause};
use std::collections::HashSet;

/// Pages read before intops gives up on a list (with the largest page sizes: 5,000 Meta numbers
/// or subscriptions, 5,000 ElevenLabs conversations, 5,000 Calendly subscriptions).
pub const MAX_PAGES: usize = 50;

/// Why a list stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cut {
    /// The vendor handed back a cursor it had already given.
    RepeatedCursor { page: usize },
    /// `MAX_PAGES` pages read and the vendor still had more.
    PageCap { pages: usize },
    /// The caller's limit was reached and the vendor had more.
    Limit { limit: usize },
}

impl Cut {
    /// "the vendor repeated a paging cursor on page 3", for summaries and errors.
    pub fn reason(&self, vendor: &str) -> String {
        match self {
            Cut::RepeatedCursor { page } => {
                format!("{vendor} repeated a paging cursor on page {page}")
            }
            Cut::PageCap { pages } => format!("stopped at the page cap ({pages} pages)"),
            Cut::Limit { limit } => format!("stopped at the limit of {limit}"),
        }
    }
}

/// Cursor bookkeeping for one list.
#[derive(Debug)]
pub struct Pager {
    seen: HashSet<String>,
    pages: usize,
    cap: usize,
}

impl Default for Pager {
    fn default() -> Self {
        Pager::new(MAX_PAGES)
    }
}

impl Pager {
    pub fn new(cap: usize) -> Self {
        Pager {
            seen: HashSet::new(),
            pages: 0,
            cap: cap.max(1),
        }
    }

    /// Pages read so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// One page was read and the vendor gave `next` (None or empty at the end). `Ok(Some(c))`:
    /// read the page at `c`; `Ok(None)`: the list is complete; `Err`: it stopped short.
    pub fn advance(&mut self, next: Option<&str>) -> Result<Option<String>, Cut> {
        self.pages += 1;
        let Some(c) = next.filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        if !self.seen.insert(c.to_string()) {
            return Err(Cut::RepeatedCursor { page: self.pages });
        }
        if self.pages >= self.cap {
            return Err(Cut::PageCap { pages: self.pages });
        }
        Ok(Some(c.to_string()))
    }
}

/// A list the verdict needs whole that was cut short: `unknown`, naming what was read.
pub fn cut_error(vendor: &'static str, what: &str, read: usize, cut: &Cut) -> ApiError {
    ApiError::new(
        vendor,
        Cause::Malformed,
        format!(
            "{what} read only in part ({read} items): {}",
            cut.reason(vendor)
        ),
    )
    .hint("the list may hold what the check looks for on a page not read: retry; if the vendor keeps repeating its cursor, open a ticket with the `-v` trace")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_new_cursors_and_ends_without_one() {
        let mut p = Pager::new(10);
        assert_eq!(p.advance(Some("a")), Ok(Some("a".into())));
        assert_eq!(p.advance(Some("b")), Ok(Some("b".into())));
        assert_eq!(p.advance(None), Ok(None));
        assert_eq!(p.pages(), 3);
        let mut p = Pager::new(10);
        assert_eq!(p.advance(Some("")), Ok(None));
    }

    #[test]
    fn a_repeated_cursor_stops_and_says_so() {
        let mut p = Pager::new(10);
        p.advance(Some("a")).unwrap();
        assert_eq!(p.advance(Some("a")), Err(Cut::RepeatedCursor { page: 2 }));
        assert_eq!(
            Cut::RepeatedCursor { page: 2 }.reason("meta"),
            "meta repeated a paging cursor on page 2"
        );
    }

    #[test]
    fn the_page_cap_stops_an_endless_list() {
        let mut p = Pager::new(3);
        p.advance(Some("1")).unwrap();
        p.advance(Some("2")).unwrap();
        assert_eq!(p.advance(Some("3")), Err(Cut::PageCap { pages: 3 }));
        let e = cut_error(
            "calendly",
            "the webhook subscriptions",
            300,
            &Cut::PageCap { pages: 3 },
        );
        assert_eq!(e.status(), crate::report::Status::Unknown);
        assert!(e
            .line()
            .contains("read only in part (300 items): stopped at the page cap (3 pages)"));
    }
}
