//! The examples gallery: every example of aspects-gallery, loadable with
//! one click; the previous workspace can be brought back (undo).

use crate::state::use_store;
use aspects_engine::workspace::Workspace;
use aspects_gallery::{Expect, EXAMPLES};

/// What loading an example should give (for the end-to-end tests).
fn expect_attr(e: &Expect) -> String {
    match e {
        Expect::Clean => "clean".into(),
        Expect::Warning(k) => format!("warning:{k}"),
        Expect::Error(k) => format!("error:{k}"),
    }
}
use leptos::prelude::*;

/// Loads example `id`; false if there is none.
pub fn load_example(store: crate::state::Store, id: &str) -> bool {
    let Some(e) = aspects_gallery::by_id(id) else {
        return false;
    };
    match Workspace::parse(e.workspace) {
        Ok(ws) => {
            store.load(&format!("example “{}”", e.title), ws);
            true
        }
        Err(_) => false,
    }
}

#[component]
pub fn GalleryMenu() -> impl IntoView {
    let store = use_store();
    let open = RwSignal::new(false);
    view! {
        <div class="gallery">
            <button class="gallery-toggle" aria-expanded=move || open.get().to_string() aria-controls="gallery-list"
                on:click=move |_| open.update(|o| *o = !*o) title="Examples (Alt+E)">
                "Examples " <kbd>"Alt+E"</kbd>
            </button>
            <Show when=move || open.get()>
                <ul id="gallery-list" class="gallery-list" data-testid="gallery">
                    {EXAMPLES.iter().map(|e| {
                        let id = e.id;
                        view! {
                            <li>
                                <button class="example" data-example=id data-expect=expect_attr(&e.expect) on:click=move |_| {
                                    load_example(store, id);
                                    open.set(false);
                                }>
                                    <strong>{e.title}</strong>
                                    <span class="summary">{e.summary}</span>
                                </button>
                            </li>
                        }
                    }).collect::<Vec<_>>()}
                </ul>
            </Show>
        </div>
    }
}

/// "Loaded X — Undo", shown after a load.
#[component]
pub fn UndoToast() -> impl IntoView {
    let store = use_store();
    view! {
        {move || store.undo.get().map(|u| view! {
            <div class="toast" role="status" data-testid="undo-toast">
                {format!("Loaded {}.", u.what)} " "
                <button on:click=move |_| store.undo_load()>"Undo"</button>
                <button class="small" aria-label="Dismiss" on:click=move |_| store.undo.set(None)>"×"</button>
            </div>
        })}
    }
}
