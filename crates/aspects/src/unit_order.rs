//! The order in which evaluators sharing one output take its units
//! (`parallel.rs`): each unit near the units it names.
//!
//! A unit (an aspect's section and its `flake.modules` entries) forces the
//! typed aspects its include trees reach, and an evaluator computes each
//! of those once for all the units it takes. Units taken in name order
//! (`a0`, `a1`, `a10`, `a100`, ...) share little with their neighbours, so
//! every evaluator ended up typing most of the flake. Read from the
//! sources, "the definition of `a` names `b`" is a good guess of "`a`
//! includes `b`" (`includes = [ aspects.b ... ]`), and a depth-first walk
//! of that graph puts each aspect next to what it includes. The sources
//! are read through their outlines (`aspects_nix::outline`), which
//! lowering records: walking the lowered trees instead took about 1.2 ms
//! per 100 KB of source, on the critical path of a run on new text.
//!
//! It is only a guess and only decides who computes what: the output is the
//! same whatever the order.

use aspects_nix::outline::{Mark, Outline};
use aspects_nix::Str;
use rustc_hash::FxHashMap as HashMap;

/// The positions of `units` (sorted names) in the order evaluators should
/// take them: depth first along "names", from the units no other unit
/// names (then any left, in a cycle), each in name order. What names what
/// is read from the outlines of the flake's files.
pub(crate) fn unit_order<'a>(
    outlines: impl IntoIterator<Item = &'a Outline>,
    units: &[Str],
) -> Vec<usize> {
    let index: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut names = vec![Vec::new(); units.len()];
    for outline in outlines {
        collect_names(outline, &index, &mut names);
    }
    depth_first(&names)
}

/// For each unit, the other units its definitions name (first mention
/// first). A definition is the value of an attribute named after the unit
/// (`a0 = { ... }`, `flake.aspects.a0.nixos = ...`); a name is an
/// attribute selected (`aspects.b`, `config.flake.aspects.b._.x`) or a
/// variable found through `with`.
fn collect_names(outline: &Outline, index: &HashMap<&str, usize>, names: &mut [Vec<usize>]) {
    // Each of the outline's names is looked up once, not at each mark.
    let unit_of: Vec<Option<usize>> = outline
        .names()
        .iter()
        .map(|n| index.get(n.as_str()).copied())
        .collect();
    // The unit whose definition the marks are in, if any, and the ones
    // of the definitions around it.
    let mut owner = None;
    let mut outer = Vec::new();
    for mark in outline.marks() {
        match *mark {
            Mark::Define(n) => {
                outer.push(owner);
                owner = unit_of[n as usize].or(owner);
            }
            Mark::End => owner = outer.pop().flatten(),
            Mark::Mention(n) => {
                if let (Some(o), Some(n)) = (owner, unit_of[n as usize]) {
                    if n != o && !names[o].contains(&n) {
                        names[o].push(n);
                    }
                }
            }
        }
    }
}

/// A depth-first preorder of the graph `names` (a unit's names in the
/// order they were met), starting from the units nothing names.
fn depth_first(names: &[Vec<usize>]) -> Vec<usize> {
    let n = names.len();
    let mut named = vec![false; n];
    for v in names.iter().flatten() {
        named[*v] = true;
    }
    let roots = (0..n).filter(|&u| !named[u]);
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut stack = Vec::new();
    for start in roots.chain(0..n) {
        stack.push(start);
        while let Some(u) = stack.pop() {
            if std::mem::replace(&mut seen[u], true) {
                continue;
            }
            order.push(u);
            stack.extend(names[u].iter().rev().filter(|&&v| !seen[v]));
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order_of(text: &str, units: &[&str]) -> Vec<String> {
        let file = aspects_nix::ast::FileId(0);
        let lowered = aspects_nix::lower::lower_file(text, file, "/t.nix", &mut Vec::new())
            .expect("the text lowers");
        let units: Vec<Str> = units.iter().map(|u| Str::from(*u)).collect();
        unit_order([&*lowered.outline], &units)
            .into_iter()
            .map(|i| units[i].to_string())
            .collect()
    }

    #[test]
    fn each_aspect_comes_before_what_it_includes_and_near_it() {
        let text = r#"{ flake.aspects = { aspects, ... }: {
            a0 = { includes = [ aspects.b0 aspects.c0._.direct ]; };
            a1 = { includes = [ (aspects.b1._.curried "x") ]; };
            b0 = { nixos = { }; };
            b1 = { includes = with aspects; [ c1 ]; };
            c0 = { };
            c1 = { };
        }; }"#;
        let units = ["a0", "a1", "b0", "b1", "c0", "c1"];
        assert_eq!(order_of(text, &units), ["a0", "b0", "c0", "a1", "b1", "c1"]);
    }

    #[test]
    fn definitions_spread_over_paths_and_cycles_keep_every_unit_once() {
        let text = r#"{ config, ... }: {
            flake.aspects.b.includes = [ config.flake.aspects.a ];
            flake.aspects.a.includes = [ config.flake.aspects.b ];
            flake.aspects.c.nixos.x = 1;
        }"#;
        // Every unit is named by another or by nothing: a and b name each
        // other (no root), c is a root.
        assert_eq!(order_of(text, &["a", "b", "c"]), ["c", "a", "b"]);
    }

    #[test]
    fn names_that_are_not_units_change_nothing() {
        let text = "rec { x = { y = 1; }; z = x.y; }";
        assert_eq!(order_of(text, &["m", "n"]), ["m", "n"]);
    }
}
