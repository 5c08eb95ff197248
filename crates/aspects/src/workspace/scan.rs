//! What a file says without evaluating it: where each attribute path is
//! bound (for line numbers of definitions the module system reports only by
//! file) and which `a.b.c` selections it makes (references to inputs and
//! aspects).

use aspects_nix::source::{LineCol, LineIndex};
use aspects_nix::tree::{Attr, AttrKind, Entry, Expr, ExprKind, Param, Part, Range};
use rustc_hash::FxHashMap as HashMap;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// `a.b.c = value;` with the full path through enclosing attribute sets
/// (and through functions, lists and applications between them; the
/// values of `let` bindings are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// From the first `flake` component on, when there is one.
    pub path: Vec<String>,
    pub line: u32,
    pub column: u32,
    pub start: u32,
    pub end: u32,
    /// The value's expression is a selection `x.y.z` (its components).
    pub value_select: Option<Vec<String>>,
}

/// `x.y.z` (the first component is a variable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub path: Vec<String>,
    pub line: u32,
    pub column: u32,
    pub start: u32,
    pub end: u32,
}

/// The bindings and selections of one file.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub bindings: Vec<Binding>,
    pub selections: Vec<Selection>,
    /// Built on the first [`Index::place`] (from `bindings`, which must
    /// not change afterwards).
    places: OnceCell<Places>,
}

/// Binding positions by path, for [`Index::place`] without scanning.
/// Paths are not copied: an entry names a binding and how many of its
/// path's components the key is, under the hash of those components.
#[derive(Debug, Clone, Default)]
struct Places {
    /// Path → the first binding of exactly that path.
    first: PathMap,
    /// Path → the last binding of exactly that path.
    last: PathMap,
    /// Path → the first binding whose path starts with it.
    first_below: PathMap,
}

/// Path prefix (by hash) → (binding, prefix length) entries.
type PathMap = HashMap<u64, Vec<(usize, usize)>>;

fn path_hash(path: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    path.hash(&mut h);
    h.finish()
}

impl Places {
    fn of(bindings: &[Binding]) -> Places {
        let mut p = Places::default();
        for (i, b) in bindings.iter().enumerate() {
            let len = b.path.len();
            Places::record(&mut p.first, bindings, i, len, false);
            Places::record(&mut p.last, bindings, i, len, true);
            for n in 0..=len {
                Places::record(&mut p.first_below, bindings, i, n, false);
            }
        }
        p
    }

    /// Files the first `n` components of binding `i`'s path under `map`
    /// unless an earlier binding has them (or, with `replace`, in place of
    /// that one).
    fn record(map: &mut PathMap, bindings: &[Binding], i: usize, n: usize, replace: bool) {
        let path = &bindings[i].path[..n];
        let entries = map.entry(path_hash(path)).or_default();
        match entries
            .iter_mut()
            .find(|e| Places::holds(bindings, e, path))
        {
            Some(entry) if replace => *entry = (i, n),
            Some(_) => {}
            None => entries.push((i, n)),
        }
    }

    /// The binding `map` has for `path`.
    fn find(map: &PathMap, bindings: &[Binding], path: &[String]) -> Option<usize> {
        map.get(&path_hash(path))?
            .iter()
            .find(|e| Places::holds(bindings, e, path))
            .map(|(i, _)| *i)
    }

    /// Whether entry `(i, n)` stands for `path`.
    fn holds(bindings: &[Binding], &(i, n): &(usize, usize), path: &[String]) -> bool {
        bindings[i].path[..n] == *path
    }
}

fn attr_name(a: &Attr) -> String {
    a.static_name()
        .map_or_else(|| "${…}".to_string(), |n| n.to_string())
}

fn names(path: &[Attr]) -> Vec<String> {
    path.iter().map(attr_name).collect()
}

/// `x.y.z` of a selection whose target is a variable.
fn selection_path(target: &Expr, path: &[Attr]) -> Option<Vec<String>> {
    let ExprKind::Ident(id) = &target.kind else {
        return None;
    };
    let mut out = vec![id.to_string()];
    out.extend(names(path));
    Some(out)
}

