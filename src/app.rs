//! The page: header (examples, theme), the editor pane with its file tabs,
//! the output pane with its views, and the status bar. Owns the engine
//! worker and feeds it the workspace after each edit.

use crate::editor::Editor;
use crate::engine::{now, Engine, Outcome, BUDGET_MS};
use crate::export_button::DownloadFlake;
use crate::files::FileTabs;
use crate::gallery_menu::{GalleryMenu, UndoToast};
use crate::history::HistoryMenu;
use crate::share::ShareButtons;
use crate::state::{EngineStatus, Store, Theme, Timing, View};
use crate::status_bar::StatusBar;
use crate::tutorial::{TutorialMenu, TutorialPanel};
use crate::views::{
    aspects::AspectsView, config::ConfigView, diagnostics::DiagnosticsView, graph::GraphView,
    json::JsonView, modules::ModulesView,
};
use crate::{examples, metrics};
use aspects_engine::analysis::Diagnostic;
use aspects_engine::session::{Request, Response};
use aspects_engine::workspace::Workspace;
use gloo_timers::future::TimeoutFuture;
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The longest pause before a changed text is evaluated. The pause adapts
/// to how long evaluations take: fast flakes are evaluated at once.
const MAX_DEBOUNCE_MS: f64 = 100.0;

/// How long an error must persist before the error banner shows (inline
/// markers are immediate).
const BANNER_DELAY_MS: u32 = 1_200;

/// The engine worker, for components that ask it for more than
/// evaluations (the flake export).
#[derive(Clone, Copy)]
pub struct EngineHandle(pub StoredValue<Engine, LocalStorage>);

/// A response that stands for an evaluation that never answered.
fn failed(id: u64, kind: &str, message: String) -> Response {
    let mut r = Response {
        id,
        repo: None,
        repos: Vec::new(),
        text_error: None,
        analysis: Default::default(),
        conformance: None,
        steps: 0,
    };
    r.analysis.fatal = Some(Diagnostic::message("error", kind, message));
    r
}

fn after_next_paint(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

fn apply(store: Store, outcome: Outcome, last_ms: StoredValue<f64>) {
    match outcome {
        Outcome::Done {
            reply,
            round_trip_ms,
        } => {
            let response = Arc::new(reply.response);
            let id = response.id;
            last_ms.set_value(round_trip_ms);
            store.timing.set(Some(Timing {
                engine_ms: reply.engine_ms,
                round_trip_ms,
                steps: response.steps,
            }));
            if response.analysis.fatal.is_none() {
                if store.class.get_untracked().is_none() {
                    store.class.set(response.analysis.classes.first().cloned());
                }
                store.good.set(Some(response.clone()));
            }
            store.latest.set(Some(response));
            store.engine.set(EngineStatus::Idle);
            crate::share::clear_trouble(id);
            after_next_paint(move || metrics::shown(id, now()));
        }
        Outcome::TimedOut { id } => {
            let message = format!(
                "Evaluation stopped: it ran longer than {} s. The engine was restarted; edit the text to try again.",
                BUDGET_MS / 1000
            );
            store
                .latest
                .set(Some(Arc::new(failed(id, "timeout", message.clone()))));
            crate::share::mark_trouble(id);
            store.engine.set(EngineStatus::Stopped(message));
        }
        Outcome::Crashed { id, message } => {
            let message = if message.contains("call stack") {
                "The evaluation recursed too deeply and ran out of stack; the engine was restarted. Look for a function that calls itself without end.".to_string()
            } else {
                format!("The engine crashed ({message}) and was restarted.")
            };
            store
                .latest
                .set(Some(Arc::new(failed(id, "engine-crash", message.clone()))));
            crate::share::mark_trouble(id);
            store.engine.set(EngineStatus::Stopped(message));
        }
        Outcome::Unavailable { message } => store.engine.set(EngineStatus::Unavailable(message)),
    }
}

/// Keyboard shortcuts of the whole page (printed on their buttons).
fn install_shortcuts(store: Store) {
    let handler =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if !ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
                return;
            }
            let code = ev.code();
            let digit = code
                .strip_prefix("Digit")
                .and_then(|d| d.parse::<usize>().ok());
            if let Some(view) = digit.and_then(|d| View::ALL.get(d.wrapping_sub(1))) {
                store.view.set(*view);
                store.show_editor.set(false);
            } else if code == "KeyT" {
                store.theme.update(|t| *t = t.next());
            } else if code == "KeyE" {
                if let Some(b) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(".gallery-toggle").ok().flatten())
                {
                    let b: web_sys::HtmlElement = b.unchecked_into();
                    b.click();
                }
            } else {
                return;
            }
            ev.prevent_default();
        });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    }
    handler.forget();
}

