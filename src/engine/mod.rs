//! The page's side of the engine worker: one worker, one evaluation at a
//! time, only the newest edit kept while one runs (latest wins), and a
//! budget after which the worker is terminated and restarted.

use crate::protocol::{ExportJob, ExportRequest, Exported, Reply, READY};
use aspects_engine::session::Request;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions};

/// The worker's entry script (written by Trunk's loader shim, or by
/// scripts/build-web.sh on the cargo path).
pub const WORKER_URL: &str = "./engine-worker_loader.js";

/// How long one evaluation may run before the worker is stopped. The
/// engine's own step limit normally ends runaway evaluations first.
pub const BUDGET_MS: u32 = 2_000;

/// How long the worker may take to load before the page gives up.
const STARTUP_MS: u32 = 30_000;

/// What became of one submitted evaluation.
#[derive(Debug, Clone)]
pub enum Outcome {
    Done {
        reply: Box<Reply>,
        /// From posting the request to receiving the reply.
        round_trip_ms: f64,
    },
    /// The evaluation outlived [`BUDGET_MS`]; the worker was restarted.
    TimedOut { id: u64 },
    /// The worker died (a crash in the engine); it was restarted.
    Crashed { id: u64, message: String },
    /// The worker cannot be started at all.
    Unavailable { message: String },
}

type Listener = Rc<dyn Fn(Outcome)>;
/// A flake export's files, or why there are none.
pub type ExportResult = Result<Vec<(String, String)>, String>;
type ExportListener = Box<dyn FnOnce(ExportResult)>;

/// A handle to the engine worker; cheap to clone.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// The request being evaluated and when it was posted.
    in_flight: Option<(u64, f64)>,
    /// The newest request submitted while another was running.
    pending: Option<Request>,
    next_id: u64,
    timer: Option<Timeout>,
    listener: Listener,
    /// Kept alive as long as the worker is.
    handlers: Vec<Closure<dyn Fn(JsValue)>>,
    /// Who waits for an export's files.
    on_export: Option<ExportListener>,
}

impl Engine {
    pub fn new(listener: impl Fn(Outcome) + 'static) -> Engine {
        let engine = Engine {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                in_flight: None,
                pending: None,
                next_id: 1,
                timer: None,
                listener: Rc::new(listener),
                handlers: Vec::new(),
                on_export: None,
            })),
        };
        engine.spawn();
        engine
    }

    /// Queues `request` (its id is assigned here) and returns the id.
    /// While an evaluation runs, only the newest request is kept.
    pub fn submit(&self, mut request: Request) -> u64 {
        let id = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            request.id = id;
            inner.pending = Some(request);
            id
        };
        self.pump();
        id
    }

    /// Asks the worker for the files of `repo` as a real flake.
    pub fn export(
        &self,
        workspace: String,
        repo: String,
        done: impl FnOnce(ExportResult) + 'static,
    ) {
        let request = ExportRequest {
            export: ExportJob { workspace, repo },
        };
        let worker = {
            let mut inner = self.inner.borrow_mut();
            if !inner.ready {
                drop(inner);
                done(Err("the engine is not loaded yet".into()));
                return;
            }
            inner.on_export = Some(Box::new(done));
            inner.worker.clone()
        };
        if let (Some(w), Ok(json)) = (worker, serde_json::to_string(&request)) {
            let _ = w.post_message(&JsValue::from_str(&json));
        }
    }

    /// Whether an evaluation is running.
    pub fn busy(&self) -> bool {
        self.inner.borrow().in_flight.is_some()
    }

    fn spawn(&self) {
        let options = WorkerOptions::new();
        options.set_name("aspect-engine");
        let worker = match Worker::new_with_options(WORKER_URL, &options) {
            Ok(w) => w,
            Err(e) => {
                let message = format!("the engine worker could not start: {}", describe(&e));
                let listener = self.inner.borrow().listener.clone();
                listener(Outcome::Unavailable { message });
                return;
            }
        };
        let on_message = {
            let this = self.clone();
            Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
                let data = ev.unchecked_into::<MessageEvent>().data();
                if let Some(text) = data.as_string() {
                    this.received(&text);
                }
            })
        };
        let on_error = {
            let this = self.clone();
            Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
                let message = js_sys::Reflect::get(&ev, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "the engine stopped unexpectedly".into());
                this.crashed(message);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let startup = {
            let this = self.clone();
            Timeout::new(STARTUP_MS, move || {
                if !this.inner.borrow().ready {
                    this.stop_worker();
                    let listener = this.inner.borrow().listener.clone();
                    listener(Outcome::Unavailable {
                        message: "the engine did not load within 30 s".into(),
                    });
                }
            })
        };
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.ready = false;
        inner.handlers = vec![on_message, on_error];
        inner.timer = Some(startup);
    }

    fn stop_worker(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(w) = inner.worker.take() {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        inner.ready = false;
        inner.in_flight = None;
        inner.timer = None;
        inner.handlers.clear();
    }

    /// Posts the pending request if the worker is idle.
    fn pump(&self) {
        let mut inner = self.inner.borrow_mut();
        if !inner.ready || inner.in_flight.is_some() {
            return;
        }
        let Some(request) = inner.pending.take() else {
            return;
        };
        let Ok(json) = serde_json::to_string(&request) else {
            return;
        };
        let Some(worker) = inner.worker.clone() else {
            return;
        };
        inner.in_flight = Some((request.id, now()));
        let id = request.id;
        let this = self.clone();
        inner.timer = Some(Timeout::new(BUDGET_MS, move || this.timed_out(id)));
        drop(inner);
        if let Err(e) = worker.post_message(&JsValue::from_str(&json)) {
            self.crashed(format!("could not send to the engine: {}", describe(&e)));
        }
    }

    fn received(&self, text: &str) {
        if text == READY {
            {
                let mut inner = self.inner.borrow_mut();
                inner.ready = true;
                inner.timer = None;
            }
            self.pump();
            return;
        }
        if text.starts_with("{\"exported\"") {
            let done = self.inner.borrow_mut().on_export.take();
            if let (Some(done), Ok(e)) = (done, serde_json::from_str::<Exported>(text)) {
                done(e.exported);
            }
            return;
        }
        let Ok(reply) = serde_json::from_str::<Reply>(text) else {
            self.crashed("the engine sent an unreadable reply".into());
            return;
        };
        let (listener, round_trip_ms) = {
            let mut inner = self.inner.borrow_mut();
            let Some((id, sent)) = inner.in_flight else {
                return;
            };
            if id != reply.response.id {
                return;
            }
            inner.in_flight = None;
            inner.timer = None;
            (inner.listener.clone(), now() - sent)
        };
        listener(Outcome::Done {
            reply: Box::new(reply),
            round_trip_ms,
        });
        self.pump();
    }

    fn timed_out(&self, id: u64) {
        if self.inner.borrow().in_flight.map(|f| f.0) != Some(id) {
            return;
        }
        self.stop_worker();
        let listener = self.inner.borrow().listener.clone();
        listener(Outcome::TimedOut { id });
        self.spawn();
    }

    fn crashed(&self, message: String) {
        let (id, was_ready) = {
            let inner = self.inner.borrow();
            (inner.in_flight.map(|f| f.0).unwrap_or(0), inner.ready)
        };
        self.stop_worker();
        let listener = self.inner.borrow().listener.clone();
        if !was_ready {
            // It never loaded: restarting would fail the same way.
            listener(Outcome::Unavailable {
                message: format!("the engine could not load: {message}"),
            });
            return;
        }
        listener(Outcome::Crashed { id, message });
        self.spawn();
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Milliseconds since the page loaded.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}
