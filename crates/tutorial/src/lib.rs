//! # The tutorial of Aspect Playground
//!
//! Lessons in learning order, from the first transposed aspect to a Dendrix
//! layer across repos (the path of SEMANTICS.md §6). Each [`Lesson`] has
//! short prose (a tiny Markdown subset, see [`prose`]), a workspace text to
//! start from (it evaluates, but does not do the task yet), a solution,
//! hints, and [`Check`]s on the evaluated result.
//!
//! The UI evaluates the user's text with the engine (in its worker) and
//! hands the [`Analysis`] to [`check_all`]. Checks look only at that
//! result, never at the text, so any way of writing the solution passes.
//!
//! This crate is pure: no web dependencies, and it never evaluates
//! anything itself (`aspects-engine` is used for its `Analysis` types).
//! `tests/lessons.rs` evaluates every start and solution.
//!
//! ```
//! use aspects_tutorial::{by_id, check_all, Analysis};
//!
//! let lesson = by_id("transpose").expect("the first lesson");
//! // The UI gets the Analysis from the engine's worker; an empty one
//! // (an empty flake) passes no lesson.
//! let results = check_all(&Analysis::default(), lesson);
//! assert_eq!(results.len(), lesson.checks.len());
//! assert!(results.iter().any(|r| !r.passed));
//! ```

pub mod check;
mod lessons;
pub mod prose;

pub use aspects_engine::Analysis;
pub use check::{check, Check, CheckResult};
pub use lessons::LESSONS;
pub use prose::{render_blocks, Block, Inline};

/// One lesson of the tutorial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// A stable slug (`[a-z0-9-]`), e.g. for links and saved progress.
    pub id: &'static str,
    pub title: &'static str,
    /// The teaching text and the task, in the subset of [`prose`]; render
    /// it with [`render_blocks`].
    pub prose: &'static str,
    /// The workspace text the editor opens: it evaluates, and fails at
    /// least one check.
    pub start: &'static str,
    /// A workspace text that passes every check.
    pub solution: &'static str,
    /// One to three hints, from gentle to explicit, in the inline subset
    /// of [`prose`] (render each with [`prose::render_inlines`]).
    pub hints: &'static [&'static str],
    /// What the evaluated result must satisfy.
    pub checks: &'static [Check],
}

impl Lesson {
    /// The lesson's prose as blocks.
    pub fn blocks(&self) -> Vec<Block> {
        render_blocks(self.prose)
    }

    /// The position of the lesson in [`LESSONS`] (0-based).
    pub fn index(&self) -> usize {
        LESSONS
            .iter()
            .position(|l| l.id == self.id)
            .expect("a lesson of LESSONS")
    }

    /// The lesson after this one.
    pub fn next(&self) -> Option<&'static Lesson> {
        LESSONS.get(self.index() + 1)
    }
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Runs every check of the lesson, in order.
pub fn check_all(analysis: &Analysis, lesson: &Lesson) -> Vec<CheckResult> {
    lesson.checks.iter().map(|c| check(analysis, c)).collect()
}

/// Whether every check of the lesson passes.
pub fn solved(analysis: &Analysis, lesson: &Lesson) -> bool {
    check_all(analysis, lesson).iter().all(|r| r.passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_id_finds_every_lesson_and_nothing_else() {
        for l in LESSONS {
            assert_eq!(by_id(l.id).map(|x| x.id), Some(l.id));
        }
        assert!(by_id("no-such-lesson").is_none());
    }

    #[test]
    fn lessons_are_in_order_and_linked() {
        assert!(LESSONS.len() >= 10);
        for (i, l) in LESSONS.iter().enumerate() {
            assert_eq!(l.index(), i);
            assert_eq!(l.next().map(|n| n.id), LESSONS.get(i + 1).map(|n| n.id));
        }
        assert_eq!(LESSONS[0].id, "transpose");
    }

    #[test]
    fn a_fatal_error_fails_every_check_and_nothing_passes_on_nothing() {
        let mut a = Analysis::default();
        // An empty flake passes no lesson.
        for l in LESSONS {
            assert!(!solved(&a, l), "{}", l.id);
        }
        a.fatal = Some(aspects_engine::analysis::Diagnostic::message(
            "error",
            "syntax",
            "syntax error, unexpected '}'\nmore".into(),
        ));
        for l in LESSONS {
            for r in check_all(&a, l) {
                assert!(!r.passed);
                assert_eq!(
                    r.message,
                    "The workspace does not evaluate yet: syntax error, unexpected '}'"
                );
            }
        }
    }
}
