//! JSON: the Analysis and the conformance JSON (the schema of the real
//! library's golden outputs), to copy or download.

use crate::browser::{copy_text, download};
use crate::state::use_store;
use leptos::prelude::*;

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
                <button on:click=move |_| copy_text(&text.get_untracked())>"Copy"</button>
                <button on:click=move |_| { let _ = download(name(), "application/json", text.get_untracked().as_bytes()); }>"Download"</button>
            </div>
            <pre class="json" data-testid="json">{move || text.get()}</pre>
        </div>
    }
}