fn from_flake(mut path: Vec<String>) -> Vec<String> {
    if let Some(i) = path.iter().position(|c| c == "flake") {
        path.drain(..i);
    }
    path
}

impl Index {
    /// Indexes a source text (text with syntax errors has no index). The
    /// last few are kept per thread: between two keystrokes most files of
    /// a workspace do not change.
    pub fn of(text: &str) -> Rc<Index> {
        thread_local! {
            static KEPT: RefCell<aspects_nix::recent::Recent<(), Rc<Index>>> =
                const { RefCell::new(aspects_nix::recent::Recent::new()) };
        }
        if let Some(hit) = KEPT.with(|k| k.borrow_mut().get(text, |_| true)) {
            return hit;
        }
        let index = Rc::new(Index::of_uncached(text));
        // An index let go of is small: freed at once.
        drop(KEPT.with(|k| k.borrow_mut().keep(text, (), index.clone())));
        index
    }

    fn of_uncached(text: &str) -> Index {
        let Ok(root) = aspects_nix::lower::parse_tree(text, Default::default()) else {
            return Index::default();
        };
        let lines = LineIndex::new(text);
        let mut walk = Walk {
            at: |offset: u32| lines.line_col(text, offset as usize),
            out: Index::default(),
            enclosing: Vec::new(),
        };
        walk.expr(&root);
        walk.out
    }

    /// The binding that best places a definition of `target` (an option
    /// path such as `flake.modules.nixos.ai`): the binding of exactly that
    /// path, else the first binding inside it, else the deepest binding
    /// that holds it.
    pub fn place(&self, target: &[String]) -> Option<&Binding> {
        let places = self.places.get_or_init(|| Places::of(&self.bindings));
        let found = |map: &PathMap, path: &[String]| Places::find(map, &self.bindings, path);
        let i = found(&places.first, target)
            .or_else(|| found(&places.first_below, target))
            // The deepest binding holding the target (the last of equals).
            .or_else(|| {
                (1..=target.len())
                    .rev()
                    .find_map(|n| found(&places.last, &target[..n]))
            })?;
        Some(&self.bindings[i])
    }
}

/// The walk of [`Index::of`], in source order.
struct Walk<F> {
    at: F,
    out: Index,
    /// The full paths of the bindings the walk is inside, innermost last
    /// (None: a `let` binding, or inside one).
    enclosing: Vec<Option<Vec<String>>>,
}

