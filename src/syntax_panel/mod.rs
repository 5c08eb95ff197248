//! The syntax pane: rnix's parse of the editor text, re-run shortly after
//! each edit, with every error's line and column.

use aspects_nix::{parse_diagnostics, SyntaxDiagnostic};
use gloo_timers::future::TimeoutFuture;
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::JsValue;

/// How long typing must pause before the text is parsed again.
const DEBOUNCE_MS: u32 = 60;

#[component]
pub fn SyntaxPanel(source: RwSignal<String>) -> impl IntoView {
    let diagnostics = RwSignal::new(parse_diagnostics(&source.get_untracked()));
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let text = source.get();
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        spawn_local(async move {
            TimeoutFuture::new(DEBOUNCE_MS).await;
            if generation.get_value() == mine {
                let found = parse_diagnostics(&text);
                publish(&found);
                diagnostics.set(found);
            }
        });
    });

    view! {
        <h2 class="pane-title">"Syntax"</h2>
        <p class="status" data-testid="syntax-status">
            {move || match diagnostics.with(Vec::len) {
                0 => "No syntax errors".to_string(),
                1 => "1 syntax error".to_string(),
                n => format!("{n} syntax errors"),
            }}
        </p>
        <ul class="diagnostics" data-testid="syntax-errors">
            <For
                each=move || diagnostics.get()
                key=|d| (d.start, d.message.clone())
                let:d
            >
                <li class="diagnostic error">
                    <span class="where">{format!("line {}, column {}", d.at.line, d.at.column)}</span>
                    " "
                    <span class="message">{d.message.clone()}</span>
                </li>
            </For>
        </ul>
    }
}

/// Exposes the newest parse result as `window.aspectPlayground.syntax` for
/// scripts and tests (serialised with serde-wasm-bindgen).
fn publish(found: &[SyntaxDiagnostic]) {
    let Ok(value) = serde_wasm_bindgen::to_value(found) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("aspectPlayground");
    let holder = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&holder, &JsValue::from_str("syntax"), &value);
    let _ = js_sys::Reflect::set(&window, &key, &holder);
}
