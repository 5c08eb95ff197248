//! # The web app (layer 4)
//!
//! The Leptos (client-side rendered) playground. It may use every crate
//! below it; nothing below it knows about the browser. One feature per
//! folder: component, style and tests together.

pub mod app;
pub mod editor;
pub mod examples;
pub mod syntax_panel;

pub use app::App;

/// Mounts the playground on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
