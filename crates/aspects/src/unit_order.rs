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
//! of that graph puts each aspect next to what it includes.
//!
//! It is only a guess and only decides who computes what: the output is the
//! same whatever the order.

use aspects_nix::ast::{AttrKey, Expr, Param, StrPart, Var, E};
use aspects_nix::Str;
use rustc_hash::FxHashMap as HashMap;

/// The positions of `units` (sorted names) in the order evaluators should
/// take them: depth first along "names", from the units no other unit
/// names (then any left, in a cycle), each in name order.
pub(crate) fn unit_order(trees: &[E], units: &[Str]) -> Vec<usize> {
    // Most names looked up are not units (`imports`, `nixos`, `_`), and
    // the lookups are most of the walk: a fast hash.
    let index: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut names = vec![Vec::new(); units.len()];
    for tree in trees {
        collect_names(tree, &index, &mut names);
    }
    depth_first(&names)
}

/// For each unit, the other units its definitions name (first mention
/// first). A definition is the value of an attribute named after the unit
/// (`a0 = { ... }`, `flake.aspects.a0.nixos = ...`); a name is an
/// attribute selected (`aspects.b`, `config.flake.aspects.b._.x`) or a
/// variable found through `with`.
fn collect_names(tree: &E, index: &HashMap<&str, usize>, names: &mut [Vec<usize>]) {
    // An explicit stack (trees can be as deep as the parser allows); each
    // node's children are pushed in reverse, so names are met in source
    // order.
    let mut pending: Vec<(&Expr, Option<usize>)> = vec![(tree, None)];
    let mut children: Vec<(&Expr, Option<usize>)> = Vec::new();
    let mut named = |owner: Option<usize>, name: &str| {
        if let (Some(o), Some(&n)) = (owner, index.get(name)) {
            if n != o && !names[o].contains(&n) {
                names[o].push(n);
            }
        }
    };
    while let Some((e, owner)) = pending.pop() {
        match e {
            Expr::Attrs(a) => {
                for b in &a.bindings {
                    let own = index.get(b.name.as_str()).copied().or(owner);
                    children.push((&b.value, own));
                }
                children.extend(a.inherit_sources.iter().map(|s| (&**s, owner)));
                for (k, v, _) in &a.dynamic {
                    children.push((k, owner));
                    children.push((v, owner));
                }
            }
            Expr::Let(l) => {
                children.extend(l.bindings.iter().map(|b| (&*b.value, owner)));
                children.extend(l.inherit_sources.iter().map(|s| (&**s, owner)));
                children.push((&l.body, owner));
            }
            Expr::Select {
                target,
                path,
                default,
                ..
            } => {
                for key in path {
                    match key {
                        AttrKey::Static(name, _) => named(owner, name),
                        AttrKey::Dynamic(k) => children.push((k, owner)),
                    }
                }
                children.push((target, owner));
                if let Some(d) = default {
                    children.push((d, owner));
                }
            }
            Expr::HasAttr { target, path, .. } => {
                for key in path {
                    if let AttrKey::Dynamic(k) = key {
                        children.push((k, owner));
                    }
                }
                children.push((target, owner));
            }
            Expr::Var(Var::With { name, .. }, _) => named(owner, name),
            Expr::List(items) => children.extend(items.iter().map(|i| (&**i, owner))),
            Expr::Lambda(l) => {
                if let Param::Pattern { formals, .. } = &l.param {
                    children.extend(
                        formals
                            .iter()
                            .filter_map(|f| f.default.as_ref())
                            .map(|d| (&**d, owner)),
                    );
                }
                children.push((&l.body, owner));
            }
            Expr::Apply { func, args, .. } => {
                children.push((func, owner));
                children.extend(args.iter().map(|a| (&**a, owner)));
            }
            Expr::If {
                cond,
                then,
                otherwise,
                ..
            } => {
                children.push((cond, owner));
                children.push((then, owner));
                children.push((otherwise, owner));
            }
            Expr::Assert { cond, body, .. } => {
                children.push((cond, owner));
                children.push((body, owner));
            }
            Expr::With {
                namespace, body, ..
            } => {
                children.push((namespace, owner));
                children.push((body, owner));
            }
            Expr::BinOp { lhs, rhs, .. } => {
                children.push((lhs, owner));
                children.push((rhs, owner));
            }
            Expr::Not(x, _) | Expr::Neg(x, _) => children.push((x, owner)),
            Expr::Interp(parts, _) | Expr::PathInterp(parts, _) => {
                children.extend(parts.iter().filter_map(|p| match p {
                    StrPart::Interp(x) => Some((&**x, owner)),
                    StrPart::Lit(_) => None,
                }));
            }
            Expr::Int(_)
            | Expr::Float(_)
            | Expr::Str(_)
            | Expr::Path(_)
            | Expr::SearchPath(..)
            | Expr::Var(..)
            | Expr::CurPos(_) => {}
        }
        pending.extend(children.drain(..).rev());
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
        let tree = aspects_nix::lower::lower_file(text, file, "/t.nix", &mut Vec::new())
            .expect("the text lowers");
        let units: Vec<Str> = units.iter().map(|u| Str::from(*u)).collect();
        unit_order(&[tree], &units)
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
