//! Browser tests of the app's glue (wasm-bindgen-test in headless
//! Chromium): the views render what the engine produced, and selection is
//! shared between them.
#![cfg(target_arch = "wasm32")]

use aspect_playground::state::Store;
use aspect_playground::views::{config::ConfigView, modules::ModulesView};
use aspects_engine::session::{run, Request};
use aspects_engine::workspace::Workspace;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FLAKE: &str = "{ flake.aspects = { aspects, ... }: {\n  ssh.nixos.services.openssh.enable = true;\n  laptop = { nixos.networking.hostName = \"laptop\"; includes = [ aspects.ssh ]; };\n}; }";

fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn evaluated_store() -> Store {
    let store = Store::new(Workspace::single(FLAKE));
    // The engine itself runs in wasm too (here on the test's thread).
    let response = run(&Request {
        id: 1,
        workspace: FLAKE.into(),
        repo: None,
        conformance: false,
        max_steps: None,
    });
    assert!(
        response.analysis.fatal.is_none(),
        "{:?}",
        response.analysis.fatal
    );
    let response = Arc::new(response);
    store.good.set(Some(response.clone()));
    store.latest.set(Some(response));
    store
}

#[wasm_bindgen_test]
async fn modules_grid_opens_the_resolved_tree() {
    let store = evaluated_store();
    let el = host();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(store);
        view! { <ModulesView /> }
    });
    TimeoutFuture::new(50).await;
    let text = el.inner_text();
    assert!(text.contains("laptop") && text.contains("ssh"), "{text}");
    let cell: web_sys::HtmlElement = el
        .query_selector("button[data-cell='nixos/laptop']")
        .unwrap()
        .expect("a cell for flake.modules.nixos.laptop")
        .unchecked_into();
    cell.click();
    TimeoutFuture::new(50).await;
    assert_eq!(store.aspect.get_untracked().as_deref(), Some("laptop"));
    let tree = el
        .query_selector("[data-testid=module-tree]")
        .unwrap()
        .expect("the tree");
    let tree: web_sys::HtmlElement = tree.unchecked_into();
    assert!(
        tree.inner_text().contains("chain: [ laptop ]"),
        "{}",
        tree.inner_text()
    );
}

#[wasm_bindgen_test]
async fn config_follows_the_selected_aspect() {
    let store = evaluated_store();
    store.class.set(Some("nixos".into()));
    store.aspect.set(Some("ssh".into()));
    let el = host();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(store);
        view! { <ConfigView /> }
    });
    TimeoutFuture::new(50).await;
    assert!(el.inner_text().contains("openssh"), "{}", el.inner_text());
    store.aspect.set(Some("laptop".into()));
    TimeoutFuture::new(50).await;
    let text = el.inner_text();
    assert!(
        text.contains("hostName") && text.contains("openssh"),
        "{text}"
    );
}
