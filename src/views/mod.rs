//! The output views, one folder each. They read the store's last good
//! answer (so a broken edit never blanks them) and share the selection.

pub mod aspects;
pub mod config;
pub mod diagnostics;
pub mod graph;
pub mod json;
pub mod modules;

use crate::state::{use_store, Store};
use aspects_engine::Analysis;
use aspects_view::places;
use leptos::prelude::*;

/// Runs `f` on the analysis the views show.
pub fn with_good<T>(store: &Store, f: impl FnOnce(&Analysis) -> T) -> Option<T> {
    store.good.with(|g| g.as_ref().map(|r| f(&r.analysis)))
}

/// A button naming an aspect: selects it everywhere and reveals its
/// definition.
#[component]
pub fn AspectLink(name: String) -> impl IntoView {
    let store = use_store();
    let selected = {
        let name = name.clone();
        move || store.aspect.with(|a| a.as_deref() == Some(name.as_str()))
    };
    let click = {
        let name = name.clone();
        move |_| {
            store.select_aspect(Some(name.clone()));
            let repo = store.default_repo();
            if let Some(p) =
                with_good(&store, |a| places::aspect_definition(a, &name, &repo)).flatten()
            {
                store.reveal(p);
            }
        }
    };
    view! {
        <button class="aspect-link" class:selected=selected on:click=click data-aspect=name.clone()>
            {name.clone()}
        </button>
    }
}

/// A "file:line" button that reveals a place.
#[component]
pub fn PlaceLink(place: places::Place) -> impl IntoView {
    let store = use_store();
    let label = format!("{}/{}:{}", place.repo, place.path, place.line);
    view! {
        <button class="place-link" on:click=move |_| store.reveal(place.clone())>{label}</button>
    }
}

/// Shown when there is nothing to show yet.
pub fn nothing_yet() -> impl IntoView {
    view! { <p class="empty">"Waiting for the first evaluation…"</p> }
}
