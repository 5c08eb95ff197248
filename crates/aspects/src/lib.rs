//! # flake-aspects, workspaces and the Analysis (layer 3)
//!
//! `transpose`, the aspect types built from the module system's combinators,
//! providers and `resolve`, `forward`, `new`/`new-scope`, flake-parts'
//! `flake.modules`; the workspace (repos, import-tree, `inputs.<repo>`,
//! Dendrix trees and layers); and the serialisable Analysis the playground
//! and the CLI show.
//!
//! May depend on: `aspects-modules` and `aspects-nix`. Knows nothing about the
//! browser: the web app and the CLI consume its Analysis.
//!
//! Status: not started yet (issue "The engine").
