//! # The web app (layer 4)
//!
//! The Leptos (client-side rendered) playground. It may use every crate
//! below it; nothing below it knows about the browser. One feature per
//! folder: component, style and tests together. The engine runs in a Web
//! Worker (`src/bin/engine-worker.rs`); [`engine`] is the page's side.

pub mod app;
pub mod browser;
pub mod editor;
pub mod embed;
pub mod engine;
pub mod examples;
pub mod export_button;
pub mod files;
pub mod gallery_menu;
pub mod history;
pub mod metrics;
pub mod protocol;
pub mod share;
pub mod state;
pub mod status_bar;
pub mod tutorial;
pub mod views;

pub use app::App;
use wasm_bindgen::JsValue;

/// Mounts the playground on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// `window.aspectPlayground[key]`, created with `init` when missing: what
/// the page publishes for scripts and tests.
pub fn published(key: &str, init: impl FnOnce() -> JsValue) -> JsValue {
    let Some(window) = web_sys::window() else {
        return init();
    };
    let holder_key = JsValue::from_str("aspectPlayground");
    let holder = js_sys::Reflect::get(&window, &holder_key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let h: JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&window, &holder_key, &h);
            h
        });
    let key = JsValue::from_str(key);
    match js_sys::Reflect::get(&holder, &key) {
        Ok(v) if !v.is_undefined() => v,
        _ => {
            let v = init();
            let _ = js_sys::Reflect::set(&holder, &key, &v);
            v
        }
    }
}
