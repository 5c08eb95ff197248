//! # The module system (layer 2)
//!
//! A native `evalModules`: imports, module functions and their arguments,
//! options and types, definitions with priorities (`mkIf`, `mkMerge`,
//! `mkOverride`, `mkOrder`), freeform types, submodules and deferred
//! modules, dedup by key, and provenance for every definition.
//!
//! The vocabulary users call (`lib.mkIf`, `lib.mkOption`, `lib.types.*`) is
//! written in Nix (`prelude/modules-lib.nix`) and builds plain descriptor
//! values; this crate reads them ([`types`], [`properties`]) and does the
//! merging in Rust.
//!
//! May depend on: `aspects-nix` (values, evaluation, errors). Knows nothing
//! about flake-aspects, workspaces or the browser.
//!
//! Status: types and definition properties are in; `evalModules` itself
//! (collection, option tree, the lazy config fixpoint) is being built.

pub mod eval;
mod function_to;
pub mod merge;
mod prepared;
pub mod properties;
mod retype;
pub mod types;

pub use eval::{eval_modules, EvalArgs, Evaluated};
pub use merge::Def;
pub use prepared::use_prepared_submodules;
pub use retype::{register_retyper, register_typers, FreshTyper, Retype, Retyper};

use aspects_nix::value::Value;
use aspects_nix::{Eval, EvalResult};

/// The module-system part of `lib`, in Nix.
pub const MODULES_LIB_SOURCE: &str = include_str!("prelude/modules-lib.nix");

/// `lib` with the module-system vocabulary merged in.
pub fn full_lib(ev: &mut Eval) -> EvalResult<Value> {
    let base = ev.lib()?;
    let e = ev.parse_static("/«lib»/modules-lib.nix", MODULES_LIB_SOURCE)?;
    let f = ev.eval(&e, aspects_nix::eval::ROOT_ENV)?;
    let extra = ev.call(f, base.clone(), Default::default())?;
    let base = ev.force(&base)?;
    match (base, extra) {
        (Value::Attrs(a), Value::Attrs(b)) => Ok(Value::attrs(a.update(&b))),
        _ => unreachable!("lib and its module vocabulary are sets"),
    }
}
