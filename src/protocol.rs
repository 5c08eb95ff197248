//! What the page and the engine worker send each other (as JSON text).
//!
//! Page → worker: an [`aspects_engine::session::Request`], or an
//! [`ExportRequest`].
//! Worker → page: [`READY`] once the engine is loaded, then one [`Reply`]
//! per request and one [`Exported`] per export request.

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

/// "Download flake": the worker writes the flake's files (the export reads
/// the files with rnix, which only the worker bundles).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportRequest {
    pub export: ExportJob,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportJob {
    pub workspace: String,
    pub repo: String,
}

/// The worker's answer to an [`ExportRequest`]: the files, or why not.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exported {
    pub exported: Result<Vec<(String, String)>, String>,
}
