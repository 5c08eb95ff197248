//! Layered (Sugiyama-style) layout of the include graph.
//!
//! An edge `from → to` means "`from` includes `to`", so includers are drawn
//! above what they include. The pipeline:
//!
//! 1. **Normalise** the input: nodes are deduplicated and sorted by id, edges
//!    to unknown ids are dropped, duplicate edges collapsed, self-loops set
//!    aside. Everything after this works on indices into the sorted node list,
//!    so the result does not depend on the order of the input.
//! 2. **Break cycles** with a depth-first search that visits nodes and their
//!    successors in id order; every back edge is reversed for the layout (and
//!    drawn pointing the right way again in the routes).
//! 3. **Rank** (assign layers): longest path from the top, then local moves
//!    that shorten edges (a root that only includes something deep comes
//!    down to just above it); see `ranks`.
//! 4. **Dummy vertices**: an edge spanning several layers is split into a
//!    chain with one vertex per layer in between; a source below the top
//!    layer gets a chain of invisible, zero-width anchors above it.
//! 5. **Order and x coordinates** come from [`rust_sugiyama`] (barycenter
//!    crossing reduction, with transposition up to 600 vertices, then
//!    Brandes–Köpf coordinates with the real node widths). Our graph is
//!    properly layered, so rust-sugiyama's longest-path ranking reproduces
//!    our layers exactly (a unit test checks it) and it adds no dummies of
//!    its own; our dummies are ordinary vertices to it, so we get their
//!    positions and route long edges through them.
//! 6. **Separation pass**: every layer is swept left to right (in the order
//!    rust-sugiyama chose) pushing nodes right until neighbours are at least
//!    `node_gap` apart, whatever the library returned.
//! 7. **Packing**: connected components side by side (ordered by their
//!    smallest id), then the isolated nodes side by side in the top row, to
//!    the right of all components, so adding or removing an isolated node
//!    never moves a node of a component.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use rust_sugiyama::configure::{Config, CrossingMinimization, RankingType};
use serde::{Deserialize, Serialize};

/// A node to lay out. `width`/`height` are its drawn size (non-finite or
/// negative sizes count as 0, sizes above 1e9 as 1e9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub width: f64,
    pub height: f64,
}

/// `from` includes `to`: `from` is drawn above `to` when the graph allows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
}

/// A placed node; `x`, `y` is its top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The polyline of one edge, from the source to the target.
///
/// Downward edges (the normal case) start at the source's bottom-centre and
/// end at the target's top-centre. An edge that had to be reversed to break a
/// cycle points upwards: it starts at the source's top-centre and ends at the
/// target's bottom-centre. Edges spanning several layers bend through one
/// pair of points per layer crossed (the top and bottom of that layer's band).
/// A self-loop is a small rectangular loop on the right side of its node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
}

/// The result: nodes sorted by id, one per distinct input id; routes sorted
/// by `(from, to)`, one per distinct edge between known nodes; the size of
/// the drawing including the margins (0 × 0 for an empty graph).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub nodes: Vec<Placed>,
    pub edges: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Spacing. Non-finite or negative values count as 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Vertical space between the bottom of one layer and the top of the next.
    pub layer_gap: f64,
    /// Minimum horizontal space between two nodes of a layer (components and
    /// isolated nodes are separated by twice this).
    pub node_gap: f64,
    /// Space around the whole drawing.
    pub margin: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layer_gap: 48.0,
            node_gap: 24.0,
            margin: 16.0,
        }
    }
}

/// Above this many vertices (nodes, dummies and anchors) rust-sugiyama's
/// transpose step (repeated swaps of neighbours while that removes
/// crossings) is switched off: it costs more than all the rest on big graphs.
const TRANSPOSE_LIMIT: usize = 600;

/// Sizes and gaps: non-finite or negative values count as 0, and anything
/// beyond a billion as a billion, so that sums stay finite.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v.min(1e9)
    } else {
        0.0
    }
}

