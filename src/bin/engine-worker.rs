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
    use aspect_playground::protocol::{ExportRequest, Exported, Reply, READY};
    use aspects_engine::session::{self, Request};
    use aspects_engine::workspace::Workspace;
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
            let (json, heap) = match serde_json::from_str::<ExportRequest>(&text) {
                Ok(job) => (serde_json::to_string(&export(&job)), None),
                Err(_) => {
                    let (reply, heap) = answer(&text);
                    (serde_json::to_string(&reply), Some(heap))
                }
            };
            if let Ok(json) = json {
                let _ = replies.post_message(&JsValue::from_str(&json));
            }
            // Freeing the evaluation's heap is slow: do it once the page
            // has its answer.
            drop(heap);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str(READY));
    }

    fn answer(text: &str) -> (Reply, session::Heap) {
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
        let (response, heap) = session::run_keeping_heap(&request);
        let reply = Reply {
            response,
            engine_ms: now() - started,
        };
        (reply, heap)
    }

    fn export(job: &ExportRequest) -> Exported {
        let exported = Workspace::parse(&job.export.workspace)
            .map_err(|e| e.to_string())
            .and_then(|ws| {
                aspects_export::flake_files(&ws, &job.export.repo).map_err(|e| e.to_string())
            });
        Exported { exported }
    }

    fn now() -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    }
}
