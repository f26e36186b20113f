//! One typed client per vendor. Providers know their vendor and nothing about the terminal, clap
//! or the report: they return typed answers or an [`crate::error::ApiError`].

pub mod meta;
pub mod prometheus;
pub mod serde_util;
pub mod slack;