/// What a vertex handed to rust-sugiyama stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A node (index into the sorted node list).
    Node(usize),
    /// One layer of a long edge: where its route bends.
    Dummy,
    /// Holds a source below the top layer (see [`prepare`]); never drawn and
    /// zero-width to rust-sugiyama.
    Anchor,
}

#[derive(Debug, Clone, Copy)]
struct Vert {
    kind: Kind,
    rank: usize,
    width: f64,
    height: f64,
}

/// The input reduced to indices, with cycles broken, ranks assigned and the
/// graph for rust-sugiyama built.
struct Prepared<'a> {
    ids: Vec<&'a str>,
    /// Sanitised (width, height) per node.
    size: Vec<(f64, f64)>,
    /// Distinct edges between distinct known nodes, as given.
    edges: BTreeSet<(usize, usize)>,
    self_loops: BTreeSet<usize>,
    /// The given edges that point upwards in the layout.
    reversed: BTreeSet<(usize, usize)>,
    graph: StableDiGraph<Vert, ()>,
    /// The vertex of each node, `None` for an isolated node.
    vertex: Vec<Option<NodeIndex>>,
    /// The dummies of each (acyclic, downward) edge, top to bottom.
    chains: BTreeMap<(usize, usize), Vec<NodeIndex>>,
}

fn prepare<'a>(nodes: &'a [Node], edges: &[Edge]) -> Prepared<'a> {
    // Distinct ids in sorted order. For a repeated id the largest size wins,
    // which does not depend on the input order.
    let mut sizes: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for n in nodes {
        let (w, h) = (clean(n.width), clean(n.height));
        let e = sizes.entry(n.id.as_str()).or_insert((w, h));
        e.0 = e.0.max(w);
        e.1 = e.1.max(h);
    }
    let ids: Vec<&str> = sizes.keys().copied().collect();
    let size: Vec<(f64, f64)> = sizes.values().copied().collect();
    let n = ids.len();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    let mut edge_set = BTreeSet::new();
    let mut self_loops = BTreeSet::new();
    for e in edges {
        if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            if a == b {
                self_loops.insert(a);
            } else {
                edge_set.insert((a, b));
            }
        }
    }

    let reversed = back_edges(n, &edge_set);
    let dag: BTreeSet<(usize, usize)> = edge_set
        .iter()
        .map(|&(a, b)| {
            if reversed.contains(&(a, b)) {
                (b, a)
            } else {
                (a, b)
            }
        })
        .collect();
    let rank = ranks(n, &dag);

    // Vertices: the non-isolated nodes in id order, then each source's
    // anchors, then the dummies of each long edge in edge order.
    let mut has_pred = vec![false; n];
    let mut connected = vec![false; n];
    for &(a, b) in &dag {
        has_pred[b] = true;
        connected[a] = true;
        connected[b] = true;
    }
    let mut graph: StableDiGraph<Vert, ()> = StableDiGraph::new();
    let mut vertex: Vec<Option<NodeIndex>> = vec![None; n];
    for i in (0..n).filter(|&i| connected[i]) {
        vertex[i] = Some(graph.add_node(Vert {
            kind: Kind::Node(i),
            rank: rank[i],
            width: size[i].0,
            height: size[i].1,
        }));
    }
    // rust-sugiyama ranks by longest path (RankingType::Up), which agrees
    // with our ranks once every edge spans one layer, except for a source
    // that we moved below the top: a chain of invisible anchors, one per
    // layer above it, keeps it there.
    let add_chain = |graph: &mut StableDiGraph<Vert, ()>,
                     kind,
                     from: NodeIndex,
                     ranks: std::ops::Range<usize>,
                     to: NodeIndex| {
        let mut chain = Vec::new();
        let mut prev = from;
        for r in ranks {
            let d = graph.add_node(Vert {
                kind,
                rank: r,
                width: 0.0,
                height: 0.0,
            });
            graph.add_edge(prev, d, ());
            chain.push(d);
            prev = d;
        }
        graph.add_edge(prev, to, ());
        chain
    };
    for i in (0..n).filter(|&i| connected[i] && !has_pred[i] && rank[i] > 0) {
        let Some(v) = vertex[i] else { continue };
        let top = graph.add_node(Vert {
            kind: Kind::Anchor,
            rank: 0,
            width: 0.0,
            height: 0.0,
        });
        add_chain(&mut graph, Kind::Anchor, top, 1..rank[i], v);
    }
    let mut chains = BTreeMap::new();
    for &(a, b) in &dag {
        if let (Some(va), Some(vb)) = (vertex[a], vertex[b]) {
            let chain = add_chain(&mut graph, Kind::Dummy, va, rank[a] + 1..rank[b], vb);
            chains.insert((a, b), chain);
        }
    }

    Prepared {
        ids,
        size,
        edges: edge_set,
        self_loops,
        reversed,
        graph,
        vertex,
        chains,
    }
}

