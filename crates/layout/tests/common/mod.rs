//! Graph generators and layout checks shared by the tests.
#![allow(dead_code)]

use aspects_layout::{Edge, Layout, Node, Options, Placed};

/// SplitMix64: small, deterministic, good enough to make graphs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A node sized like the UI does: width from the label length.
pub fn node(id: &str) -> Node {
    Node {
        id: id.to_string(),
        width: 16.0 + 7.5 * id.len() as f64,
        height: 28.0,
    }
}

pub fn edge(from: &str, to: &str) -> Edge {
    Edge {
        from: from.to_string(),
        to: to.to_string(),
    }
}

pub fn nodes(ids: &[&str]) -> Vec<Node> {
    ids.iter().map(|id| node(id)).collect()
}

pub fn edges(pairs: &[(&str, &str)]) -> Vec<Edge> {
    pairs.iter().map(|(a, b)| edge(a, b)).collect()
}

/// Labels of varied length, like aspect names.
pub fn label(rng: &mut Rng, i: usize) -> String {
    const PARTS: [&str; 10] = [
        "base",
        "desktop",
        "dev",
        "gaming",
        "hyprland",
        "nvidia",
        "ssh",
        "fonts",
        "audio",
        "virtualisation",
    ];
    let a = PARTS[rng.below(PARTS.len())];
    if rng.below(3) == 0 {
        let b = PARTS[rng.below(PARTS.len())];
        format!("{a}-{b}{i}")
    } else {
        format!("{a}{i}")
    }
}

/// A flake-like include graph, tree-like: aspects are created breadth
/// first, each non-leaf aspect including 1–3 new ones, and about a third of
/// them also including an existing aspect created later (shared features,
/// which makes it a DAG rather than a tree, with some long edges).
pub fn flake_like(n: usize, seed: u64) -> (Vec<Node>, Vec<Edge>) {
    let mut rng = Rng::new(seed);
    let names: Vec<String> = (0..n).map(|i| label(&mut rng, i)).collect();
    let mut es = Vec::new();
    let mut next = 1; // the next aspect to create
    let mut i = 0;
    while next < n {
        // The last aspect in the queue always includes something, so the
        // graph stays connected.
        let leaf = i > 0 && next > i + 1 && rng.below(4) == 0;
        if !leaf {
            for _ in 0..1 + rng.below(3) {
                if next < n {
                    es.push(edge(&names[i], &names[next]));
                    next += 1;
                }
            }
        }
        i += 1;
    }
    for i in 0..n - 1 {
        if rng.below(3) == 0 {
            let hi = n.min(2 * i + 20);
            let j = i + 1 + rng.below(hi - i - 1);
            es.push(edge(&names[i], &names[j]));
        }
    }
    let ns = names.iter().map(|s| node(s)).collect();
    (ns, es)
}

/// The shape of the engine's generated benchmark flakes: aspects in 4 equal
/// layers, each aspect outside the last layer including three aspects of
/// the next layer (wide layers, many crossings, no long edges).
pub fn four_layers(n: usize) -> (Vec<Node>, Vec<Edge>) {
    let names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    let per = (n / 4).max(1);
    let mut es = Vec::new();
    for i in 0..n {
        let layer = (i / per).min(3);
        if layer == 3 {
            continue;
        }
        let start = (layer + 1) * per;
        let end = ((layer + 2) * per).min(n);
        let next: Vec<usize> = if start < end {
            (start..end).collect()
        } else {
            vec![n - 1]
        };
        for k in 0..3 {
            es.push(edge(&names[i], &names[next[(i + k) % next.len()]]));
        }
    }
    (names.iter().map(|s| node(s)).collect(), es)
}

/// A deep random DAG: aspect `i` includes 1–3 aspects created after it,
/// mostly close ones, sometimes far ones (many layers, many long edges).
pub fn deep_dag(n: usize, seed: u64) -> (Vec<Node>, Vec<Edge>) {
    let mut rng = Rng::new(seed);
    let names: Vec<String> = (0..n).map(|i| label(&mut rng, i)).collect();
    let mut es = Vec::new();
    for i in 0..n {
        let rest = n - i - 1;
        if rest == 0 || rng.below(5) == 0 {
            continue; // a leaf aspect
        }
        let k = 1 + rng.below(3);
        for _ in 0..k {
            let j = if rng.below(4) == 0 {
                i + 1 + rng.below(rest)
            } else {
                i + 1 + rng.below(rest.min(12))
            };
            es.push(edge(&names[i], &names[j]));
        }
    }
    let ns = names.iter().map(|s| node(s)).collect();
    (ns, es)
}

