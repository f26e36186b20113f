//! One typed client per vendor. Providers know their vendor and nothing about the terminal, clap
//! or the report: they return typed answers or an [`crate::error::ApiError`].

pub mod bounds;
pub mod calendly;
pub mod elevenlabs;
pub mod evidence;
pub mod meta;
pub mod paging;
pub mod prometheus;
pub mod rets;
pub mod serde_util;
pub mod slack;
pub mod statuspage;
pub mod supabase;
pub mod urls;
pub mod zoho;

pub(crate) use urls::rooted;
