//! # flake-aspects, workspaces and the Analysis (layer 3)
//!
//! `transpose`, the aspect types built from the module system's
//! combinators, providers and `resolve`, `forward`, `new`/`new-scope`, and
//! flake-parts' `flake.modules` — written in Nix in `prelude/` (our own
//! implementation of the behaviour in SEMANTICS.md) and evaluated with the
//! native module system, except resolution's tree walk, which is native
//! (`resolve.rs`, the hottest part of every evaluation); plus the Rust that turns an evaluated flake into
//! the outputs people see ([`conformance`]).
//!
//! May depend on: `aspects-modules` and `aspects-nix`. Knows nothing about
//! the browser: the web app and the CLI consume its results.

pub mod analysis;
mod classify;
pub mod conformance;
pub mod flake;
mod fresh;
mod functor;
pub mod generate;
pub mod kinds;
#[cfg(not(target_arch = "wasm32"))]
pub mod parallel;
mod resolve;
mod retype;
pub mod session;
mod transpose;
#[cfg(not(target_arch = "wasm32"))]
mod unit_order;
pub mod workspace;

pub use analysis::{analyse, Analysis};
pub use flake::{evaluate_flake, Flake};