/// `window.aspectPlayground.load(text)`: replaces the workspace with a
/// workspace text (undoable), for scripts and the end-to-end tests.
/// Returns an error message, or `null` when loaded.
fn publish_loader(store: Store) {
    let load =
        Closure::<dyn Fn(String) -> JsValue>::new(move |text: String| {
            match Workspace::parse(&text) {
                Ok(ws) => {
                    store.load("a script's text", ws);
                    JsValue::NULL
                }
                Err(e) => JsValue::from_str(&e.to_string()),
            }
        });
    let f: JsValue = load.into_js_value();
    crate::published("load", move || f);
}

#[component]
pub fn App() -> impl IntoView {
    let store = Store::new(Workspace::single(examples::WELCOME));
    provide_context(store);
    let last_ms = StoredValue::new(0.0f64);
    let engine = StoredValue::new_local(Engine::new(move |o| apply(store, o, last_ms)));
    provide_context(EngineHandle(engine));
    let embed = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| crate::embed::from_query(&q));
    provide_context(embed.clone());
    let tutorial = crate::tutorial::Tutorial::new();
    provide_context(tutorial);
    publish_loader(store);
    if let Some(e) = &embed {
        store.theme.set(e.theme);
        if let Some(v) = e.view {
            store.view.set(v);
        }
        crate::share::restore_link_only(&store);
    } else {
        install_shortcuts(store);
        crate::share::restore(&store);
        crate::share::autosave(store);
    }
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if let Some(lesson) = crate::tutorial::lesson_in_query(&query) {
        tutorial.open(&store, lesson);
    }

    // Evaluate the newest workspace after an adaptive pause.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let text = store.workspace.with(Workspace::print);
        let conformance = store.want_conformance.get();
        if store.paused.get() {
            return; // safe mode: the user decides when to evaluate
        }
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        let delay = last_ms.get_value().clamp(0.0, MAX_DEBOUNCE_MS) as u32;
        spawn_local(async move {
            if delay > 0 {
                TimeoutFuture::new(delay).await;
            }
            if generation.get_value() != mine {
                return; // a newer edit supersedes this one
            }
            let fp_text = text.clone();
            let id = engine.with_value(|e| {
                e.submit(Request {
                    id: 0,
                    workspace: text,
                    repo: None,
                    conformance,
                    max_steps: None,
                })
            });
            metrics::sent(id);
            crate::share::sent(id, &fp_text);
            if !matches!(store.engine.get_untracked(), EngineStatus::Loading) {
                store.engine.set(EngineStatus::Running);
            }
        });
    });

    // The error banner: only for an error that persists.
    let banner = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let latest = store.latest.get();
        let fatal = latest.as_ref().and_then(|r| r.analysis.fatal.clone());
        match fatal {
            None => banner.set(None),
            Some(d) => {
                let id = latest.map(|r| r.id);
                spawn_local(async move {
                    TimeoutFuture::new(BANNER_DELAY_MS).await;
                    let still = store.latest.with_untracked(|l| l.as_ref().map(|r| r.id)) == id;
                    if still {
                        banner.set(Some(d.message));
                    }
                });
            }
        }
    });

    // The theme: `data-theme` on <html> (auto follows the system).
    Effect::new(move |_| {
        let theme = store.theme.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = match theme {
                Theme::Auto => root.remove_attribute("data-theme"),
                Theme::Light => root.set_attribute("data-theme", "light"),
                Theme::Dark => root.set_attribute("data-theme", "dark"),
            };
        }
    });

    let tabs = View::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = *v;
            view! {
                <button role="tab" class="view-tab" id=format!("tab-{}", v.id())
                    aria-selected=move || (store.view.get() == v).to_string()
                    class:active=move || store.view.get() == v
                    data-view=v.id()
                    title=format!("{} (Alt+{})", v.title(), i + 1)
                    on:click=move |_| store.view.set(v)>
                    {v.title()} " " <kbd>{format!("Alt+{}", i + 1)}</kbd>
                </button>
            }
        })
        .collect::<Vec<_>>();

    if let Some(e) = embed {
        return view! { <EmbedLayout options=e banner=banner /> }.into_any();
    }

    view! {
        <header class="topbar">
            <h1 class="brand">"Aspect Playground"</h1>
            <p class="tagline">"flake-aspects and Dendrix layers, evaluated as you type"</p>
            <span class="spacer"></span>
            <ShareButtons />
            <TutorialMenu />
            <HistoryMenu />
            <DownloadFlake />
            <GalleryMenu />
            <button class="theme-toggle" title="Switch theme (Alt+T)" on:click=move |_| store.theme.update(|t| *t = t.next())>
                {move || store.theme.get().label()} " " <kbd>"Alt+T"</kbd>
            </button>
        </header>
        <UndoToast />
        {move || store.paused.get().then(|| view! {
            <div class="toast warning" role="alert" data-testid="safe-mode">
                "Safe mode: last time this workspace stopped the engine (it ran too long or crashed), so it is not evaluated yet. Edit it, or "
                <button on:click=move |_| store.paused.set(false)>"Evaluate anyway"</button>
            </div>
        })}
        {move || store.other_tab.get().then(|| view! {
            <div class="toast warning" role="alert" data-testid="other-tab">
                "The playground is open in another tab, which saved newer work. This tab stopped autosaving so that it does not overwrite it. "
                <button on:click=move |_| crate::share::keep_this_tab(&store)>"Keep this tab's work"</button>
                <button on:click=move |_| crate::share::load_other_tab(&store)>"Load the other tab's work"</button>
            </div>
        })}
        {move || store.notice.get().map(|m| view! {
            <div class="toast notice" role="status" data-testid="notice">
                {m} " " <button class="small" aria-label="Dismiss" on:click=move |_| store.notice.set(None)>"×"</button>
            </div>
        })}
        <nav class="pane-switch" aria-label="Pane">
            <button class:active=move || store.show_editor.get() on:click=move |_| store.show_editor.set(true)>"Editor"</button>
            <button class:active=move || !store.show_editor.get() on:click=move |_| store.show_editor.set(false)>"Output"</button>
        </nav>
        <main class="panes" class:show-editor=move || store.show_editor.get()>
            <section class="pane editor-pane" aria-label="Editor">
                <TutorialPanel />
                <FileTabs />
                <Editor />
            </section>
            <section class="pane output-pane" aria-label="Output">
                <div class="view-tabs" role="tablist" aria-label="Views">{tabs}</div>
                {move || banner.get().map(|m| view! {
                    <div class="error-banner" role="alert" data-testid="error-banner">
                        <strong>"The last edit does not evaluate: "</strong>{m}
                        <button class="small" on:click=move |_| store.view.set(View::Diagnostics)>"Details"</button>
                        <span class="muted">" Showing the last result that evaluated."</span>
                    </div>
                })}
                <div class="view-body" role="tabpanel" aria-labelledby=move || format!("tab-{}", store.view.get().id())>
                    {move || current_view(store)}
                </div>
            </section>
        </main>
        <StatusBar />
    }
    .into_any()
}

