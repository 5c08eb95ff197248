//! The tutorial: lessons of aspects-tutorial beside the editor. A lesson
//! is prose, start files and checks on the evaluated result; the goals
//! tick as the user's code starts to produce what they ask. Hints, Solve
//! and Reset (both undoable), progress kept in localStorage, and each
//! lesson linkable as `?lesson=<id>` (in embeds too).

use crate::browser::storage;
use crate::state::{use_store, Store};
use aspects_engine::workspace::Workspace;
use aspects_tutorial::{by_id, check_all, Block, Check, Inline, Lesson, LESSONS};
use leptos::prelude::*;
use std::collections::BTreeSet;

const PROGRESS_KEY: &str = "aspect-playground.tutorial.v1";

/// The open lesson, shared through context.
#[derive(Clone, Copy)]
pub struct Tutorial {
    pub lesson: RwSignal<Option<&'static str>>,
    pub solved: RwSignal<BTreeSet<String>>,
}

fn load_progress() -> BTreeSet<String> {
    storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .map(|t| {
            t.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn save_progress(solved: &BTreeSet<String>) {
    if let Some(s) = storage() {
        let _ = s.set_item(
            PROGRESS_KEY,
            &solved.iter().cloned().collect::<Vec<_>>().join(","),
        );
    }
}

/// The lesson a URL asks for (`?lesson=<id>`).
pub fn lesson_in_query(query: &str) -> Option<&'static Lesson> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("lesson="))
        .and_then(by_id)
}

impl Tutorial {
    pub fn new() -> Tutorial {
        Tutorial {
            lesson: RwSignal::new(None),
            solved: RwSignal::new(load_progress()),
        }
    }

    /// Opens a lesson with its start files (undoable).
    pub fn open(&self, store: &Store, lesson: &'static Lesson) {
        self.lesson.set(Some(lesson.id));
        if let Ok(ws) = Workspace::parse(lesson.start) {
            store.load(&format!("lesson “{}”", lesson.title), ws);
        }
    }

    /// The first lesson not solved yet.
    pub fn next_unsolved(&self) -> &'static Lesson {
        let solved = self.solved.get_untracked();
        LESSONS
            .iter()
            .find(|l| !solved.contains(l.id))
            .unwrap_or(&LESSONS[0])
    }
}

impl Default for Tutorial {
    fn default() -> Self {
        Tutorial::new()
    }
}

fn inlines(items: &[Inline]) -> Vec<AnyView> {
    items
        .iter()
        .map(|i| match i {
            Inline::Text(t) => view! { <span>{t.clone()}</span> }.into_any(),
            Inline::Code(t) => view! { <code>{t.clone()}</code> }.into_any(),
            Inline::Strong(t) => view! { <strong>{t.clone()}</strong> }.into_any(),
        })
        .collect()
}

fn blocks(lesson: &Lesson) -> Vec<AnyView> {
    lesson
        .blocks()
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => view! { <p>{inlines(p)}</p> }.into_any(),
            Block::Code(c) => {
                view! { <pre class="lesson-code"><code>{c.clone()}</code></pre> }.into_any()
            }
            Block::List(items) => view! {
                <ul>{items.iter().map(|i| view! { <li>{inlines(i)}</li> }).collect::<Vec<_>>()}</ul>
            }
            .into_any(),
        })
        .collect()
}

