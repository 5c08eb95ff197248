//! The page: header, editor and output panes.

use crate::{editor::Editor, examples, syntax_panel::SyntaxPanel};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let source = RwSignal::new(examples::WELCOME.to_string());
    view! {
        <header class="topbar">
            <h1 class="brand">"Aspect Playground"</h1>
            <p class="tagline">"flake-aspects and Dendrix layers, evaluated as you type"</p>
        </header>
        <main class="panes">
            <section class="pane editor-pane" aria-label="Editor">
                <Editor source=source />
            </section>
            <section class="pane output-pane" aria-label="Output">
                <SyntaxPanel source=source />
            </section>
        </main>
    }
}