impl<F: Fn(u32) -> LineCol> Walk<F> {
    fn selection(&mut self, path: Vec<String>, range: Range) {
        let lc = (self.at)(range.start);
        self.out.selections.push(Selection {
            path,
            line: lc.line,
            column: lc.column,
            start: range.start,
            end: range.end,
        });
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Uri(_)
            | ExprKind::SearchPath(_)
            | ExprKind::Ident(_)
            | ExprKind::CurPos => {}
            ExprKind::Str(parts) | ExprKind::Path(parts) => self.parts(parts),
            ExprKind::Paren(inner) | ExprKind::Not(inner) | ExprKind::Neg(inner) => {
                self.expr(inner)
            }
            ExprKind::Apply(a, b)
            | ExprKind::Assert(a, b)
            | ExprKind::With(a, b)
            | ExprKind::BinOp(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Select {
                target,
                path,
                default,
            } => {
                if let Some(p) = selection_path(target, path) {
                    self.selection(p, e.range);
                }
                self.expr(target);
                self.attrs(path);
                if let Some(d) = default {
                    self.expr(d);
                }
            }
            ExprKind::HasAttr { target, path } => {
                self.expr(target);
                self.attrs(path);
            }
            ExprKind::List(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Lambda(lambda) => {
                if let Param::Pattern { formals, .. } = &lambda.param {
                    for d in formals.iter().filter_map(|f| f.default.as_ref()) {
                        self.expr(d);
                    }
                }
                self.expr(&lambda.body);
            }
            ExprKind::If(parts) => parts.iter().for_each(|p| self.expr(p)),
            ExprKind::AttrSet { entries, .. } => {
                self.inherited(entries);
                self.entries(entries, true);
            }
            ExprKind::LetIn { entries, body } => {
                self.entries(entries, false);
                self.expr(body);
            }
            ExprKind::LegacyLet(entries) => self.entries(entries, false),
        }
    }

    fn parts(&mut self, parts: &[Part]) {
        for p in parts {
            if let Part::Interp(e) = p {
                self.expr(e);
            }
        }
    }

    fn attrs(&mut self, path: &[Attr]) {
        for a in path {
            match &a.kind {
                AttrKind::Ident(_) => {}
                AttrKind::Str(parts) => self.parts(parts),
                AttrKind::Dynamic(e) => self.expr(e),
            }
        }
    }

    /// `inherit (x) a b;` in a set selects `x.a` and `x.b`.
    fn inherited(&mut self, entries: &[Entry]) {
        for entry in entries {
            let Entry::Inherit {
                from: Some(from),
                attrs,
                ..
            } = entry
            else {
                continue;
            };
            let base = match &from.kind {
                ExprKind::Ident(id) => vec![id.to_string()],
                ExprKind::Select { target, path, .. } => match selection_path(target, path) {
                    Some(p) => p,
                    None => continue,
                },
                _ => continue,
            };
            for a in attrs {
                let mut path = base.clone();
                path.push(attr_name(a));
                self.selection(path, a.range);
            }
        }
    }

    /// The entries of a set (`in_set`) or a `let`.
    fn entries(&mut self, entries: &[Entry], in_set: bool) {
        for entry in entries {
            match entry {
                Entry::Binding { range, path, value } => {
                    let prefix = match self.enclosing.last() {
                        None => Some(Vec::new()),
                        Some(outer) => outer.clone(),
                    };
                    match prefix {
                        // Inside a `let` binding's value: the path is a
                        // variable's.
                        Some(mut p) if in_set => {
                            p.extend(names(path));
                            self.binding(&p, *range, value);
                            self.enclosing.push(Some(p));
                        }
                        _ => self.enclosing.push(None),
                    }
                    self.attrs(path);
                    self.expr(value);
                    self.enclosing.pop();
                }
                Entry::Inherit { from, attrs, .. } => {
                    if let Some(from) = from {
                        self.expr(from);
                    }
                    self.attrs(attrs);
                }
            }
        }
    }

    fn binding(&mut self, path: &[String], range: Range, value: &Expr) {
        let lc = (self.at)(range.start);
        let value_select = match &value.kind {
            ExprKind::Select { target, path, .. } => selection_path(target, path),
            _ => None,
        };
        self.out.bindings.push(Binding {
            path: from_flake(path.to_vec()),
            line: lc.line,
            column: lc.column,
            start: range.start,
            end: range.end,
            value_select,
        });
    }
}

/// Splits an option path as the module system prints it (`a.b."c d".[x]`).
pub fn split_option_path(s: &str) -> Vec<String> {
    split_option_path_prefix(s, usize::MAX)
}

/// The first `limit` components of [`split_option_path`].
pub fn split_option_path_prefix(s: &str, limit: usize) -> Vec<String> {
    if s.contains('"') {
        return split_quoted_option_path(s, limit);
    }
    // No quotes (the usual case): components are slices between dots
    // outside brackets.
    let mut out = Vec::new();
    let (mut start, mut bracket) = (0, 0usize);
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'[' => bracket += 1,
            b']' if bracket > 0 => bracket -= 1,
            b'.' if bracket == 0 => {
                out.push(s[start..i].to_string());
                if out.len() == limit {
                    return out;
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].to_string());
    out
}

fn split_quoted_option_path(s: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    let mut bracket = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '"' if bracket == 0 => quoted = !quoted,
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '[' if !quoted => {
                bracket += 1;
                cur.push(c);
            }
            ']' if !quoted && bracket > 0 => {
                bracket -= 1;
                cur.push(c);
            }
            '.' if !quoted && bracket == 0 => {
                out.push(std::mem::take(&mut cur));
                if out.len() == limit {
                    return out;
                }
            }
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        split_option_path(s)
    }

