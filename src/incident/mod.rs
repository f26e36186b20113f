//! Incidents: the flows (which checks detect what), the communication templates, and the
//! timeline kept in the XDG state dir.

pub mod flow;
pub mod sla;
pub mod state;
pub mod templates;
