mod common;

use aspects_layout::{layout, Edge, Layout, Node, Options};
use common::*;

fn opts() -> Options {
    Options::default()
}

fn run(ns: &[Node], es: &[Edge]) -> Layout {
    let o = opts();
    let l = layout(ns, es, &o);
    check_invariants(&l, ns, &o);
    l
}

#[test]
fn empty_graph_is_zero_size() {
    let l = layout(&[], &[], &opts());
    assert!(l.nodes.is_empty() && l.edges.is_empty());
    assert_eq!((l.width, l.height), (0.0, 0.0));
    // Edges without nodes are all unknown.
    let l = layout(&[], &edges(&[("a", "b"), ("a", "a")]), &opts());
    assert_eq!(l, layout(&[], &[], &opts()));
}

#[test]
fn single_node_sits_in_the_margin() {
    let o = Options {
        layer_gap: 10.0,
        node_gap: 5.0,
        margin: 7.0,
    };
    let l = layout(
        &[Node {
            id: "a".into(),
            width: 30.0,
            height: 20.0,
        }],
        &[],
        &o,
    );
    let a = &l.nodes[0];
    assert_eq!((a.x, a.y, a.width, a.height), (7.0, 7.0, 30.0, 20.0));
    assert_eq!((l.width, l.height), (44.0, 34.0));
}

#[test]
fn chain_goes_down() {
    let es = edges(&[("a", "b"), ("b", "c")]);
    let l = run(&nodes(&["c", "b", "a"]), &es);
    check_layered(&l, &es, &opts());
    let (a, b, c) = (find(&l, "a"), find(&l, "b"), find(&l, "c"));
    // Same widths: a straight vertical line.
    assert_eq!(a.x, b.x);
    assert_eq!(b.x, c.x);
    let o = opts();
    assert_eq!(b.y, a.y + a.height + o.layer_gap);
    assert_eq!(l.edges.len(), 2);
    assert_eq!(
        l.edges[0].points,
        vec![
            (a.x + a.width / 2.0, a.y + a.height),
            (b.x + b.width / 2.0, b.y)
        ]
    );
}

#[test]
fn diamond() {
    let es = edges(&[
        ("top", "left"),
        ("top", "right"),
        ("left", "bottom"),
        ("right", "bottom"),
    ]);
    let l = run(&nodes(&["top", "left", "right", "bottom"]), &es);
    check_layered(&l, &es, &opts());
    let (t, a, b, m) = (
        find(&l, "top"),
        find(&l, "left"),
        find(&l, "right"),
        find(&l, "bottom"),
    );
    assert_eq!(a.y, b.y);
    // Both middle nodes side by side with the gap between them.
    let gap = if a.x < b.x {
        b.x - (a.x + a.width)
    } else {
        a.x - (b.x + b.width)
    };
    assert!(gap >= opts().node_gap - 1e-9);
    // Top and bottom centred between them, roughly (Brandes–Köpf averages
    // four alignments; the widths differ).
    let mid = |p: &aspects_layout::Placed| p.x + p.width / 2.0;
    let (lo, hi) = (mid(a).min(mid(b)), mid(a).max(mid(b)));
    assert!(mid(t) > lo && mid(t) < hi, "{l:?}");
    assert!(mid(m) > lo && mid(m) < hi, "{l:?}");
}

#[test]
fn long_edges_bend_through_layer_bands() {
    // a → b → c → d and a → d: the long edge crosses two layers.
    let es = edges(&[("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")]);
    let l = run(&nodes(&["a", "b", "c", "d"]), &es);
    check_layered(&l, &es, &opts());
    let long = l
        .edges
        .iter()
        .find(|r| r.from == "a" && r.to == "d")
        .unwrap();
    assert_eq!(long.points.len(), 2 + 2 * 2, "{long:?}");
    let short = l
        .edges
        .iter()
        .find(|r| r.from == "a" && r.to == "b")
        .unwrap();
    assert_eq!(short.points.len(), 2);
}