/// A random directed graph with `m` edges, cycles and self-loops allowed.
pub fn random_graph(n: usize, m: usize, seed: u64) -> (Vec<Node>, Vec<Edge>) {
    let mut rng = Rng::new(seed);
    let names: Vec<String> = (0..n).map(|i| label(&mut rng, i)).collect();
    let es = (0..m)
        .map(|_| edge(&names[rng.below(n)], &names[rng.below(n)]))
        .collect();
    (names.iter().map(|s| node(s)).collect(), es)
}

pub fn find<'a>(l: &'a Layout, id: &str) -> &'a Placed {
    l.nodes
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("node {id} not placed"))
}

const EPS: f64 = 1e-6;

fn y_overlap(a: &Placed, b: &Placed) -> bool {
    a.y < b.y + b.height - EPS && b.y < a.y + a.height - EPS
}

/// Every check that must hold for any input.
pub fn check_invariants(l: &Layout, input: &[Node], opts: &Options) {
    // One placed node per distinct id, sorted.
    let mut ids: Vec<&str> = input.iter().map(|n| n.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    let placed: Vec<&str> = l.nodes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(placed, ids);

    for p in &l.nodes {
        assert!(p.x.is_finite() && p.y.is_finite(), "{p:?}");
        assert!(
            p.x >= opts.margin - EPS && p.y >= opts.margin - EPS,
            "{p:?} inside margin"
        );
        assert!(
            p.x + p.width <= l.width - opts.margin + EPS,
            "{p:?} past width {}",
            l.width
        );
        assert!(
            p.y + p.height <= l.height - opts.margin + EPS,
            "{p:?} past height {}",
            l.height
        );
    }

    // No overlaps; nodes side by side are at least node_gap apart.
    let mut by_x: Vec<&Placed> = l.nodes.iter().collect();
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (i, a) in by_x.iter().enumerate() {
        for b in &by_x[i + 1..] {
            if b.x >= a.x + a.width + opts.node_gap {
                break; // sorted by x: later ones are further right still
            }
            assert!(
                !y_overlap(a, b),
                "nodes too close or overlapping: {a:?} and {b:?} (node_gap {})",
                opts.node_gap
            );
        }
    }

    // Routes: finite, start on the source, end on the target.
    for r in &l.edges {
        assert!(r.points.len() >= 2, "{r:?}");
        assert!(r.points.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        let s = find(l, &r.from);
        let t = find(l, &r.to);
        let (sx, sy) = r.points[0];
        let (tx, ty) = *r.points.last().unwrap();
        if r.from == r.to {
            assert!((sx - (s.x + s.width)).abs() < EPS && (tx - (s.x + s.width)).abs() < EPS);
            continue;
        }
        assert!((sx - (s.x + s.width / 2.0)).abs() < EPS, "{r:?} {s:?}");
        assert!((tx - (t.x + t.width / 2.0)).abs() < EPS, "{r:?} {t:?}");
        let down = (sy - (s.y + s.height)).abs() < EPS && (ty - t.y).abs() < EPS;
        let up = (sy - s.y).abs() < EPS && (ty - (t.y + t.height)).abs() < EPS;
        assert!(
            down || up,
            "route not attached to its ends: {r:?} {s:?} {t:?}"
        );
        // Monotone vertically, and the bends (points in between) stay clear
        // of every node: vertical runs through layer bands.
        let ys: Vec<f64> = r.points.iter().map(|p| p.1).collect();
        if down {
            assert!(ys.windows(2).all(|w| w[0] <= w[1] + EPS), "{r:?}");
        } else {
            assert!(ys.windows(2).all(|w| w[0] + EPS >= w[1]), "{r:?}");
        }
        let inner = &r.points[1..r.points.len() - 1];
        for pair in inner.windows(2) {
            let (x, y0) = pair[0];
            let (x1, y1) = pair[1];
            if (x - x1).abs() > EPS {
                continue;
            }
            let (lo, hi) = (y0.min(y1), y0.max(y1));
            for p in &l.nodes {
                let crosses = x > p.x + EPS
                    && x < p.x + p.width - EPS
                    && lo < p.y + p.height - EPS
                    && hi > p.y + EPS;
                assert!(!crosses, "route {r:?} runs through {p:?}");
            }
        }
    }
    let mut keys: Vec<(&str, &str)> = l
        .edges
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "duplicate routes");
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "routes not sorted");
}

/// For an acyclic input: every includer is above what it includes, at least
/// one layer gap higher.
pub fn check_layered(l: &Layout, es: &[Edge], opts: &Options) {
    for e in es {
        if e.from == e.to {
            continue;
        }
        let a = find(l, &e.from);
        let b = find(l, &e.to);
        assert!(
            a.y + a.height + opts.layer_gap <= b.y + EPS,
            "{} not above {}: {a:?} {b:?}",
            e.from,
            e.to
        );
    }
}
