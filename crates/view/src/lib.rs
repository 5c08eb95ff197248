//! # View models (layer 4, pure)
//!
//! What the playground's views show, computed from the engine's
//! [`Analysis`](aspects_engine::Analysis) without any web dependency, so it
//! is tested natively: text positions (the engine counts UTF-8 bytes, the
//! editor UTF-16 units), which aspect the cursor is in, the modules grid,
//! the configuration rows with their provenance, and diagnostics placed in
//! the workspace's files.

pub mod config_rows;
pub mod grid;
pub mod history;
pub mod places;
pub mod positions;
