//! JSON: the Analysis and the conformance JSON (the schema of the real
//! library's golden outputs), to copy or download.

use crate::state::use_store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

fn download(name: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[component]
pub fn JsonView() -> impl IntoView {
    let store = use_store();
    let conformance = RwSignal::new(false);
    // Ask the engine for the conformance output while this view is open.
    store.want_conformance.set(true);
    on_cleanup(move || store.want_conformance.set(false));
    let text = Memo::new(move |_| {
        store.good.with(|g| {
            g.as_ref()
                .map(|r| {
                    if conformance.get() {
                        r.conformance
                            .as_ref()
                            .map(|c| serde_json::to_string_pretty(c).unwrap_or_default())
                            .unwrap_or_else(|| "(computing…)".into())
                    } else {
                        serde_json::to_string_pretty(&r.analysis).unwrap_or_default()
                    }
                })
                .unwrap_or_default()
        })
    });
    let name = move || {
        if conformance.get() {
            "conformance.json"
        } else {
            "analysis.json"
        }
    };
    view! {
        <div class="json-view">
            <div class="toolbar" role="group" aria-label="Which JSON">
                <button class:active=move || !conformance.get() aria-pressed=move || (!conformance.get()).to_string()
                    on:click=move |_| conformance.set(false)>"Analysis"</button>
                <button class:active=move || conformance.get() aria-pressed=move || conformance.get().to_string()
                    on:click=move |_| conformance.set(true)>"Conformance"</button>
                <span class="spacer"></span>
                <button on:click=move |_| copy(&text.get_untracked())>"Copy"</button>
                <button on:click=move |_| download(name(), &text.get_untracked())>"Download"</button>
            </div>
            <pre class="json" data-testid="json">{move || text.get()}</pre>
        </div>
    }
}