/// Runs rust-sugiyama on the prepared graph: the centre x of every vertex
/// (indexed by vertex), the y rust-sugiyama chose (only used by the tests, to
/// check that its layers are ours) and the connected components, each as its
/// sorted vertices, in the order of their smallest vertex.
fn sugiyama(
    graph: &StableDiGraph<Vert, ()>,
    node_gap: f64,
) -> (Vec<(f64, f64)>, Vec<Vec<NodeIndex>>) {
    let mut xy = vec![(0.0, 0.0); graph.node_count()];
    let mut components = Vec::new();
    if graph.node_count() == 0 {
        return (xy, components);
    }
    let config = Config {
        minimum_length: 1,
        vertex_spacing: node_gap,
        dummy_vertices: true,
        dummy_size: 0.0,
        ranking_type: RankingType::Up,
        c_minimization: CrossingMinimization::Barycenter,
        transpose: graph.node_count() <= TRANSPOSE_LIMIT,
    };
    // rust-sugiyama adds `vertex_spacing` to every width: a dummy given
    // -node_gap/2 takes node_gap/2 (bundles of long edges stay compact, while
    // nodes keep node_gap between them) and an anchor takes no room at all.
    let size_of = |_, v: &Vert| match v.kind {
        Kind::Node(_) => (v.width, v.height),
        Kind::Dummy => (-node_gap / 2.0, 0.0),
        Kind::Anchor => (-node_gap, 0.0),
    };
    for (coords, _, _) in rust_sugiyama::from_graph(graph, &size_of, &config) {
        let mut members = Vec::with_capacity(coords.len());
        for (v, (x, y)) in coords {
            if let Some(slot) = xy.get_mut(v.index()) {
                let finite = |c: f64| if c.is_finite() { c } else { 0.0 };
                *slot = (finite(x), finite(y));
                members.push(v);
            }
        }
        members.sort();
        if !members.is_empty() {
            components.push(members);
        }
    }
    components.sort();
    (xy, components)
}

