//! The playground's state: one [`Store`] of signals, provided as context,
//! shared by every view. The workspace is the source of truth; the engine's
//! answers are derived from it.

use aspects_engine::session::Response;
use aspects_engine::workspace::Workspace;
use aspects_view::places::Place;
use leptos::prelude::*;
use std::sync::Arc;

/// The output views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Aspects,
    Modules,
    Graph,
    Config,
    Json,
    Diagnostics,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Aspects,
        View::Modules,
        View::Graph,
        View::Config,
        View::Json,
        View::Diagnostics,
    ];

    /// The name used in URLs and test ids.
    pub fn id(self) -> &'static str {
        match self {
            View::Aspects => "aspects",
            View::Modules => "modules",
            View::Graph => "graph",
            View::Config => "config",
            View::Json => "json",
            View::Diagnostics => "diagnostics",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Aspects => "Aspects",
            View::Modules => "Modules",
            View::Graph => "Graph",
            View::Config => "Config",
            View::Json => "JSON",
            View::Diagnostics => "Diagnostics",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// The engine worker's state as the status bar shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineStatus {
    Loading,
    Idle,
    Running,
    /// An evaluation was stopped (budget) or the worker crashed; the
    /// message says which. The worker has been restarted.
    Stopped(String),
    Unavailable(String),
}

/// How long the newest evaluation took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub engine_ms: f64,
    pub round_trip_ms: f64,
    pub steps: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::Auto => "Theme: auto",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

/// A request to show a place in the editor (the counter makes a repeated
/// click on the same place reveal it again).
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    pub place: Place,
    pub serial: u64,
}

/// Something the user can undo: the workspace before a load.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoLoad {
    pub what: String,
    pub before: Workspace,
    pub active: usize,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    /// Index of the file open in the editor.
    pub active: RwSignal<usize>,
    /// The engine's newest answer.
    pub latest: RwSignal<Option<Arc<Response>>>,
    /// The newest answer that evaluated (no fatal error): what the views
    /// show while the text is broken.
    pub good: RwSignal<Option<Arc<Response>>>,
    pub engine: RwSignal<EngineStatus>,
    pub timing: RwSignal<Option<Timing>>,
    pub view: RwSignal<View>,
    pub aspect: RwSignal<Option<String>>,
    pub class: RwSignal<Option<String>>,
    pub reveal: RwSignal<Option<Reveal>>,
    pub theme: RwSignal<Theme>,
    pub undo: RwSignal<Option<UndoLoad>>,
    /// The JSON view wants the conformance output too.
    pub want_conformance: RwSignal<bool>,
    /// Small screens show one pane: the editor (`true`) or the output.
    pub show_editor: RwSignal<bool>,
    /// The plain textarea editor is in use.
    pub plain_editor: RwSignal<bool>,
    /// A message for the user (link copied, link broken…).
    pub notice: RwSignal<Option<String>>,
    /// Safe mode: the workspace is not evaluated until the user asks
    /// (it stopped the engine last time).
    pub paused: RwSignal<bool>,
    /// Another tab saved newer work; this tab stopped autosaving.
    pub other_tab: RwSignal<bool>,
}

impl Store {
    pub fn new(workspace: Workspace) -> Store {
        Store {
            workspace: RwSignal::new(workspace),
            active: RwSignal::new(0),
            latest: RwSignal::new(None),
            good: RwSignal::new(None),
            engine: RwSignal::new(EngineStatus::Loading),
            timing: RwSignal::new(None),
            view: RwSignal::new(View::Modules),
            aspect: RwSignal::new(None),
            class: RwSignal::new(None),
            reveal: RwSignal::new(None),
            theme: RwSignal::new(Theme::Auto),
            undo: RwSignal::new(None),
            want_conformance: RwSignal::new(false),
            show_editor: RwSignal::new(true),
            plain_editor: RwSignal::new(false),
            notice: RwSignal::new(None),
            paused: RwSignal::new(false),
            other_tab: RwSignal::new(false),
        }
    }

    /// The repo the engine evaluates (the workspace's last).
    pub fn default_repo(&self) -> String {
        self.workspace
            .with(|w| w.repos().last().map(|r| r.to_string()))
            .unwrap_or_else(|| "main".into())
    }

    /// Opens `place` in the editor.
    pub fn reveal(&self, place: Place) {
        let serial = self
            .reveal
            .with_untracked(|r| r.as_ref().map_or(0, |r| r.serial + 1));
        self.reveal.set(Some(Reveal { place, serial }));
    }

    /// Selects an aspect in every view.
    pub fn select_aspect(&self, aspect: Option<String>) {
        if self.aspect.with_untracked(|a| *a != aspect) {
            self.aspect.set(aspect);
        }
    }

    /// Replaces the workspace (an example, a lesson, a link), keeping the
    /// old one for undo.
    pub fn load(&self, what: &str, workspace: Workspace) {
        let before = self.workspace.get_untracked();
        if before == workspace {
            return;
        }
        self.undo.set(Some(UndoLoad {
            what: what.to_string(),
            before,
            active: self.active.get_untracked(),
        }));
        self.active.set(0);
        self.workspace.set(workspace);
    }

    pub fn undo_load(&self) {
        if let Some(u) = self.undo.get_untracked() {
            self.undo.set(None);
            self.workspace.set(u.before);
            self.active.set(u.active);
        }
    }
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}
