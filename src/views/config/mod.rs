//! Config: the evaluated configuration of a (class, aspect). Every value
//! answers "why is this here?": the definitions behind it and the aspect
//! that brought each in, each clickable to its source.

use super::{with_good, AspectLink};
use crate::state::use_store;
use aspects_view::{config_rows, places};
use leptos::prelude::*;

#[component]
pub fn ConfigView() -> impl IntoView {
    let store = use_store();
    let classes = move || with_good(&store, |a| a.classes.clone()).unwrap_or_default();
    // The class shown: the selected one, else the first with modules.
    let class = Memo::new(move |_| {
        let all = classes();
        store
            .class
            .get()
            .filter(|c| all.contains(c))
            .or_else(|| all.first().cloned())
    });
    let aspects = move || {
        let c = class.get()?;
        with_good(&store, |a| a.exported.get(&c).cloned().unwrap_or_default())
    };
    let aspect = Memo::new(move |_| {
        let all = aspects().unwrap_or_default();
        store
            .aspect
            .get()
            .filter(|x| all.contains(x))
            .or_else(|| all.first().cloned())
    });
    let rows = move || {
        let (c, x) = (class.get()?, aspect.get()?);
        let repo = store.default_repo();
        with_good(&store, |a| {
            let config = a.configs.get(&c)?.get(&x)?;
            let prov = a
                .provenance
                .get(&c)
                .and_then(|p| p.get(&x))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            if let Some(err) = config.get("$error").and_then(|e| e.as_str()) {
                return Some(view! { <p class="error-text" data-testid="config-error">{format!("This configuration does not evaluate: {err}")}</p> }.into_any());
            }
            let rows = config_rows::rows(config, prov);
            if rows.is_empty() {
                return Some(view! { <p class="empty">"Empty configuration."</p> }.into_any());
            }
            let items: Vec<_> = rows
                .into_iter()
                .map(|r| {
                    let sources: Vec<_> = r
                        .sources
                        .iter()
                        .map(|s| {
                            let place = places::source_place(a, s, &repo);
                            let label = match &place {
                                Some(p) => format!("{}:{}", p.path, p.line),
                                None => s.file.clone(),
                            };
                            view! {
                                <span class="source">
                                    {s.aspect.clone().map(|n| view! { <AspectLink name=n /> })}
                                    <button class="place-link" title=s.via.clone().unwrap_or_default()
                                        on:click=move |_| if let Some(p) = place.clone() { store.reveal(p) }>
                                        {label}
                                    </button>
                                </span>
                            }
                        })
                        .collect();
                    let why = (!sources.is_empty()).then(|| view! {
                        <details class="why"><summary>"why?"</summary><div class="sources">{sources}</div></details>
                    });
                    view! {
                        <li class="config-row" style=format!("--depth: {}", r.depth) data-path=r.path.join(".")>
                            <code class="key">{r.key}</code>
                            {r.value.map(|v| view! { " = " <code class="value">{v}</code> ";" })}
                            {r.error.map(|e| view! { " " <span class="error-text">{format!("error: {e}")}</span> })}
                            {why}
                        </li>
                    }
                })
                .collect();
            Some(view! { <ul class="config-tree" data-testid="config-tree">{items}</ul> }.into_any())
        })
        .flatten()
    };
    view! {
        <div class="config-view">
            <div class="toolbar">
                <label>"class "
                    <select on:change=move |ev| store.class.set(Some(event_target_value(&ev)))
                        prop:value=move || class.get().unwrap_or_default()>
                        {move || classes().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>"aspect "
                    <select on:change=move |ev| store.select_aspect(Some(event_target_value(&ev)))
                        prop:value=move || aspect.get().unwrap_or_default()>
                        {move || aspects().unwrap_or_default().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect::<Vec<_>>()}
                    </select>
                </label>
            </div>
            {move || match (class.get(), aspect.get()) {
                (Some(c), Some(x)) => view! { <h3><code>{format!("flake.modules.{c}.{x}")}</code>" evaluated"</h3> }.into_any(),
                _ => view! { <p class="empty">"No module to evaluate yet."</p> }.into_any(),
            }}
            {rows}
        </div>
    }
}
