//! The editor: a plain textarea (CodeMirror arrives with the playground).

use leptos::prelude::*;

#[component]
pub fn Editor(source: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="pane-title editor-title" for="source">"Nix source"</label>
        <textarea
            id="source"
            class="source"
            spellcheck="false"
            autocomplete="off"
            prop:value=move || source.get()
            on:input=move |ev| source.set(event_target_value(&ev))
        ></textarea>
    }
}
