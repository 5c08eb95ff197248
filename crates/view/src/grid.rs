//! The modules view's grid: the transpose as aspects × classes.

use aspects_engine::Analysis;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub classes: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub aspect: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub class: String,
    /// `flake.modules.<class>.<aspect>` exists.
    pub exported: bool,
    /// Nodes of its resolved include tree that contribute to the class.
    pub contributing: usize,
    /// Whether its configuration failed to evaluate.
    pub error: bool,
}

/// The grid of an analysis: every aspect (defined or exported) in name
/// order, every class in the analysis' order.
pub fn grid(a: &Analysis) -> Grid {
    let mut aspects: BTreeSet<&str> = a.aspects.keys().map(String::as_str).collect();
    for names in a.exported.values() {
        aspects.extend(names.iter().map(String::as_str));
    }
    let classes = a.classes.clone();
    let rows = aspects
        .into_iter()
        .map(|aspect| Row {
            aspect: aspect.to_string(),
            cells: classes
                .iter()
                .map(|class| {
                    let exported = a
                        .exported
                        .get(class)
                        .is_some_and(|l| l.iter().any(|x| x == aspect));
                    let contributing = a
                        .trees
                        .get(class)
                        .and_then(|t| t.get(aspect))
                        .map(count_contributing)
                        .unwrap_or(0);
                    let error = a
                        .configs
                        .get(class)
                        .and_then(|c| c.get(aspect))
                        .is_some_and(|j| j.get("$error").is_some());
                    Cell {
                        class: class.clone(),
                        exported,
                        contributing,
                        error,
                    }
                })
                .collect(),
        })
        .collect();
    Grid { classes, rows }
}

fn count_contributing(n: &aspects_engine::analysis::TreeNode) -> usize {
    usize::from(n.has_class) + n.children.iter().map(count_contributing).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aspects_engine::session::{run, Request};

    #[test]
    fn transpose_grid() {
        let text = r#"{ flake.aspects = { aspects, ... }: {
            vim = { nixos.programs.vim.enable = true; darwin.programs.vim.enable = true; };
            laptop = { nixos.x = 1; includes = [ aspects.vim ]; };
            broken = { nixos.y = throw "no"; };
        }; }"#;
        let req = Request {
            id: 1,
            workspace: text.into(),
            repo: None,
            conformance: false,
            max_steps: None,
        };
        let a = aspects_nix::on_big_stack(move || run(&req).analysis);
        let g = grid(&a);
        assert_eq!(g.classes, vec!["darwin", "nixos"]);
        let names: Vec<_> = g.rows.iter().map(|r| r.aspect.as_str()).collect();
        assert_eq!(names, vec!["broken", "laptop", "vim"]);
        let laptop = &g.rows[1];
        assert!(!laptop.cells[0].exported, "laptop has no darwin module");
        assert!(laptop.cells[1].exported);
        assert_eq!(laptop.cells[1].contributing, 2, "laptop and vim");
        assert!(g.rows[0].cells[1].error, "broken's nixos config fails");
        assert!(g.rows[2].cells.iter().all(|c| c.exported));
    }
}
