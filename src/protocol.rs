//! What the page and the engine worker send each other (as JSON text).
//!
//! Page → worker: an [`aspects_engine::session::Request`].
//! Worker → page: [`READY`] once the engine is loaded, then one [`Reply`]
//! per request.

use aspects_engine::session::Response;
use serde::{Deserialize, Serialize};

/// The worker's first message: it can take requests now.
pub const READY: &str = "ready";

/// The worker's answer to one request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    pub response: Response,
    /// Milliseconds the engine spent (measured in the worker).
    pub engine_ms: f64,
}
