//! Modules: the transpose as an aspect × class grid. A cell opens the
//! resolved import tree of `flake.modules.<class>.<aspect>` in resolution
//! order, with the aspect-chain each node saw, and the modules merged into
//! it with their files.

use super::{with_good, AspectLink, PlaceLink};
use crate::state::use_store;
use aspects_engine::analysis::TreeNode;
use aspects_view::{grid, places};
use leptos::prelude::*;

fn tree_view(n: &TreeNode) -> AnyView {
    let chain = (!n.chain.is_empty()).then(|| {
        view! { <span class="chain" title="aspect-chain">{format!("chain: [ {} ]", n.chain.join(" "))}</span> }
    });
    let children: Vec<AnyView> = n.children.iter().map(tree_view).collect();
    let label = if n.kind == "aspect" {
        view! { <AspectLink name=n.label.clone() /> }.into_any()
    } else {
        view! { <span class="node-label">{n.label.clone()}</span> }.into_any()
    };
    view! {
        <li class=format!("tree-node kind-{}", n.kind) data-node=n.id.clone()>
            <span class=format!("kind kind-{}", n.kind)>{n.kind.clone()}</span>
            " " {label} " "
            {if n.has_class { view! { <span class="contributes" title="contributes a module for this class">"●"</span> }.into_any() }
             else { view! { <span class="no-module" title="no module for this class">"○"</span> }.into_any() }}
            " " {chain}
            {(!children.is_empty()).then(|| view! { <ol>{children}</ol> })}
        </li>
    }
    .into_any()
}

#[component]
pub fn ModulesView() -> impl IntoView {
    let store = use_store();
    let table = move || {
        with_good(&store, |a| {
            let g = grid::grid(a);
            let head: Vec<_> = g
                .classes
                .iter()
                .map(|c| view! { <th scope="col">{c.clone()}</th> })
                .collect();
            let rows: Vec<_> = g
                .rows
                .into_iter()
                .map(|row| {
                    let aspect = row.aspect.clone();
                    let n = aspect.clone();
                    let row_selected =
                        move || store.aspect.with(|s| s.as_deref() == Some(n.as_str()));
                    let cells: Vec<_> = row
                        .cells
                        .into_iter()
                        .map(|cell| {
                            let (c, a) = (cell.class.clone(), aspect.clone());
                            let (c2, a2) = (c.clone(), a.clone());
                            let open = move || {
                                store.class.with(|x| x.as_deref() == Some(c2.as_str()))
                                    && store.aspect.with(|x| x.as_deref() == Some(a2.as_str()))
                            };
                            let label = if cell.exported {
                                format!(
                                    "{} module{}",
                                    cell.contributing,
                                    if cell.contributing == 1 { "" } else { "s" }
                                )
                            } else {
                                "—".to_string()
                            };
                            view! {
                                <td>
                                    <button
                                        class="cell"
                                        class:exported=cell.exported
                                        class:error=cell.error
                                        class:open=open
                                        disabled=!cell.exported
                                        aria-label=format!("flake.modules.{c}.{a}")
                                        data-cell=format!("{c}/{a}")
                                        on:click=move |_| {
                                            store.class.set(Some(c.clone()));
                                            store.select_aspect(Some(a.clone()));
                                        }
                                    >{label}</button>
                                </td>
                            }
                        })
                        .collect();
                    view! {
                        <tr class:selected=row_selected>
                            <th scope="row"><AspectLink name=aspect.clone() /></th>
                            {cells}
                        </tr>
                    }
                })
                .collect();
            view! {
                <table class="grid" data-testid="modules-grid">
                    <thead><tr><th scope="col">"aspect \\ class"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let detail = move || {
        let class = store.class.get()?;
        let aspect = store.aspect.get()?;
        let repo = store.default_repo();
        with_good(&store, |a| {
            let tree = a.trees.get(&class).and_then(|t| t.get(&aspect))?;
            let contributions: Vec<_> = a
                .contributions
                .get(&class)
                .and_then(|c| c.get(&aspect))
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            let place = places::contribution_place(c, &repo);
                            view! {
                                <li>
                                    <code>{c.via.clone()}</code> " "
                                    <span class=format!("kind kind-{}", c.kind)>{c.kind.clone()}</span> " "
                                    {place.map(|p| view! { <PlaceLink place=p /> })}
                                </li>
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            Some(view! {
                <section class="module-detail" data-testid="module-tree">
                    <h3><code>{format!("flake.modules.{class}.{aspect}")}</code></h3>
                    <p class="muted">"Resolved includes, in resolution order (● contributes a module):"</p>
                    <ol class="tree">{tree_view(tree)}</ol>
                    {(!contributions.is_empty()).then(|| view! {
                        <h4>"Modules merged into it"</h4>
                        <ul class="contributions">{contributions}</ul>
                    })}
                </section>
            })
        })
        .flatten()
    };
    view! {
        <div class="modules-view">
            {table}
            {detail}
        </div>
    }
}
