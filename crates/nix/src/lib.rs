//! # The Nix language (layer 1)
//!
//! Everything users type is Nix. This crate owns parsing ([`parse`], a fast
//! parser for text without syntax errors, and `rnix` for the rest and for
//! the error messages, both into [`tree`]), lowering to a compact tree
//! with resolved variables ([`ast`], [`lower`]),
//! lazy evaluation with limits ([`eval`]), values ([`value`]), the builtins
//! ([`builtins`]), `lib` (a prelude written in Nix, `src/prelude/lib.nix`),
//! errors with source spans and traces ([`error`], [`report`]) and the
//! printers ([`print`]).
//!
//! The status of every builtin and `lib` name is in `BUILTINS.md` (shown
//! below as [`builtins_status`]).
//!
//! May depend on: nothing else in the workspace. Knows nothing about the
//! module system, flake-aspects or the browser; compiles natively and to
//! wasm32.

pub mod ast;
pub mod attrs;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod files;
pub mod from_rnix;
pub mod list;
pub mod lower;
pub mod outline;
pub mod parse;
pub mod print;
pub mod rcstr;
pub mod recent;
pub mod report;
pub mod run;
pub mod source;
pub mod suggest;
pub mod syntax;
mod thin;
pub mod tree;
pub mod value;

pub use error::{ErrorKind, EvalError, EvalResult};
pub use eval::{Eval, Limits};
pub use rcstr::Str;
pub use source::{LineCol, LineIndex};
pub use syntax::{parse_diagnostics, SyntaxDiagnostic};
pub use value::Value;

/// Runs `f` on a thread with a stack large enough for the evaluator's
/// default limits (natively; on wasm it just runs `f`).
#[cfg(not(target_arch = "wasm32"))]
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(eval::NATIVE_STACK_SIZE)
        .spawn(f)
        .expect("the evaluation thread starts")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

#[cfg(target_arch = "wasm32")]
pub fn on_big_stack<T>(f: impl FnOnce() -> T) -> T {
    f()
}

/// The status table of every builtin and `lib` name.
#[doc = include_str!("../BUILTINS.md")]
pub mod builtins_status {}