#[test]
fn roots_are_pulled_down_next_to_what_they_include() {
    // "late" includes only the deepest node: it sits right above it.
    let es = edges(&[("a", "b"), ("b", "c"), ("c", "d"), ("late", "d")]);
    let l = run(&nodes(&["a", "b", "c", "d", "late"]), &es);
    check_layered(&l, &es, &opts());
    assert_eq!(find(&l, "late").y, find(&l, "c").y);
    let r = l.edges.iter().find(|r| r.from == "late").unwrap();
    assert_eq!(r.points.len(), 2);
}

#[test]
fn cycles_are_laid_out_and_drawn_the_right_way() {
    let es = edges(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
    let l = run(&nodes(&["a", "b", "c", "d"]), &es);
    // DFS from "a": a → b → c, and c → a is the back edge.
    let (a, b, c, d) = (find(&l, "a"), find(&l, "b"), find(&l, "c"), find(&l, "d"));
    assert!(a.y < b.y && b.y < c.y && c.y < d.y);
    let back = l
        .edges
        .iter()
        .find(|r| r.from == "c" && r.to == "a")
        .unwrap();
    // Starts on top of c, ends under a, through the band of b.
    assert_eq!(back.points[0], (c.x + c.width / 2.0, c.y));
    assert_eq!(
        *back.points.last().unwrap(),
        (a.x + a.width / 2.0, a.y + a.height)
    );
    assert_eq!(back.points.len(), 4);
    assert_eq!(l.edges.len(), 4);
}

#[test]
fn two_cycles_and_big_cycles() {
    let es = edges(&[("a", "b"), ("b", "a")]);
    let l = run(&nodes(&["a", "b"]), &es);
    assert_eq!(l.edges.len(), 2);
    assert!(find(&l, "a").y < find(&l, "b").y);
    // One big ring.
    let names: Vec<String> = (0..40).map(|i| format!("n{i:02}")).collect();
    let ns: Vec<Node> = names.iter().map(|s| node(s)).collect();
    let es: Vec<Edge> = (0..40)
        .map(|i| edge(&names[i], &names[(i + 1) % 40]))
        .collect();
    let l = run(&ns, &es);
    assert_eq!(l.edges.len(), 40);
}

#[test]
fn self_loops_are_small_loops_that_do_not_change_the_layout() {
    let es = edges(&[("a", "b"), ("b", "b"), ("c", "c")]);
    let l = run(&nodes(&["a", "b", "c"]), &es);
    let without = run(&nodes(&["a", "b", "c"]), &edges(&[("a", "b")]));
    assert_eq!(l.nodes, without.nodes);
    assert_eq!((l.width, l.height), (without.width, without.height));
    assert_eq!(l.edges.len(), 3);
    let b = find(&l, "b");
    let r = l
        .edges
        .iter()
        .find(|r| r.from == "b" && r.to == "b")
        .unwrap();
    assert_eq!(r.points.len(), 4);
    assert!(r
        .points
        .iter()
        .all(|&(x, y)| x >= b.x + b.width && y >= b.y && y <= b.y + b.height));
    // The loop stays inside the gap to the next node.
    assert!(r
        .points
        .iter()
        .all(|&(x, _)| x < b.x + b.width + opts().node_gap));
}

#[test]
fn unknown_ids_and_duplicates_are_ignored() {
    let ns = nodes(&["a", "b", "a"]);
    let es = edges(&[
        ("a", "b"),
        ("a", "b"),
        ("a", "ghost"),
        ("ghost", "b"),
        ("ghost", "ghost"),
    ]);
    let l = run(&ns, &es);
    assert_eq!(l.nodes.len(), 2);
    assert_eq!(l.edges.len(), 1);
    assert_eq!(l, run(&nodes(&["a", "b"]), &edges(&[("a", "b")])));
}

#[test]
fn duplicate_ids_keep_the_largest_size_whatever_the_order() {
    let small = Node {
        id: "a".into(),
        width: 10.0,
        height: 10.0,
    };
    let big = Node {
        id: "a".into(),
        width: 50.0,
        height: 20.0,
    };
    let l1 = layout(&[small.clone(), big.clone()], &[], &opts());
    let l2 = layout(&[big, small], &[], &opts());
    assert_eq!(l1, l2);
    assert_eq!((l1.nodes[0].width, l1.nodes[0].height), (50.0, 20.0));
}

#[test]
fn bad_numbers_do_not_panic() {
    let ns = vec![
        Node {
            id: "a".into(),
            width: f64::NAN,
            height: -3.0,
        },
        Node {
            id: "b".into(),
            width: f64::INFINITY,
            height: 10.0,
        },
        node("c"),
        Node {
            id: "d".into(),
            width: f64::MAX,
            height: f64::MAX,
        },
    ];
    let es = edges(&[("a", "b"), ("b", "c"), ("c", "d")]);
    let o = Options {
        layer_gap: f64::NAN,
        node_gap: -1.0,
        margin: f64::NEG_INFINITY,
    };
    let l = layout(&ns, &es, &o);
    assert!(l.nodes.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    assert!(l.width.is_finite() && l.height.is_finite());
    assert!(l
        .edges
        .iter()
        .flat_map(|r| &r.points)
        .all(|(x, y)| x.is_finite() && y.is_finite()));
    assert_eq!(find(&l, "a").width, 0.0);
    assert_eq!(find(&l, "d").width, 1e9);
    // Zero gaps are legal too.
    let z = Options {
        layer_gap: 0.0,
        node_gap: 0.0,
        margin: 0.0,
    };
    let (ns, es) = random_graph(60, 90, 3);
    let l = layout(&ns, &es, &z);
    check_invariants(&l, &ns, &z);
}

#[test]
fn components_and_isolated_nodes_side_by_side() {
    let ns = nodes(&["a", "b", "c", "d", "lonely", "alone"]);
    let es = edges(&[("a", "b"), ("c", "d")]);
    let l = run(&ns, &es);
    let (a, c, lonely, alone) = (
        find(&l, "a"),
        find(&l, "c"),
        find(&l, "lonely"),
        find(&l, "alone"),
    );
    // Components in id order, then isolated nodes in id order, all on top.
    assert!(a.x + a.width < c.x);
    assert!(c.x + c.width < alone.x);
    assert!(alone.x + alone.width < lonely.x);
    assert_eq!(a.y, c.y);
    assert_eq!(alone.y, lonely.y);
    assert_eq!(alone.y, opts().margin);
}

#[test]
fn only_isolated_nodes() {
    let ids: Vec<String> = (0..30).map(|i| format!("iso{i}")).collect();
    let ns: Vec<Node> = ids.iter().map(|s| node(s)).collect();
    let l = run(&ns, &[]);
    assert!(l.nodes.iter().all(|p| p.y == opts().margin));
}

#[test]
fn variable_widths_never_overlap() {
    // One wide node among narrow siblings.
    let mut ns = nodes(&["root", "a", "b", "c"]);
    ns[2].width = 400.0;
    let es = edges(&[("root", "a"), ("root", "b"), ("root", "c")]);
    let l = run(&ns, &es);
    check_layered(&l, &es, &opts());
}

#[test]
fn generated_dags_are_layered_and_never_overlap() {
    for seed in 0..60 {
        let n = 5 + (seed as usize * 7) % 80;
        let (ns, es) = flake_like(n, seed);
        let l = run(&ns, &es);
        check_layered(&l, &es, &opts());
    }
}

#[test]
fn generated_cyclic_graphs_never_overlap() {
    for seed in 0..60 {
        let n = 2 + (seed as usize * 5) % 70;
        let m = (seed as usize * 11) % (3 * n);
        let (ns, es) = random_graph(n, m, 1000 + seed);
        run(&ns, &es);
    }
}

#[test]
fn big_flake_203_nodes() {
    let (ns, es) = flake_like(203, 42);
    let l = run(&ns, &es);
    check_layered(&l, &es, &opts());
    assert_eq!(l.nodes.len(), 203);
    let mut distinct: Vec<(&str, &str)> = es
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(l.edges.len(), distinct.len());
}

#[test]
fn thousand_nodes() {
    let (ns, es) = flake_like(1000, 7);
    let l = run(&ns, &es);
    check_layered(&l, &es, &opts());
}

#[test]
fn deep_dags() {
    for (n, seed) in [(55, 1), (203, 2), (1000, 3)] {
        let (ns, es) = deep_dag(n, seed);
        let l = run(&ns, &es);
        check_layered(&l, &es, &opts());
    }
}

#[test]
fn long_chain() {
    let names: Vec<String> = (0..1000).map(|i| format!("c{i:04}")).collect();
    let ns: Vec<Node> = names.iter().map(|s| node(s)).collect();
    let es: Vec<Edge> = names.windows(2).map(|w| edge(&w[0], &w[1])).collect();
    let l = run(&ns, &es);
    check_layered(&l, &es, &opts());
}

#[test]
fn independent_of_input_order() {
    let mut graphs = vec![
        flake_like(203, 1),
        random_graph(80, 160, 2),
        flake_like(30, 3),
    ];
    graphs.push((
        nodes(&["a", "b", "c", "d", "e"]),
        edges(&[("a", "b"), ("b", "a"), ("c", "c"), ("d", "e"), ("e", "x")]),
    ));
    for (ns, es) in graphs {
        let reference = run(&ns, &es);
        let mut rng = Rng::new(99);
        for _ in 0..5 {
            let (mut ns2, mut es2) = (ns.clone(), es.clone());
            rng.shuffle(&mut ns2);
            rng.shuffle(&mut es2);
            // Duplicating input must not matter either.
            es2.extend(es.iter().take(3).cloned());
            assert_eq!(layout(&ns2, &es2, &opts()), reference);
        }
    }
}

#[test]
fn deterministic_across_calls() {
    let (ns, es) = random_graph(150, 300, 5);
    let first = layout(&ns, &es, &opts());
    for _ in 0..10 {
        assert_eq!(layout(&ns, &es, &opts()), first);
    }
}

#[test]
fn adding_an_isolated_node_moves_nothing_else() {
    for seed in 0..10 {
        let (mut ns, mut es) = flake_like(60, 500 + seed);
        // A second component and a few isolated nodes already there.
        let (ns2, es2) = flake_like(9, 900 + seed);
        ns.extend(ns2);
        es.extend(es2);
        ns.extend(nodes(&["iso-b", "iso-d"]));
        let before = run(&ns, &es);
        for extra in ["zzz-new", "000-new", "iso-c", "m-new"] {
            let mut with = ns.clone();
            with.push(node(extra));
            let after = run(&with, &es);
            for p in &before.nodes {
                // Isolated nodes are in id order after the components: only
                // those after the new one shift.
                let isolated = p.id.starts_with("iso-");
                if !isolated || p.id.as_str() < extra {
                    assert_eq!(
                        find(&after, &p.id),
                        p,
                        "{} moved when {extra} was added",
                        p.id
                    );
                }
            }
            assert_eq!(after.edges, before.edges);
        }
    }
}

#[test]
fn adding_an_isolated_node_among_isolated_ones_moves_only_later_ones() {
    let ns = nodes(&["a", "b", "iso1", "iso3"]);
    let es = edges(&[("a", "b")]);
    let before = run(&ns, &es);
    let mut ns2 = ns.clone();
    ns2.push(node("iso2"));
    let after = run(&ns2, &es);
    for id in ["a", "b", "iso1"] {
        assert_eq!(find(&after, id), find(&before, id));
    }
    assert!(find(&after, "iso3").x > find(&before, "iso3").x);
}

#[test]
fn serde_round_trip() {
    let (ns, es) = flake_like(12, 9);
    let l = layout(&ns, &es, &opts());
    let _ = &l; // Serialize/Deserialize are derived; the UI uses serde-wasm-bindgen.
    fn assert_serde<T: serde::Serialize + for<'de> serde::Deserialize<'de>>() {}
    assert_serde::<Layout>();
    assert_serde::<Options>();
    assert_serde::<Node>();
    assert_serde::<Edge>();
}