/// The open view's component.
fn current_view(store: Store) -> AnyView {
    match store.view.get() {
        View::Aspects => view! { <AspectsView /> }.into_any(),
        View::Modules => view! { <ModulesView /> }.into_any(),
        View::Graph => view! { <GraphView /> }.into_any(),
        View::Config => view! { <ConfigView /> }.into_any(),
        View::Json => view! { <JsonView /> }.into_any(),
        View::Diagnostics => view! { <DiagnosticsView /> }.into_any(),
    }
}

/// The embed's page: a thin bar with "Open in playground", then the code
/// and/or one view.
#[component]
fn EmbedLayout(
    options: crate::embed::EmbedOptions,
    banner: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = crate::state::use_store();
    crate::embed::report_height(options.id.clone());
    let open_in_playground = move |_| {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let base = crate::embed::playground_url(&href);
        let base = base.split('#').next().unwrap_or_default().to_string();
        let url = aspects_share::link(&base, &crate::share::current_state(&store));
        if let Some(w) = web_sys::window() {
            let _ = w.open_with_url_and_target(&url, "_blank");
        }
    };
    let two = options.editor && options.view.is_some();
    let view_pane = options.view.map(|_| {
        view! {
            <section class="pane output-pane" aria-label="Output">
                {move || banner.get().map(|m| view! { <div class="error-banner" role="alert">{m}</div> })}
                <div class="view-body">{move || current_view(store)}</div>
            </section>
        }
    });
    view! {
        <div class="embed" class:fit-code=options.fit_code class:two=two data-testid="embed">
            <div class="embed-bar">
                <span class="embed-brand">"Aspect Playground"</span>
                <span class="spacer"></span>
                <button class="small" on:click=open_in_playground data-testid="open-in-playground">"Open in playground ↗"</button>
            </div>
            <div class="embed-panes">
                {options.editor.then(|| view! { <section class="pane editor-pane" aria-label="Editor"><TutorialPanel /><Editor /></section> })}
                {view_pane}
            </div>
        </div>
    }
}
