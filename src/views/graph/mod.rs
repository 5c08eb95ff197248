//! Graph: the include graph laid out in layers (aspects-layout, on
//! rust-sugiyama) and drawn as SVG with real, focusable nodes. Filter by
//! class; cycles red; dropped includes dashed; provider applications drawn
//! apart from aspects; hover shows the description; click or Enter
//! selects and reveals; pan (drag, arrows), zoom (wheel, + and −), fit (0).

use super::with_good;
use crate::state::use_store;
use aspects_engine::analysis::Graph;
use aspects_layout::{layout, Edge, Layout, Node, Options};
use aspects_view::places;
use leptos::prelude::*;
use std::collections::BTreeSet;

const NODE_HEIGHT: f64 = 30.0;

/// Width of a node for its label (monospace-ish estimate).
fn node_width(label: &str) -> f64 {
    (label.chars().count() as f64 * 7.4 + 28.0).max(56.0)
}

/// The part of the graph a class filter keeps.
fn filtered(g: &Graph, class: Option<&str>) -> (Vec<Node>, Vec<Edge>) {
    let edges: Vec<Edge> = g
        .edges
        .iter()
        .filter(|e| class.is_none_or(|c| e.classes.iter().any(|x| x == c)))
        .map(|e| Edge {
            from: e.from.clone(),
            to: e.to.clone(),
        })
        .collect();
    let touched: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    let nodes = g
        .nodes
        .iter()
        .filter(|n| {
            class.is_none_or(|c| n.classes.iter().any(|x| x == c))
                || touched.contains(n.id.as_str())
        })
        .map(|n| Node {
            id: n.id.clone(),
            width: node_width(&n.label),
            height: NODE_HEIGHT,
        })
        .collect();
    (nodes, edges)
}

fn path_of(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{x:.1} {y:.1}"));
    }
    d
}

