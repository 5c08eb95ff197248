//! The editor pane: CodeMirror 6 (the `AspectEditor` bundle) or, with
//! `?editor=plain` or when the bundle did not load, a plain textarea.
//! Shows the active file, reports edits and the cursor's aspect, marks
//! diagnostics and reveals places asked for by the views.

pub mod codemirror;

use crate::engine::now;
use crate::state::{use_store, Store, Theme};
use aspects_view::{places, positions};
use codemirror::CmHandle;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Whether the page asked for the plain editor.
fn url_wants_plain() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("editor=plain"))
}

/// The text of the active file.
fn active_text(store: &Store) -> String {
    let i = store.active.get();
    store
        .workspace
        .with(|w| w.files.get(i).map(|f| f.text.clone()))
        .unwrap_or_default()
}

/// Replaces the active file's text with what the user typed.
fn user_edited(store: Store, text: String) {
    crate::metrics::edited(now());
    // An edit leaves safe mode: it is a different text now.
    if store.paused.get_untracked() {
        store.paused.set(false);
    }
    let i = store.active.get_untracked();
    store.workspace.update(|w| {
        if let Some(f) = w.files.get_mut(i) {
            f.text = text;
        }
    });
}

/// The user's cursor is at UTF-16 offset `unit`: select the aspect there.
fn cursor_moved(store: Store, unit: usize) {
    let i = store.active.get_untracked();
    let Some((repo, path, text)) = store.workspace.with_untracked(|w| {
        w.files
            .get(i)
            .map(|f| (f.repo.clone(), f.path.clone(), f.text.clone()))
    }) else {
        return;
    };
    let line = positions::line_of_byte(&text, positions::byte_of_utf16(&text, unit));
    let default_repo = store.default_repo();
    let aspect = store.good.with_untracked(|g| {
        g.as_ref()
            .and_then(|r| places::aspect_at(&r.analysis, &repo, &path, line, &default_repo))
    });
    if aspect.is_some() {
        store.select_aspect(aspect);
    }
}

pub fn effective_theme(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
        Theme::Auto => {
            let dark = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark {
                "dark"
            } else {
                "light"
            }
        }
    }
}

#[component]
pub fn Editor() -> impl IntoView {
    let store = use_store();
    let host = NodeRef::<leptos::html::Div>::new();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let cm: StoredValue<Option<CmHandle>, LocalStorage> = StoredValue::new_local(None);
    let plain = store.plain_editor;
    plain.set(url_wants_plain() || !codemirror::available());
    let read_only = use_context::<Option<crate::embed::EmbedOptions>>()
        .flatten()
        .is_some_and(|e| e.read_only);

    // Create CodeMirror once its host is in the page.
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if plain.get_untracked() || cm.with_value(Option::is_some) {
            return;
        }
        let on_change = Closure::<dyn Fn(String)>::new(move |t: String| user_edited(store, t));
        let on_cursor = Closure::<dyn Fn(f64)>::new(move |u: f64| cursor_moved(store, u as usize));
        let theme = effective_theme(store.theme.get_untracked());
        let created = codemirror::create(
            &el,
            &untrack(|| active_text(&store)),
            theme,
            "Nix source",
            read_only,
            on_change.as_ref().unchecked_ref(),
            on_cursor.as_ref().unchecked_ref(),
        );
        on_change.forget();
        on_cursor.forget();
        match created {
            Some(h) => cm.set_value(Some(h)),
            None => plain.set(true),
        }
    });

    // Keep the editor's text equal to the active file (file switches,
    // loads, undo); the user's own edits are already there.
    Effect::new(move |_| {
        let text = active_text(&store);
        cm.with_value(|h| {
            if let Some(h) = h {
                if h.get_text() != text {
                    h.set_text(&text);
                }
            }
        });
    });

    Effect::new(move |_| {
        let theme = effective_theme(store.theme.get());
        cm.with_value(|h| {
            if let Some(h) = h {
                h.set_theme(theme);
            }
        });
    });

    // Inline markers for the engine's diagnostics in the active file.
    Effect::new(move |_| {
        let i = store.active.get();
        let default_repo = store.default_repo();
        let markers = js_sys::Array::new();
        store.latest.with(|latest| {
            let Some(r) = latest else { return };
            store.workspace.with(|w| {
                let Some(f) = w.files.get(i) else { return };
                let all = r.analysis.diagnostics.iter().chain(r.analysis.fatal.iter());
                for d in all {
                    let Some(p) = places::diagnostic_place(d, &default_repo) else {
                        continue;
                    };
                    if p.repo != f.repo || p.path != f.path {
                        continue;
                    }
                    let (s, e) = p.range.unwrap_or_else(|| {
                        let at = positions::byte_of_line_column(&f.text, p.line, p.column);
                        (at, positions::line_range(&f.text, p.line).1)
                    });
                    let from = positions::utf16_of_byte(&f.text, s);
                    let to = positions::utf16_of_byte(&f.text, e.max(s));
                    markers.push(&codemirror::diagnostic(from, to, &d.severity, &d.message));
                }
            });
        });
        cm.with_value(|h| {
            if let Some(h) = h {
                h.set_diagnostics(&markers);
            }
        });
    });

    // Reveal a place: open its file, select the range, focus.
    Effect::new(move |_| {
        let Some(reveal) = store.reveal.get() else {
            return;
        };
        let p = reveal.place;
        let Some(i) = store.workspace.with_untracked(|w| {
            w.files
                .iter()
                .position(|f| f.repo == p.repo && f.path == p.path)
        }) else {
            return;
        };
        if store.active.get_untracked() != i {
            store.active.set(i);
        }
        store.show_editor.set(true);
        let text = store.workspace.with_untracked(|w| w.files[i].text.clone());
        let (s, e) = p
            .range
            .unwrap_or_else(|| positions::line_range(&text, p.line));
        let from = positions::utf16_of_byte(&text, s);
        let to = positions::utf16_of_byte(&text, e);
        let mut done = false;
        cm.with_value(|h| {
            if let Some(h) = h {
                if h.get_text() != text {
                    h.set_text(&text);
                }
                h.reveal(from as u32, to as u32);
                done = true;
            }
        });
        if !done {
            if let Some(t) = area.get_untracked() {
                t.set_value(&text);
                let _ = t.focus();
                let _ = t.set_selection_range(from as u32, to as u32);
            }
        }
    });

    view! {
        <Show
            when=move || plain.get()
            fallback=move || view! { <div class="editor-host" node_ref=host data-testid="editor"></div> }
        >
            <textarea
                id="source"
                class="source"
                node_ref=area
                data-testid="editor"
                aria-label="Nix source"
                readonly=read_only
                spellcheck="false"
                autocomplete="off"
                prop:value=move || active_text(&store)
                on:input=move |ev| user_edited(store, event_target_value(&ev))
                on:click=move |ev| {
                    let t: web_sys::HtmlTextAreaElement = event_target(&ev);
                    cursor_moved(store, t.selection_start().ok().flatten().unwrap_or(0) as usize);
                }
            ></textarea>
        </Show>
    }
}
