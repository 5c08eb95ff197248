//! # The Nix language (layer 1)
//!
//! Everything users type is Nix. This crate owns parsing (on `rnix`), source
//! positions, and — as the evaluator lands — lowering, lazy evaluation,
//! values, builtins, `lib`, errors with source spans and the printers.
//!
//! May depend on: nothing else in the workspace. Knows nothing about the
//! module system, flake-aspects or the browser; compiles natively and to
//! wasm32.

pub mod source;
pub mod syntax;

pub use source::{LineCol, LineIndex};
pub use syntax::{parse_diagnostics, SyntaxDiagnostic};
