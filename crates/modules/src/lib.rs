//! # The module system (layer 2)
//!
//! A native `evalModules`: imports, module functions and their arguments,
//! options and types, definitions with priorities (`mkIf`, `mkMerge`,
//! `mkOverride`, `mkOrder`), freeform types, submodules and deferred modules,
//! dedup by key, and provenance for every definition.
//!
//! May depend on: `aspects-nix` (values, evaluation, errors). Knows nothing
//! about flake-aspects, workspaces or the browser.
//!
//! Status: not started yet (issue "The engine").