/// Lays out `nodes` and `edges`. Never panics; see the crate docs for the
/// steps and [`Route`] for the edge geometry.
pub fn layout(nodes: &[Node], edges: &[Edge], options: &Options) -> Layout {
    let layer_gap = clean(options.layer_gap);
    let node_gap = clean(options.node_gap);
    let margin = clean(options.margin);
    if nodes.is_empty() {
        return Layout {
            nodes: Vec::new(),
            edges: Vec::new(),
            width: 0.0,
            height: 0.0,
        };
    }
    let p = prepare(nodes, edges);
    let graph = &p.graph;
    let n = p.ids.len();
    let (xy, components) = sugiyama(graph, node_gap);
    let mut x_centre: Vec<f64> = xy.iter().map(|c| c.0).collect();

    let mut placed: Vec<(f64, f64)> = vec![(0.0, 0.0); n]; // top-left of each node
                                                           // (component, rank) → (top, bottom) of that layer's band.
    let mut band: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
    let mut component_of: Vec<usize> = vec![0; graph.node_count()];
    let mut left = margin;
    let mut bottom = margin;
    for (c, members) in components.iter().enumerate() {
        // Layers in rust-sugiyama's order, anchors left out.
        let max_rank = members.iter().map(|v| graph[*v].rank).max().unwrap_or(0);
        let mut layers: Vec<Vec<NodeIndex>> = vec![Vec::new(); max_rank + 1];
        for &v in members {
            component_of[v.index()] = c;
            if graph[v].kind != Kind::Anchor {
                layers[graph[v].rank].push(v);
            }
        }
        // Separation: sweep each layer left to right.
        let half = |v: NodeIndex| match graph[v].kind {
            Kind::Node(_) => (graph[v].width + node_gap) / 2.0,
            _ => node_gap / 4.0,
        };
        let mut min_left = f64::INFINITY;
        for layer in &mut layers {
            layer.sort_by(|a, b| {
                x_centre[a.index()]
                    .total_cmp(&x_centre[b.index()])
                    .then(a.cmp(b))
            });
            for k in 0..layer.len() {
                let v = layer[k];
                if k > 0 {
                    let u = layer[k - 1];
                    let min = x_centre[u.index()] + half(u) + half(v);
                    if x_centre[v.index()] < min {
                        x_centre[v.index()] = min;
                    }
                }
                min_left = min_left.min(x_centre[v.index()] - graph[v].width / 2.0);
            }
        }
        // Place: the component's left edge at `left`, layers from the top.
        let shift = left - min_left;
        let mut right = left;
        let mut top = margin;
        for (r, layer) in layers.iter().enumerate() {
            let height = layer.iter().map(|v| graph[*v].height).fold(0.0, f64::max);
            band.insert((c, r), (top, top + height));
            for &v in layer {
                let vert = &graph[v];
                let x = x_centre[v.index()] + shift;
                x_centre[v.index()] = x;
                right = right.max(x + vert.width / 2.0);
                if let Kind::Node(i) = vert.kind {
                    placed[i] = (x - vert.width / 2.0, top + (height - vert.height) / 2.0);
                }
            }
            top += height + layer_gap;
        }
        bottom = bottom.max(top - layer_gap);
        left = right + 2.0 * node_gap;
    }
    // Isolated nodes (no edges, perhaps a self-loop): top row, in id order.
    for ((spot, vertex), (w, h)) in placed.iter_mut().zip(&p.vertex).zip(&p.size) {
        if vertex.is_none() {
            *spot = (left, margin);
            bottom = bottom.max(margin + h);
            left += w + 2.0 * node_gap;
        }
    }
    let right = left - 2.0 * node_gap;

    // Routes.
    let size = &p.size;
    let bottom_centre = |i: usize| (placed[i].0 + size[i].0 / 2.0, placed[i].1 + size[i].1);
    let top_centre = |i: usize| (placed[i].0 + size[i].0 / 2.0, placed[i].1);
    let mut all: BTreeSet<(usize, usize)> = p.edges.clone();
    all.extend(p.self_loops.iter().map(|&i| (i, i)));
    let mut routes: Vec<Route> = Vec::with_capacity(all.len());
    for (a, b) in all {
        let points = if a == b {
            let (x, y) = placed[a];
            let (w, h) = size[a];
            let reach = node_gap * 0.4;
            let (y1, y2) = (y + h * 0.3, y + h * 0.7);
            vec![
                (x + w, y1),
                (x + w + reach, y1),
                (x + w + reach, y2),
                (x + w, y2),
            ]
        } else {
            let up = p.reversed.contains(&(a, b));
            let (top, low) = if up { (b, a) } else { (a, b) };
            let mut pts = vec![bottom_centre(top)];
            if let (Some(chain), Some(vt)) = (p.chains.get(&(top, low)), p.vertex[top]) {
                let c = component_of[vt.index()];
                for &d in chain {
                    let x = x_centre[d.index()];
                    let (t, btm) = band.get(&(c, graph[d].rank)).copied().unwrap_or((0.0, 0.0));
                    pts.push((x, t));
                    if btm > t {
                        pts.push((x, btm));
                    }
                }
            }
            pts.push(top_centre(low));
            if up {
                pts.reverse();
            }
            pts
        };
        routes.push(Route {
            from: p.ids[a].to_string(),
            to: p.ids[b].to_string(),
            points,
        });
    }

    Layout {
        nodes: (0..n)
            .map(|i| Placed {
                id: p.ids[i].to_string(),
                x: placed[i].0,
                y: placed[i].1,
                width: size[i].0,
                height: size[i].1,
            })
            .collect(),
        edges: routes,
        width: right + margin,
        height: bottom + margin,
    }
}