#[component]
pub fn TutorialPanel() -> impl IntoView {
    let store = use_store();
    let tutorial = expect_context::<Tutorial>();
    let hints_shown = RwSignal::new(0usize);
    let lesson = move || tutorial.lesson.get().and_then(by_id);
    // Check results on the newest evaluation.
    let results = Memo::new(move |_| {
        let l = lesson()?;
        store
            .latest
            .with(|r| r.as_ref().map(|r| check_all(&r.analysis, l)))
    });
    // A lesson whose checks all pass is remembered as solved.
    Effect::new(move |_| {
        let (Some(l), Some(rs)) = (lesson(), results.get()) else {
            return;
        };
        if !rs.is_empty()
            && rs.iter().all(|r| r.passed)
            && !tutorial.solved.with_untracked(|s| s.contains(l.id))
        {
            tutorial.solved.update(|s| {
                s.insert(l.id.to_string());
            });
            save_progress(&tutorial.solved.get_untracked());
        }
    });
    Effect::new(move |_| {
        tutorial.lesson.track();
        hints_shown.set(0);
    });

    move || {
        let l = lesson()?;
        let index = l.index();
        let goals = move || {
            let rs = results.get().unwrap_or_default();
            l.checks
                .iter()
                .enumerate()
                .map(|(i, c): (usize, &Check)| {
                    let r = rs.get(i);
                    let passed = r.is_some_and(|r| r.passed);
                    let detail = r.filter(|r| !r.passed).map(|r| r.message.clone());
                    view! {
                        <li class="goal" class:passed=passed data-passed=passed.to_string()>
                            <span class="mark" aria-hidden="true">{if passed { "✓" } else { "○" }}</span>
                            " " {c.goal()}
                            {detail.map(|d| view! { <div class="goal-detail">{d}</div> })}
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        };
        let all_passed = move || {
            results
                .get()
                .is_some_and(|rs| !rs.is_empty() && rs.iter().all(|r| r.passed))
        };
        let hints = move || {
            l.hints
                .iter()
                .take(hints_shown.get())
                .map(|h| view! { <li>{inlines(&aspects_tutorial::prose::render_inlines(h))}</li> })
                .collect::<Vec<_>>()
        };
        let more_hints = move || hints_shown.get() < l.hints.len();
        let prev = index.checked_sub(1).map(|i| &LESSONS[i]);
        let next = l.next();
        Some(view! {
            <section class="lesson" aria-label="Lesson" data-testid="lesson" data-lesson=l.id>
                <header class="lesson-head">
                    <span class="muted">{format!("Lesson {} of {}", index + 1, LESSONS.len())}</span>
                    <h2>{l.title}</h2>
                    <button class="small" aria-label="Close the tutorial" on:click=move |_| tutorial.lesson.set(None)>"×"</button>
                </header>
                <div class="lesson-prose">{blocks(l)}</div>
                <h3>"Goals"</h3>
                <ul class="goals" data-testid="goals">{goals}</ul>
                {move || all_passed().then(|| view! { <p class="ok-text" data-testid="lesson-solved">"Solved! Every goal holds."</p> })}
                <ul class="hints">{hints}</ul>
                <div class="lesson-actions">
                    <button disabled=move || !more_hints() on:click=move |_| hints_shown.update(|n| *n += 1)>"Hint"</button>
                    <button data-testid="solve" on:click=move |_| {
                        if let Ok(ws) = Workspace::parse(l.solution) { store.load(&format!("the solution of “{}”", l.title), ws); }
                    }>"Solve"</button>
                    <button data-testid="reset" on:click=move |_| {
                        if let Ok(ws) = Workspace::parse(l.start) { store.load(&format!("the start of “{}”", l.title), ws); }
                    }>"Reset"</button>
                    <span class="spacer"></span>
                    {prev.map(|p| view! { <button on:click=move |_| tutorial.open(&store, p)>"← Previous"</button> })}
                    {next.map(|n| view! { <button data-testid="next-lesson" on:click=move |_| tutorial.open(&store, n)>"Next →"</button> })}
                </div>
            </section>
        })
    }
}

/// The topbar's button: opens the tutorial at the first unsolved lesson,
/// or lists the lessons with their progress.
#[component]
pub fn TutorialMenu() -> impl IntoView {
    let store = use_store();
    let tutorial = expect_context::<Tutorial>();
    let open = RwSignal::new(false);
    view! {
        <div class="gallery">
            <button class="tutorial-toggle" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o) title="The tutorial">
                {move || format!("Tutorial {}/{}", tutorial.solved.with(|s| LESSONS.iter().filter(|l| s.contains(l.id)).count()), LESSONS.len())}
            </button>
            <Show when=move || open.get()>
                <ol class="gallery-list lessons" data-testid="lessons">
                    {LESSONS.iter().map(|l| {
                        let id = l.id;
                        let done = move || tutorial.solved.with(|s| s.contains(id));
                        view! {
                            <li><button class="example" data-lesson=id on:click=move |_| { tutorial.open(&store, l); open.set(false); }>
                                <strong>{move || if done() { "✓ " } else { "" }}{l.title}</strong>
                            </button></li>
                        }
                    }).collect::<Vec<_>>()}
                </ol>
            </Show>
        </div>
    }
}
