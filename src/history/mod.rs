//! The history menu: snapshots of recent workspaces (one is taken before
//! anything replaces the workspace), restore, rename, delete, export and
//! import as a file. Kept in localStorage.

use crate::browser::{download, storage};
use crate::state::{use_store, Store};
use aspects_engine::workspace::Workspace;
use aspects_view::history::History;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

const KEY: &str = "aspect-playground.history.v1";

fn read() -> History {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|t| History::from_json(&t).ok())
        .unwrap_or_default()
}

fn write(h: &History) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &h.to_json());
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    d.to_locale_string("default", &JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}

/// Takes a snapshot of the old workspace whenever a load replaces it.
pub fn snapshot_before_loads(store: Store, history: RwSignal<History>) {
    Effect::new(move |_| {
        let Some(u) = store.undo.get() else { return };
        history.update(|h| {
            h.add(
                &format!("Before loading {}", u.what),
                &u.before.print(),
                now(),
            );
        });
        write(&history.get_untracked());
    });
}

#[component]
pub fn HistoryMenu() -> impl IntoView {
    let store = use_store();
    let history = RwSignal::new(read());
    snapshot_before_loads(store, history);
    let open = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let save = move |_| {
        let name = web_sys::window().and_then(|w| {
            w.prompt_with_message_and_default("Name this snapshot:", "My workspace")
                .ok()
                .flatten()
        });
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            history.update(|h| {
                h.add(
                    name.trim(),
                    &store.workspace.with_untracked(Workspace::print),
                    now(),
                );
            });
            write(&history.get_untracked());
        }
    };
    let import = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let promise = file.text();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string());
            match text.map(|t| History::from_json(&t)) {
                Some(Ok(other)) => {
                    history.update(|h| h.merge(other));
                    write(&history.get_untracked());
                    store.notice.set(Some("History imported.".into()));
                }
                Some(Err(e)) => store.notice.set(Some(format!("Could not import: {e}."))),
                None => store.notice.set(Some("Could not read that file.".into())),
            }
        });
    };
    let items = move || {
        history.with(|h| {
            h.entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let text = e.text.clone();
                    let name = e.name.clone();
                    let old = name.clone();
                    view! {
                        <li class="history-entry">
                            <button class="example" on:click=move |_| {
                                if let Ok(ws) = Workspace::parse(&text) {
                                    store.load(&format!("snapshot “{name}”"), ws);
                                }
                            }>
                                <strong>{e.name.clone()}</strong>
                                <span class="summary">{when(e.saved_at)}</span>
                            </button>
                            <button class="small" aria-label="Rename" on:click=move |_| {
                                let new = web_sys::window().and_then(|w| w.prompt_with_message_and_default("Rename to:", &old).ok().flatten());
                                if let Some(n) = new.filter(|n| !n.trim().is_empty()) {
                                    history.update(|h| h.rename(i, n.trim()));
                                    write(&history.get_untracked());
                                }
                            }>"✎"</button>
                            <button class="small" aria-label="Delete" on:click=move |_| {
                                history.update(|h| h.delete(i));
                                write(&history.get_untracked());
                            }>"×"</button>
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="gallery">
            <button aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)
                title="Recent workspaces">"History"</button>
            <Show when=move || open.get()>
                <div class="gallery-list history" data-testid="history">
                    <div class="toolbar">
                        <button on:click=save>"Save snapshot"</button>
                        <button on:click=move |_| { let _ = download("aspect-playground-history.json", "application/json", history.with_untracked(History::to_json).as_bytes()); }>"Export"</button>
                        <label class="file-button">"Import "
                            <input type="file" accept=".json,application/json" node_ref=file_input on:change=import />
                        </label>
                    </div>
                    {move || if history.with(|h| h.entries.is_empty()) {
                        view! { <p class="empty">"No snapshots yet: one is taken before an example, a lesson or a link replaces your work."</p> }.into_any()
                    } else {
                        view! { <ul class="history-list">{items}</ul> }.into_any()
                    }}
                </div>
            </Show>
        </div>
    }
}
