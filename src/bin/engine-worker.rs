//! The engine's Web Worker: evaluates each request it receives (a JSON
//! [`Request`]) and posts back a JSON [`Reply`]. Running here keeps the
//! page responsive while Nix evaluates; the page terminates this worker if
//! an evaluation outlives its budget.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("engine-worker runs in a browser's Web Worker only");
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use aspect_playground::protocol::{Reply, READY};
    use aspects_engine::session::{self, Request};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    pub fn start() {
        console_error_panic_hook::set_once();
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let replies = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let reply = answer(&text);
            if let Ok(json) = serde_json::to_string(&reply) {
                let _ = replies.post_message(&JsValue::from_str(&json));
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str(READY));
    }

    fn answer(text: &str) -> Reply {
        let started = now();
        let request: Request = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(e) => Request {
                id: 0,
                // An empty workspace makes a clear "no files" error; the
                // page never sends malformed requests.
                workspace: String::new(),
                repo: Some(format!("(bad request: {e})")),
                conformance: false,
                max_steps: None,
            },
        };
        let response = session::run(&request);
        Reply {
            response,
            engine_ms: now() - started,
        }
    }

    fn now() -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    }
}
