//! The status bar: the engine's state, its time per evaluation, and counts.

use crate::state::{use_store, EngineStatus};
use leptos::prelude::*;

#[component]
pub fn StatusBar() -> impl IntoView {
    let store = use_store();
    let engine = move || match store.engine.get() {
        EngineStatus::Loading => "engine loading…".to_string(),
        EngineStatus::Idle => "engine ready".to_string(),
        EngineStatus::Running => "evaluating…".to_string(),
        EngineStatus::Stopped(m) | EngineStatus::Unavailable(m) => m,
    };
    let timing = move || {
        store.timing.get().map(|t| {
            format!(
                "{:.1} ms engine · {:.1} ms round trip · {:.1}M steps",
                t.engine_ms,
                t.round_trip_ms,
                t.steps as f64 / 1e6
            )
        })
    };
    let counts = move || {
        store.latest.with(|l| {
            l.as_ref().map(|r| {
                let a = &r.analysis;
                let errors = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == "error")
                    .count()
                    + usize::from(a.fatal.is_some());
                let warnings = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == "warning")
                    .count();
                let modules: usize = a.exported.values().map(Vec::len).sum();
                format!(
                    "{} aspects · {} classes · {} modules · {} errors · {} warnings",
                    a.aspects.len(),
                    a.classes.len(),
                    modules,
                    errors,
                    warnings
                )
            })
        })
    };
    let trouble = move || {
        matches!(
            store.engine.get(),
            EngineStatus::Stopped(_) | EngineStatus::Unavailable(_)
        )
    };
    view! {
        <footer class="status-bar" role="status" aria-live="polite" data-testid="status">
            <span class="engine" class:trouble=trouble data-testid="engine-status">{engine}</span>
            <span class="timing" data-testid="timing">{timing}</span>
            <span class="counts" data-testid="counts">{counts}</span>
        </footer>
    }
}
