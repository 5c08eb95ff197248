//! Diagnostics: every error and warning of the newest evaluation, each
//! clickable to its place.

use crate::state::use_store;
use aspects_engine::analysis::Diagnostic;
use aspects_view::places;
use leptos::prelude::*;

/// The newest evaluation's diagnostics, the fatal one first.
pub fn all(store: &crate::state::Store) -> Vec<Diagnostic> {
    store.latest.with(|l| {
        l.as_ref()
            .map(|r| {
                r.analysis
                    .fatal
                    .iter()
                    .chain(r.analysis.diagnostics.iter())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn DiagnosticsView() -> impl IntoView {
    let store = use_store();
    let items = move || {
        let repo = store.default_repo();
        all(&store)
            .into_iter()
            .map(|d| {
                let place = places::diagnostic_place(&d, &repo);
                let at = place
                    .as_ref()
                    .map(|p| format!("{}/{}:{}:{}", p.repo, p.path, p.line, p.column))
                    .unwrap_or_default();
                let context = match (&d.aspect, &d.class) {
                    (Some(a), Some(c)) => format!("aspect {a}, class {c}"),
                    (Some(a), None) => format!("aspect {a}"),
                    _ => String::new(),
                };
                view! {
                    <li class=format!("diagnostic {}", d.severity) data-kind=d.kind.clone()>
                        <button class="diagnostic-head" disabled=place.is_none()
                            on:click=move |_| if let Some(p) = place.clone() { store.reveal(p) }>
                            <span class="severity">{d.severity.clone()}</span>
                            " " <span class="where">{at}</span>
                            " " <span class="message">{d.message.clone()}</span>
                        </button>
                        <div class="meta"><code>{d.kind.clone()}</code>" "{context}</div>
                        <details><summary>"details"</summary><pre>{d.detail.clone()}</pre></details>
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div class="diagnostics-view">
            {move || {
                let list = items();
                if list.is_empty() {
                    view! { <p class="ok-text" data-testid="no-diagnostics">"No errors or warnings."</p> }.into_any()
                } else {
                    view! { <ul class="diagnostics" data-testid="diagnostics">{list}</ul> }.into_any()
                }
            }}
        </div>
    }
}