#[component]
pub fn GraphView() -> impl IntoView {
    let store = use_store();
    let filter = RwSignal::new(String::new());
    let scale = RwSignal::new(1.0f64);
    let pan = RwSignal::new((0.0f64, 0.0f64));
    let fitted = StoredValue::new(false);
    let drag = StoredValue::new(None::<(f64, f64, f64, f64)>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    let graph = Memo::new(move |_| with_good(&store, |a| a.graph.clone()).unwrap_or_default());
    let classes = move || with_good(&store, |a| a.classes.clone()).unwrap_or_default();
    let laid_out = Memo::new(move |_| {
        let f = filter.get();
        graph.with(|g| {
            let (nodes, edges) = filtered(g, (!f.is_empty()).then_some(f.as_str()));
            layout(&nodes, &edges, &Options::default())
        })
    });

    let fit = move || {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let (w, h) = (svg.client_width() as f64, svg.client_height() as f64);
        let l = laid_out.get_untracked();
        if l.width <= 0.0 || w <= 0.0 || h <= 0.0 {
            return;
        }
        let s = (w / l.width).min(h / l.height).clamp(0.1, 1.5);
        scale.set(s);
        pan.set(((w - l.width * s) / 2.0, ((h - l.height * s) / 2.0).max(0.0)));
    };
    let zoom = move |factor: f64| {
        let s = (scale.get_untracked() * factor).clamp(0.1, 4.0);
        scale.set(s);
    };
    // Fit once, when the first layout arrives (later edits keep the view).
    Effect::new(move |_| {
        let l = laid_out.get();
        if !fitted.get_value() && !l.nodes.is_empty() && svg_ref.get().is_some() {
            fitted.set_value(true);
            fit();
        }
    });

    let select = move |id: String| {
        let is_aspect =
            graph.with_untracked(|g| g.nodes.iter().any(|n| n.id == id && n.kind == "aspect"));
        let name = if is_aspect {
            id.clone()
        } else {
            id.split('#').next().unwrap_or(&id).to_string()
        };
        store.select_aspect(Some(name.clone()));
        let repo = store.default_repo();
        if let Some(p) = with_good(&store, |a| places::aspect_definition(a, &name, &repo)).flatten()
        {
            store.reveal(p);
        }
    };

    let drawing = move || {
        let l: Layout = laid_out.get();
        let g = graph.get();
        let edges: Vec<_> = l
            .edges
            .iter()
            .map(|r| {
                let info = g.edges.iter().find(|e| e.from == r.from && e.to == r.to);
                let cycle = info.is_some_and(|e| e.cycle);
                let dropped = info.is_some_and(|e| e.dropped);
                view! {
                    <path class="edge" class:cycle=cycle class:dropped=dropped
                        d=path_of(&r.points) marker-end=if cycle { "url(#arrow-cycle)" } else { "url(#arrow)" }>
                        <title>{format!("{} includes {}{}", r.from, r.to, if cycle { " (closes a cycle)" } else if dropped { " (contributes nothing)" } else { "" })}</title>
                    </path>
                }
            })
            .collect();
        let nodes: Vec<_> = l
            .nodes
            .iter()
            .map(|p| {
                let info = g.nodes.iter().find(|n| n.id == p.id).cloned();
                let kind = info.as_ref().map(|n| n.kind.clone()).unwrap_or_else(|| "aspect".into());
                let label = info.as_ref().map(|n| n.label.clone()).unwrap_or_else(|| p.id.clone());
                let description = info.as_ref().and_then(|n| n.description.clone()).unwrap_or_default();
                let classes = info.as_ref().map(|n| n.classes.join(", ")).unwrap_or_default();
                let id = p.id.clone();
                let id2 = p.id.clone();
                let id3 = p.id.clone();
                let selected = move || store.aspect.with(|a| a.as_deref() == Some(id3.as_str()));
                view! {
                    <g class=format!("node kind-{kind}") class:selected=selected
                        transform=format!("translate({:.1},{:.1})", p.x, p.y)
                        tabindex="0" role="button" data-node=p.id.clone()
                        aria-label=format!("{kind} {label}{}", if classes.is_empty() { String::new() } else { format!(", classes {classes}") })
                        on:click=move |_| select(id.clone())
                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); select(id2.clone()) }>
                        <title>{if description.is_empty() { label.clone() } else { format!("{label}: {description}") }}</title>
                        <rect width=p.width height=p.height rx=if kind == "aspect" { 8.0 } else { 15.0 }></rect>
                        <text x=p.width / 2.0 y=p.height / 2.0 + 4.5 text-anchor="middle">{label.clone()}</text>
                    </g>
                }
            })
            .collect();
        view! { <g class="edges">{edges}</g><g class="nodes">{nodes}</g> }
    };

    view! {
        <div class="graph-view">
            <div class="toolbar">
                <label>"class "
                    <select on:change=move |ev| filter.set(event_target_value(&ev)) prop:value=move || filter.get()>
                        <option value="">"all classes"</option>
                        {move || classes().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect::<Vec<_>>()}
                    </select>
                </label>
                <button on:click=move |_| zoom(1.25) aria-label="Zoom in" title="Zoom in (+)">"+ "<kbd>"+"</kbd></button>
                <button on:click=move |_| zoom(0.8) aria-label="Zoom out" title="Zoom out (−)">"− "<kbd>"-"</kbd></button>
                <button on:click=move |_| fit() title="Fit the graph (0)">"Fit "<kbd>"0"</kbd></button>
                <span class="legend">
                    <span class="lg aspect">"aspect"</span>
                    <span class="lg provider">"provider"</span>
                    <span class="lg cycle">"cycle"</span>
                    <span class="lg dropped">"dropped"</span>
                </span>
            </div>
            <svg class="graph" node_ref=svg_ref data-testid="graph" role="group" aria-label="Include graph" tabindex="0"
                on:wheel=move |ev: web_sys::WheelEvent| { ev.prevent_default(); zoom(if ev.delta_y() < 0.0 { 1.1 } else { 0.9 }); }
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    let (x, y) = pan.get_untracked();
                    drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, x, y)));
                }
                on:pointermove=move |ev: web_sys::PointerEvent| {
                    if let Some((sx, sy, x, y)) = drag.get_value() {
                        if ev.buttons() == 0 { drag.set_value(None); return; }
                        pan.set((x + ev.client_x() as f64 - sx, y + ev.client_y() as f64 - sy));
                    }
                }
                on:pointerup=move |_| drag.set_value(None)
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let step = 40.0;
                    let (x, y) = pan.get_untracked();
                    match ev.key().as_str() {
                        "+" | "=" => zoom(1.25),
                        "-" | "_" => zoom(0.8),
                        "0" => fit(),
                        "ArrowLeft" => pan.set((x + step, y)),
                        "ArrowRight" => pan.set((x - step, y)),
                        "ArrowUp" => pan.set((x, y + step)),
                        "ArrowDown" => pan.set((x, y - step)),
                        _ => return,
                    }
                    ev.prevent_default();
                }>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="arrow"></path>
                    </marker>
                    <marker id="arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="arrow cycle"></path>
                    </marker>
                </defs>
                <g transform=move || { let (x, y) = pan.get(); format!("translate({x:.1},{y:.1}) scale({:.3})", scale.get()) }>
                    {drawing}
                </g>
            </svg>
            {move || graph.with(|g| g.nodes.is_empty()).then(|| view! { <p class="empty">"No includes to draw yet."</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_engine::analysis::{GraphEdge, GraphNode};

    fn node(id: &str, classes: &[&str]) -> GraphNode {
        GraphNode {
            id: id.into(),
            label: id.into(),
            kind: "aspect".into(),
            description: None,
            classes: classes.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn class_filter_keeps_the_classes_edges_and_their_ends() {
        let g = Graph {
            nodes: vec![
                node("a", &["nixos"]),
                node("b", &[]),
                node("c", &["darwin"]),
            ],
            edges: vec![
                GraphEdge {
                    from: "a".into(),
                    to: "b".into(),
                    classes: vec!["nixos".into()],
                    dropped: false,
                    cycle: false,
                },
                GraphEdge {
                    from: "c".into(),
                    to: "b".into(),
                    classes: vec!["darwin".into()],
                    dropped: false,
                    cycle: false,
                },
            ],
        };
        let (nodes, edges) = filtered(&g, Some("nixos"));
        let ids: Vec<_> = nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(edges.len(), 1);
        let (all, all_edges) = filtered(&g, None);
        assert_eq!((all.len(), all_edges.len()), (3, 2));
        assert!(node_width("a-very-long-aspect-name") > node_width("a"));
    }
}
