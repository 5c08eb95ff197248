//! Browser tests of the app's glue (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use aspect_playground::syntax_panel::SyntaxPanel;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
async fn syntax_panel_follows_the_source() {
    let source = RwSignal::new("{ a = 1; }".to_string());
    let el = host();
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <SyntaxPanel source=source /> });
    TimeoutFuture::new(150).await;
    assert!(
        el.inner_text().contains("No syntax errors"),
        "{}",
        el.inner_text()
    );

    source.set("{\n  a = ;\n}".into());
    TimeoutFuture::new(250).await;
    let text = el.inner_text();
    assert!(
        text.contains("1 syntax error") || text.contains("syntax errors"),
        "{text}"
    );
    assert!(text.contains("line 2, column 7"), "{text}");

    // The result is published for scripts through serde-wasm-bindgen.
    let window = web_sys::window().unwrap();
    let holder = js_sys::Reflect::get(&window, &"aspectPlayground".into()).unwrap();
    let syntax = js_sys::Reflect::get(&holder, &"syntax".into()).unwrap();
    assert!(js_sys::Array::is_array(&syntax));
    assert!(js_sys::Array::from(&syntax).length() >= 1);
}
