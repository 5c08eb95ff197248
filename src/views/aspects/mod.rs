//! Aspects: each aspect's name, description, classes, includes (kind,
//! functionArgs, resolved name) and provides tree — the conformance
//! schema's ASPECT shape.

use super::{with_good, AspectLink};
use crate::state::use_store;
use leptos::prelude::*;
use serde_json::Value as Json;

fn strings(j: Option<&Json>) -> Vec<String> {
    j.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn include_line(inc: &Json) -> impl IntoView {
    let kind = inc
        .get("kind")
        .and_then(Json::as_str)
        .unwrap_or("?")
        .to_string();
    let name = inc.get("name").and_then(Json::as_str).map(str::to_string);
    let args: Vec<String> = inc
        .get("functionArgs")
        .and_then(Json::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    if v.as_bool() == Some(true) {
                        format!("{k}?")
                    } else {
                        k.clone()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    view! {
        <li class="include">
            <span class=format!("kind kind-{kind}")>{kind.clone()}</span>
            " "
            {match name {
                Some(n) => view! { <AspectLink name=n /> }.into_any(),
                None => view! { <span class="muted">"(anonymous)"</span> }.into_any(),
            }}
            {(!args.is_empty()).then(|| view! { <code class="args">{format!("{{ {} }}", args.join(", "))}</code> })}
        </li>
    }
}

fn provides_tree(p: &Json) -> AnyView {
    let Some(m) = p.as_object().filter(|m| !m.is_empty()) else {
        return ().into_any();
    };
    let items: Vec<_> = m
        .iter()
        .map(|(k, v)| {
            let kind = v.get("kind").and_then(Json::as_str).unwrap_or("").to_string();
            let sub = v.get("provides").map(provides_tree).unwrap_or_else(|| ().into_any());
            view! {
                <li><code>{format!("_.{k}")}</code>" "<span class=format!("kind kind-{kind}")>{kind.clone()}</span>{sub}</li>
            }
        })
        .collect();
    view! { <ul class="provides">{items}</ul> }.into_any()
}

#[component]
pub fn AspectsView() -> impl IntoView {
    let store = use_store();
    let cards = move || {
        with_good(&store, |a| {
            a.aspects
                .iter()
                .map(|(name, j)| {
                    let description = j.get("description").and_then(Json::as_str).unwrap_or("").to_string();
                    let classes = strings(j.get("classes"));
                    let includes: Vec<Json> = j
                        .get("includes")
                        .and_then(Json::as_array)
                        .cloned()
                        .unwrap_or_default();
                    let provides = j.get("provides").cloned().unwrap_or(Json::Null);
                    let n = name.clone();
                    let selected = move || store.aspect.with(|s| s.as_deref() == Some(n.as_str()));
                    view! {
                        <article class="aspect-card" class:selected=selected data-testid="aspect-card">
                            <h3><AspectLink name=name.clone() /></h3>
                            <p class="description">{description}</p>
                            <p class="classes">
                                {classes.into_iter().map(|c| view! { <span class="chip">{c}</span> }).collect::<Vec<_>>()}
                            </p>
                            {(!includes.is_empty()).then(|| view! {
                                <h4>"includes"</h4>
                                <ul class="includes">{includes.iter().map(include_line).collect::<Vec<_>>()}</ul>
                            })}
                            {provides_tree(&provides)}
                        </article>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="aspects-view">
            {move || cards().map(|c| if c.is_empty() {
                view! { <p class="empty">"No aspects yet: define some under flake.aspects."</p> }.into_any()
            } else {
                c.into_any()
            })}
        </div>
    }
}