    #[test]
    fn bindings_under_let_values_are_left_out_at_any_depth() {
        let ix =
            Index::of("{ z = let q = { r = { t = 1; }; }; in { s.u = 2; }; w = [ { v = 3; } ]; }");
        let paths: Vec<String> = ix.bindings.iter().map(|b| b.path.join(".")).collect();
        assert_eq!(paths, ["z", "z.s.u", "w", "w.v"]);
        // Text too deep to parse is not indexed (and does not crash).
        let deep = format!("{}1{}", "[ ".repeat(100_000), " ]".repeat(100_000));
        assert!(Index::of(&deep).bindings.is_empty());
    }

    #[test]
    fn bindings_carry_their_full_path() {
        let ix = Index::of(
            "{ lib, ... }:\nlet x = { a = 1; };\nin {\n  flake.modules = {\n    nixos.ai = { };\n  };\n  flake.aspects = { aspects, ... }: {\n    ai.description = \"x\";\n    gpu = inputs.one.aspects.gpu;\n  };\n}\n",
        );
        let paths: Vec<String> = ix.bindings.iter().map(|b| b.path.join(".")).collect();
        assert!(paths.contains(&"flake.modules".to_string()), "{paths:?}");
        assert!(paths.contains(&"flake.modules.nixos.ai".to_string()));
        assert!(paths.contains(&"flake.aspects.ai.description".to_string()));
        assert!(!paths.iter().any(|p| p.starts_with('x') || p == "a"));
        let b = ix.place(&p("flake.modules.nixos.ai")).unwrap();
        assert_eq!(b.line, 5);
        assert_eq!(
            ix.place(&p("flake.aspects.ai.description")).unwrap().line,
            8
        );
        // Inside: the first binding below the target.
        assert_eq!(ix.place(&p("flake.aspects.ai")).unwrap().line, 8);
        // Above: the deepest binding that holds the target.
        assert_eq!(ix.place(&p("flake.aspects.ai.nixos")).unwrap().line, 7);
        let gpu = ix.place(&p("flake.aspects.gpu")).unwrap();
        assert_eq!(
            gpu.value_select.as_deref(),
            Some(&p("inputs.one.aspects.gpu")[..])
        );
    }

    #[test]
    fn selections_include_inherits() {
        let ix = Index::of("{ inputs, ... }: {\n imports = [ inputs.dendrix.repo-one.ai ];\n x = { inherit (inputs) repo-tow; };\n}");
        let sel: Vec<(String, u32)> = ix
            .selections
            .iter()
            .map(|s| (s.path.join("."), s.line))
            .collect();
        assert!(
            sel.contains(&("inputs.dendrix.repo-one.ai".into(), 2)),
            "{sel:?}"
        );
        assert!(sel.contains(&("inputs.repo-tow".into(), 3)), "{sel:?}");
    }

    #[test]
    fn option_paths_split_like_the_module_system_prints_them() {
        assert_eq!(
            p("flake.aspects.ai.includes.[definition 1-entry 1].nixos"),
            vec![
                "flake",
                "aspects",
                "ai",
                "includes",
                "[definition 1-entry 1]",
                "nixos"
            ]
        );
        assert_eq!(p("a.\"b.c\".d"), vec!["a", "b.c", "d"]);
        assert_eq!(
            p("a.[x.y].<function body>"),
            vec!["a", "[x.y]", "<function body>"]
        );
        assert_eq!(p(""), vec![""]);
        assert_eq!(p("a..b"), vec!["a", "", "b"]);
        // A prefix is the same components, fewer of them.
        for s in [
            "flake.aspects.ai.includes.[d].nixos",
            "a.\"b.c\".d.e",
            "x",
            "a.b",
        ] {
            for n in 1..6 {
                let all = p(s);
                assert_eq!(
                    split_option_path_prefix(s, n),
                    all[..n.min(all.len())],
                    "{s} {n}"
                );
            }
        }
    }
}