/// The edges to reverse so that the graph becomes acyclic: the back edges of
/// a depth-first search that starts from the nodes in index (id) order and
/// follows successors in index order. Iterative, so deep chains are fine.
fn back_edges(n: usize, edges: &BTreeSet<(usize, usize)>) -> BTreeSet<(usize, usize)> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        succ[a].push(b); // in BTreeSet order: sorted per source
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; n];
    let mut back = BTreeSet::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        state[start] = State::Open;
        stack.push((start, 0));
        while let Some((v, next)) = stack.last_mut() {
            let v = *v;
            if let Some(&w) = succ[v].get(*next) {
                *next += 1;
                match state[w] {
                    State::New => {
                        state[w] = State::Open;
                        stack.push((w, 0));
                    }
                    State::Open => {
                        back.insert((v, w));
                    }
                    State::Done => {}
                }
            } else {
                state[v] = State::Done;
                stack.pop();
            }
        }
    }
    back
}

/// Layers of an acyclic graph, per weakly connected component starting at
/// 0 with no empty layer in between:
///
/// 1. longest path from the sources;
/// 2. then, until nothing moves, a node with at least as many outgoing as
///    incoming edges moves down as far as its successors allow, and one with
///    more incoming than outgoing edges moves up as far as its predecessors
///    allow. No move lengthens the edges in total and every node only ever
///    moves one way, so this ends. A root that only includes something deep
///    ends up right above it, with the chain of single includes leading
///    there; this is a cheap stand-in for network simplex (which
///    rust-sugiyama has, but it is far slower on big graphs);
/// 3. layers left empty inside a component are removed.
fn ranks(n: usize, dag: &BTreeSet<(usize, usize)>) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut rank = vec![0usize; n];
    let mut remaining: Vec<usize> = pred.iter().map(Vec::len).collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| remaining[i] == 0).collect();
    let mut k = 0;
    while k < order.len() {
        let v = order[k];
        k += 1;
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            remaining[w] -= 1;
            if remaining[w] == 0 {
                order.push(w);
            }
        }
    }

    // Every node moves one way only, by at least one layer per move, and
    // there are fewer than n layers: at most n² passes, and in practice a
    // handful. The bound only guards against mistakes.
    for _ in 0..n.saturating_mul(n).max(1) {
        let mut moved = false;
        for &v in order.iter().rev() {
            let (ins, outs) = (pred[v].len(), succ[v].len());
            if outs > 0 && outs >= ins {
                if let Some(lowest) = succ[v].iter().map(|&w| rank[w]).min() {
                    if lowest - 1 > rank[v] {
                        rank[v] = lowest - 1;
                        moved = true;
                    }
                }
            } else if ins > outs {
                if let Some(highest) = pred[v].iter().map(|&u| rank[u]).max() {
                    if highest + 1 < rank[v] {
                        rank[v] = highest + 1;
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }

    // Compact each component's layers: 0, 1, 2, … in the same order.
    let mut root: Vec<usize> = (0..n).collect();
    fn find(root: &mut [usize], mut v: usize) -> usize {
        while root[v] != v {
            root[v] = root[root[v]];
            v = root[v];
        }
        v
    }
    for &(a, b) in dag {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra != rb {
            root[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut used: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (v, &r) in rank.iter().enumerate() {
        let c = find(&mut root, v);
        used.entry(c).or_default().insert(r);
    }
    let compact: BTreeMap<usize, BTreeMap<usize, usize>> = used
        .into_iter()
        .map(|(r, set)| {
            (
                r,
                set.into_iter().enumerate().map(|(i, x)| (x, i)).collect(),
            )
        })
        .collect();
    (0..n)
        .map(|v| {
            let r = find(&mut root, v);
            compact[&r][&rank[v]]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, m: usize, seed: u64) -> (Vec<Node>, Vec<Edge>) {
        let mut s = seed;
        let mut next = move || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 33) as usize
        };
        let nodes: Vec<Node> = (0..n)
            .map(|i| Node {
                id: format!("n{i}"),
                width: 20.0 + (next() % 150) as f64,
                height: 28.0,
            })
            .collect();
        let edges = (0..m)
            .map(|_| {
                let a = next() % n;
                // Mostly downwards in index order, sometimes back.
                let b = if next() % 5 == 0 {
                    next() % n
                } else {
                    (a + 1 + next() % 15).min(n - 1)
                };
                Edge {
                    from: format!("n{a}"),
                    to: format!("n{b}"),
                }
            })
            .collect();
        (nodes, edges)
    }

    /// rust-sugiyama's own layers (its y) are exactly our ranks, so its
    /// crossing reduction and coordinates work on our layering.
    #[test]
    fn sugiyama_keeps_our_layers() {
        for seed in 0..40 {
            let n = 3 + seed as usize * 5;
            let (nodes, edges) = graph(n, n + n / 2, seed);
            let p = prepare(&nodes, &edges);
            let (xy, components) = sugiyama(&p.graph, 10.0);
            for members in components {
                let mut y_of_rank: BTreeMap<usize, f64> = BTreeMap::new();
                for v in members {
                    let y = *y_of_rank.entry(p.graph[v].rank).or_insert(xy[v.index()].1);
                    assert_eq!(
                        y,
                        xy[v.index()].1,
                        "seed {seed}: vertex {v:?} not in its layer"
                    );
                }
                let ys: Vec<f64> = y_of_rank.values().copied().collect();
                assert!(ys.windows(2).all(|w| w[0] < w[1]), "seed {seed}: {ys:?}");
            }
        }
    }

    #[test]
    fn every_edge_points_down_after_cycle_breaking() {
        for seed in 0..40 {
            let (nodes, edges) = graph(30, 60, seed);
            let p = prepare(&nodes, &edges);
            for e in p.graph.edge_indices() {
                let (a, b) = p.graph.edge_endpoints(e).unwrap();
                assert_eq!(p.graph[a].rank + 1, p.graph[b].rank, "seed {seed}");
            }
        }
    }

    #[test]
    fn ranks_pull_lonely_roots_down_and_compact() {
        // 0 → 1 → 2 → 3 and 4 → 3: 4 hangs right above 3.
        let dag: BTreeSet<(usize, usize)> = [(0, 1), (1, 2), (2, 3), (4, 3)].into();
        assert_eq!(ranks(5, &dag), vec![0, 1, 2, 3, 2]);
        // 4 → 5 → 3 and 4 → 6 → 3 join the chain: 4 goes down to 1.
        let dag: BTreeSet<(usize, usize)> =
            [(0, 1), (1, 2), (2, 3), (4, 5), (4, 6), (5, 3), (6, 3)].into();
        assert_eq!(ranks(7, &dag), vec![0, 1, 2, 3, 1, 2, 2]);
        // A node included from far below its includers' level moves up:
        // 0 → 1 → 2 → 3 → 4 and 0 → 5, 1 → 5, 6 → 5: 5 right under 1.
        let dag: BTreeSet<(usize, usize)> =
            [(0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (1, 5), (6, 5)].into();
        assert_eq!(ranks(7, &dag)[5], 2);
        // Two components each start at 0.
        let dag: BTreeSet<(usize, usize)> = [(0, 1), (2, 3), (3, 4)].into();
        assert_eq!(ranks(5, &dag), vec![0, 1, 0, 1, 2]);
    }

    #[test]
    fn back_edges_follow_id_order() {
        let e: BTreeSet<(usize, usize)> = [(0, 1), (1, 2), (2, 0), (2, 1)].into();
        assert_eq!(back_edges(3, &e), [(2, 0), (2, 1)].into());
    }
}
