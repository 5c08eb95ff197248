//! The example gallery (work in progress).
