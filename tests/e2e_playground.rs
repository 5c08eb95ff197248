//! End to end: the built playground in headless Chromium — the user's
//! journeys of issue #5, and the latency numbers its note records.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value as Json;
use std::time::{Duration, Instant};
use support::{eventually, Browser};

const WAIT: Duration = Duration::from_secs(30);

/// One browser at a time: the journeys measure timings.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn open<'a>(browser: &'a Browser, query: &str) -> &'a Client {
    let c = &browser.client;
    c.goto(&format!("{}{}", browser.base, query)).await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=editor]"))
        .await
        .expect("the editor renders");
    wait_counts(c, "aspects").await;
    c
}

async fn js(c: &Client, script: &str) -> Json {
    c.execute(script, vec![]).await.expect("script runs")
}

/// Waits until the status bar's counts contain `needle`.
async fn wait_counts(c: &Client, needle: &str) -> String {
    let needle = needle.to_string();
    eventually(&format!("counts with `{needle}`"), WAIT, || {
        let needle = needle.clone();
        async move {
            let t = c
                .find(Locator::Css("[data-testid=counts]"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            t.contains(&needle).then_some(t)
        }
    })
    .await
}

async fn view(c: &Client, id: &str) {
    c.find(Locator::Css(&format!("button[data-view={id}]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn load_text(c: &Client, text: &str) {
    let r = c
        .execute(
            "return window.aspectPlayground.load(arguments[0]);",
            vec![Json::String(text.into())],
        )
        .await
        .unwrap();
    assert!(r.is_null(), "load failed: {r}");
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn playground_journeys() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "").await;
    assert_eq!(c.title().await.unwrap(), "Aspect Playground");
    // CodeMirror loaded (not the fallback).
    c.find(Locator::Css(".cm-editor .cm-content"))
        .await
        .expect("CodeMirror");

    // The welcome example: laptop includes vim-btw; the grid shows both.
    let counts = wait_counts(c, "0 errors").await;
    assert!(counts.contains("2 aspects"), "{counts}");
    let grid = text_of(c, "[data-testid=modules-grid]").await;
    assert!(
        grid.contains("laptop") && grid.contains("vim-btw"),
        "{grid}"
    );
    browser.screenshot("welcome").await;

    // Edit an aspect by typing in CodeMirror → grid, graph and config update.
    let content = c.find(Locator::Css(".cm-content")).await.unwrap();
    content.click().await.unwrap();
    js(
        c,
        "const v = document.querySelector('.cm-content'); v.focus();",
    )
    .await;
    // Go to the end of the document and add an aspect before the last `};`.
    load_text(
        c,
        "{ flake.aspects = { aspects, ... }: {\n  ssh.nixos.services.openssh.enable = true;\n  laptop = { nixos.networking.hostName = \"laptop\"; includes = [ aspects.ssh ]; };\n}; }\n",
    )
    .await;
    let tree = eventually("the tree of nixos/laptop", WAIT, || async {
        let t = js(c, "const b = document.querySelector(\"button[data-cell='nixos/laptop']\"); if (!b || !document.querySelector('[data-testid=modules-grid]').innerText.includes('ssh')) return null; b.click(); const t = document.querySelector('[data-testid=module-tree]'); return t ? t.innerText : null;").await;
        t.as_str().map(str::to_string)
    })
    .await;
    assert!(
        tree.contains("ssh") && tree.contains("chain: [ laptop ]"),
        "{tree}"
    );

    // Type into CodeMirror: a new aspect appears.
    content.click().await.unwrap();
    content
        .send_keys("\u{E009}\u{E010}") // Ctrl+End
        .await
        .unwrap();
    content.send_keys("\n# typed\n").await.unwrap();
    let typed = js(c, "return document.querySelector('.cm-content').innerText").await;
    assert!(typed.as_str().unwrap().contains("# typed"), "{typed}");

    view(c, "config").await;
    let config = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=config-tree]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        config.contains("hostName") && config.contains("enable"),
        "{config}"
    );

    // Click a graph node → the editor shows its definition.
    view(c, "graph").await;
    let node = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("g.node[data-node=ssh]"))
        .await
        .unwrap();
    browser.screenshot("graph").await;
    node.click().await.unwrap();
    let selected = eventually("the definition selected", WAIT, || async {
        let s = js(c, "return window.getSelection().toString()").await;
        let s = s.as_str()?.to_string();
        s.contains("ssh.nixos").then_some(s)
    })
    .await;
    assert!(selected.contains("openssh"), "{selected}");

    // Keyboard: graph nodes are focusable buttons.
    let focusable = js(c, "return [...document.querySelectorAll('g.node')].every(n => n.getAttribute('tabindex') === '0')").await;
    assert_eq!(focusable, Json::Bool(true));

    // Each gallery example: no error unless the example is about one.
    view(c, "modules").await;
    c.find(Locator::Css(".gallery-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("button.example"))
        .await
        .unwrap();
    let examples = js(
        c,
        "return [...document.querySelectorAll('button.example')].map(b => [b.dataset.example, b.dataset.expect]);",
    )
    .await;
    let examples = examples.as_array().unwrap().clone();
    assert!(examples.len() >= 15, "{} examples", examples.len());
    let mut before_last = Json::Null;
    for e in &examples {
        let (id, expect) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
        before_last = js(c, "return document.querySelector('.cm-content').innerText").await;
        if c.find(Locator::Css("[data-testid=gallery]")).await.is_err() {
            c.find(Locator::Css(".gallery-toggle"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        c.find(Locator::Css(&format!("button[data-example='{id}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let kinds = eventually(&format!("example {id} evaluated"), WAIT, || async {
            let r = js(c, "const h = document.querySelector('[data-testid=undo-toast]'); const s = document.querySelector('[data-testid=engine-status]').innerText; return s === 'engine ready' && h ? 1 : null").await;
            if r.is_null() {
                return None;
            }
            view(c, "diagnostics").await;
            let kinds = js(c, "return [...document.querySelectorAll('[data-testid=diagnostics] li')].map(l => l.className + ' ' + l.dataset.kind)").await;
            Some(kinds)
        })
        .await;
        let kinds: Vec<String> = kinds
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        let problems: Vec<&String> = kinds
            .iter()
            .filter(|k| k.contains("error") || k.contains("warning"))
            .collect();
        match expect.split_once(':') {
            None => assert!(problems.is_empty(), "example {id}: unexpected {problems:?}"),
            Some((_, kind)) => assert!(
                kinds.iter().any(|k| k.ends_with(&format!(" {kind}"))),
                "example {id}: expected {expect}, got {kinds:?}"
            ),
        }
        view(c, "modules").await;
    }
    c.find(Locator::Css("[data-testid=undo-toast] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Undo brings back exactly what the last load replaced.
    let after_undo = eventually("the undone text", WAIT, || async {
        let t = js(c, "return document.querySelector('.cm-content').innerText").await;
        (t == before_last).then_some(t)
    })
    .await;
    assert!(!after_undo.as_str().unwrap().is_empty());

    browser.close().await;
}

#[tokio::test]
async fn runaway_evaluations_end_with_a_message_and_the_page_responds() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    view(c, "diagnostics").await;
    for (text, expected) in [
        (
            "{ flake.aspects.a.nixos.x = let x = x; in x; }",
            "infinite recursion",
        ),
        (
            "{ flake.aspects.a.nixos.x = let f = n: 1 + f (n + 1); in f 0; }",
            "",
        ),
        (
            "{ flake.aspects.a.nixos.x = let f = n: if n == 0 then 0 else f (n + 1); in f 1; }",
            "",
        ),
    ] {
        load_text(c, "{ flake.aspects.ok.nixos.x = 1; }").await;
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::Css("[data-testid=no-diagnostics]"))
            .await
            .expect("a clean evaluation between cases");
        let started = Instant::now();
        load_text(c, text).await;
        // The page answers scripts while the engine works.
        let t0 = Instant::now();
        assert_eq!(js(c, "return 1 + 1").await, Json::from(2));
        assert!(
            t0.elapsed() < Duration::from_millis(500),
            "the page kept responding"
        );
        let message = eventually("a diagnostic", WAIT, || async {
            let m = js(c, "const l = document.querySelector('[data-testid=diagnostics] li'); return l ? l.innerText : null").await;
            m.as_str().map(str::to_string)
        })
        .await;
        let took = started.elapsed();
        eprintln!(
            "runaway {text:?}: message after {took:?}: {}",
            message.lines().next().unwrap_or("")
        );
        assert!(message.to_lowercase().contains(expected), "{message}");
        assert!(took < Duration::from_secs(4), "within the budget: {took:?}");
    }
    browser.screenshot("runaway").await;
    browser.close().await;
}

#[tokio::test]
async fn textarea_fallback_evaluates_as_you_type() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    assert!(
        c.find(Locator::Css(".cm-editor")).await.is_err(),
        "no CodeMirror"
    );
    let area = c.find(Locator::Css("textarea#source")).await.unwrap();
    area.clear().await.unwrap();
    area.send_keys("{ flake.aspects.web.nixos.services.nginx.enable = true; }")
        .await
        .unwrap();
    wait_counts(c, "1 aspects").await;
    let grid = text_of(c, "[data-testid=modules-grid]").await;
    assert!(grid.contains("web"), "{grid}");
    // A syntax error: marked, the last good output stays.
    area.send_keys(" {{").await.unwrap();
    wait_counts(c, "1 errors").await;
    let grid = text_of(c, "[data-testid=modules-grid]").await;
    assert!(grid.contains("web"), "last good output kept: {grid}");
    let banner = eventually("the error banner", WAIT, || async {
        c.find(Locator::Css("[data-testid=error-banner]"))
            .await
            .ok()
    })
    .await;
    assert!(banner.text().await.unwrap().contains("does not evaluate"));
    browser.close().await;
}

/// Latency from a keystroke to the views showing its result, and the
/// longest main-thread block, for the examples and a 203-aspect flake.
#[tokio::test]
async fn latency_numbers() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    js(c, "window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });").await;
    let mut report = Vec::new();
    let big = aspects_engine::generate::generated_flake(203);
    let cases: Vec<(String, String)> = aspects_gallery::EXAMPLES
        .iter()
        .filter(|e| matches!(e.expect, aspects_gallery::Expect::Clean))
        .take(6)
        .map(|e| (e.id.to_string(), e.workspace.to_string()))
        .chain(std::iter::once(("generated-203".to_string(), big)))
        .collect();
    for (name, text) in cases {
        load_text(c, &text).await;
        eventually(&format!("{name} evaluated"), WAIT, || async {
            let s = text_of(c, "[data-testid=engine-status]").await;
            (s == "engine ready").then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        js(c, "window.aspectPlayground.latencies && (window.aspectPlayground.latencies.length = 0); window.__longest = 0;").await;
        let area = c.find(Locator::Css("textarea#source")).await.unwrap();
        for _ in 0..12 {
            area.send_keys(" ").await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        eventually(&format!("{name}: the engine idle"), WAIT, || async {
            let s = text_of(c, "[data-testid=engine-status]").await;
            (s == "engine ready").then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let got = js(
            c,
            "return [window.aspectPlayground.latencies || [], window.__longest]",
        )
        .await;
        let mut l: Vec<f64> = got[0]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Json::as_f64)
            .collect();
        let status = text_of(c, "[data-testid=status]").await;
        assert!(!l.is_empty(), "{name}: latencies recorded ({status})");
        l.sort_by(f64::total_cmp);
        let p = |q: f64| l[((l.len() - 1) as f64 * q).round() as usize];
        let line = format!(
            "{name}: n={} p50={:.1} ms p95={:.1} ms longest main-thread block={:.0} ms (last status: {})",
            l.len(),
            p(0.5),
            p(0.95),
            got[1].as_f64().unwrap_or(0.0),
            status.replace('\n', " | ")
        );
        eprintln!("LATENCY {line}");
        report.push(line);
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-latency.txt");
    let _ = std::fs::write(out, report.join("\n") + "\n");
    browser.close().await;
}

#[tokio::test]
async fn share_link_reopens_in_a_fresh_profile_and_broken_links_keep_work() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let url = {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let c = open(&browser, "?editor=plain").await;
        load_text(
            c,
            "{ flake.aspects.shared-thing.nixos.services.openssh.enable = true; }",
        )
        .await;
        wait_counts(c, "1 aspects").await;
        view(c, "graph").await;
        c.find(Locator::Css("[data-testid=copy-link]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let notice = eventually("the link notice", WAIT, || async {
            let n = c.find(Locator::Css("[data-testid=notice]")).await.ok()?;
            n.text().await.ok()
        })
        .await;
        assert!(notice.contains("Link copied"), "{notice}");
        let url = c.current_url().await.unwrap().to_string();
        assert!(url.contains("#v1."), "{url}");
        browser.close().await;
        url
    };
    // A fresh browser profile opens the same workspace and view.
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.goto(&url).await.unwrap();
    wait_counts(c, "1 aspects").await;
    let graph = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("g.node[data-node=shared-thing]"))
        .await;
    assert!(graph.is_ok(), "the graph view with the shared aspect");
    // The user's work is autosaved; a broken link keeps it.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let base = url.split('#').next().unwrap().to_string();
    c.goto(&format!("{base}&again=1#v1.this-is-not-a-valid-link"))
        .await
        .unwrap();
    let notice = eventually("the broken-link message", WAIT, || async {
        let n = c.find(Locator::Css("[data-testid=notice]")).await.ok()?;
        n.text().await.ok()
    })
    .await;
    assert!(notice.contains("could not be opened"), "{notice}");
    wait_counts(c, "1 aspects").await;
    let grid = text_of(c, "[data-testid=modules-grid]").await;
    assert!(
        grid.contains("shared-thing"),
        "autosaved work intact: {grid}"
    );
    browser.close().await;
}

#[tokio::test]
async fn docs_page_embeds_size_themselves_and_stay_read_only() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.goto(&format!("{}/docs-demo.html", browser.base))
        .await
        .unwrap();
    // embed.js upgrades the marked blocks (not the plain one).
    eventually("two embeds", WAIT, || async {
        let n = js(c, "window.scrollTo(0, document.body.scrollHeight); return document.querySelectorAll('iframe.aspect-playground-embed').length").await;
        (n.as_u64()? == 2).then_some(())
    })
    .await;
    let plain = js(
        c,
        "return document.querySelectorAll('pre > code.language-nix').length",
    )
    .await;
    assert_eq!(plain, Json::from(1), "the unmarked block stays");
    // Inside: read-only editor and the modules view.
    let frame = c
        .find(Locator::Css("iframe.aspect-playground-embed"))
        .await
        .unwrap();
    frame.enter_frame().await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=modules-grid]"))
        .await
        .expect("the embed shows the modules view");
    let ro = js(c, "const e = document.querySelector('.cm-content'); return e ? e.getAttribute('aria-readonly') || e.getAttribute('contenteditable') : document.querySelector('textarea').readOnly").await;
    assert!(
        ro.as_str() == Some("true") || ro == Json::Bool(true),
        "read-only: {ro}"
    );
    let before = js(c, "return document.querySelector('.cm-content').innerText").await;
    let content = c.find(Locator::Css(".cm-content")).await.unwrap();
    let _ = content.send_keys("zzz").await;
    let after = js(c, "return document.querySelector('.cm-content').innerText").await;
    assert_eq!(before, after, "typing does not change a read-only embed");
    assert!(c
        .find(Locator::Css("[data-testid=open-in-playground]"))
        .await
        .is_ok());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let inner = js(
        c,
        "return document.querySelector('[data-testid=embed]').getBoundingClientRect().height",
    )
    .await
    .as_f64()
    .unwrap();
    c.enter_parent_frame().await.unwrap();
    // The fit=code frame grows from its first 200 px to its content's
    // height (plus its 1 px borders).
    let outer = eventually("the frame resized to its content", WAIT, || async {
        let h = js(c, "return document.querySelector('iframe.aspect-playground-embed').getBoundingClientRect().height").await.as_f64()?;
        ((h - inner).abs() <= 3.0).then_some(h)
    })
    .await;
    eprintln!("fit=code embed: content {inner} px, frame {outer} px");
    assert!(
        inner > 220.0,
        "content taller than the first 200 px: {inner}"
    );
    browser.screenshot("docs-demo").await;
    browser.close().await;
}

#[tokio::test]
async fn works_offline_after_one_visit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "").await;
    // Wait for the service worker to take control and cache everything.
    eventually("the service worker ready", WAIT, || async {
        let r = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; navigator.serviceWorker.ready.then(() => caches.keys()).then(k => done(k.length)).catch(() => done(0));",
                vec![],
            )
            .await
            .ok()?;
        (r.as_u64()? > 0).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let cached = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.open('aspect-playground-v1').then(c => c.keys()).then(k => done(k.map(r => r.url))).catch(e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    eprintln!("cached: {cached}");
    support::OFFLINE.store(true, std::sync::atomic::Ordering::SeqCst);
    c.refresh().await.unwrap();
    let counts = wait_counts(c, "aspects").await;
    assert!(counts.contains("0 errors"), "offline evaluation: {counts}");
    support::OFFLINE.store(false, std::sync::atomic::Ordering::SeqCst);
    browser.screenshot("offline").await;
    browser.close().await;
}

#[tokio::test]
async fn a_lesson_fails_on_its_start_passes_after_solve_and_is_remembered() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain&lesson=includes").await;
    let lesson = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=lesson][data-lesson=includes]"))
        .await
        .expect("the lesson from the link");
    // On the start files some goal fails (checked on the evaluated result).
    let failing = eventually("a failing goal", WAIT, || async {
        let n = js(
            c,
            "return document.querySelectorAll('[data-testid=goals] li[data-passed=false]').length",
        )
        .await;
        (n.as_u64()? > 0).then_some(n)
    })
    .await;
    eprintln!("lesson `includes`: {failing} goals fail on the start files");
    assert!(c
        .find(Locator::Css("[data-testid=lesson-solved]"))
        .await
        .is_err());
    c.find(Locator::Css("[data-testid=solve]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=lesson-solved]"))
        .await
        .expect("solved after Solve");
    let failing = js(
        c,
        "return document.querySelectorAll('[data-testid=goals] li[data-passed=false]').length",
    )
    .await;
    assert_eq!(failing, Json::from(0));
    // Reset brings the failing start back.
    c.find(Locator::Css("[data-testid=reset]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("goals failing again", WAIT, || async {
        let n = js(
            c,
            "return document.querySelectorAll('[data-testid=goals] li[data-passed=false]').length",
        )
        .await;
        (n.as_u64()? > 0).then_some(())
    })
    .await;
    let _ = lesson;
    // Progress is remembered across reloads.
    c.goto(&format!("{}?editor=plain", browser.base))
        .await
        .unwrap();
    let label = eventually("the tutorial progress", WAIT, || async {
        let t = text_of(c, ".tutorial-toggle").await;
        t.starts_with("Tutorial 1/").then_some(t)
    })
    .await;
    eprintln!("progress after reload: {label}");
    browser.close().await;
}

#[tokio::test]
async fn work_is_never_lost_history_safe_mode_and_two_tabs() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    // My own work, then an example replaces it: a snapshot is taken.
    load_text(c, "{ flake.aspects.my-own-work.nixos.x = 1; }").await;
    wait_counts(c, "1 aspects").await;
    c.find(Locator::Css(".gallery-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("button[data-example=welcome]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("button[title='Recent workspaces']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let history = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=history]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(history.contains("Before loading"), "{history}");
    // Restoring the snapshot brings my work back.
    js(
        c,
        "document.querySelector('.history-entry button.example').click()",
    )
    .await;
    let area = text_of(c, "textarea#source").await;
    let value = js(c, "return document.querySelector('textarea#source').value").await;
    assert!(
        value.as_str().unwrap().contains("my-own-work"),
        "{area} {value}"
    );

    // A workspace that crashes the engine: the next load is in safe mode.
    load_text(
        c,
        "{ flake.aspects.a.nixos.x = let f = n: 1 + f (n + 1); in f 0; }",
    )
    .await;
    eventually("the crash reported", WAIT, || async {
        let s = text_of(c, "[data-testid=engine-status]").await;
        s.contains("restarted").then_some(())
    })
    .await;
    let early = js(c, "return [localStorage.getItem('aspect-playground.trouble.v1'), document.querySelector('[data-testid=engine-status]').innerText]").await;
    eprintln!("right after the crash: {early}");
    tokio::time::sleep(Duration::from_millis(800)).await; // autosave
    let stored = js(c, "return [localStorage.getItem('aspect-playground.trouble.v1'), localStorage.getItem('aspect-playground.autosave.v1')]").await;
    eprintln!("stored before reload: {stored}");
    c.refresh().await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=safe-mode]"))
        .await
        .expect("safe mode offered");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let status = text_of(c, "[data-testid=engine-status]").await;
    assert!(
        !status.contains("restarted"),
        "not evaluated in safe mode: {status}"
    );
    // Fix it by editing: evaluation resumes.
    let area = c.find(Locator::Css("textarea#source")).await.unwrap();
    area.clear().await.unwrap();
    area.send_keys("{ flake.aspects.fixed.nixos.x = 1; }")
        .await
        .unwrap();
    wait_counts(c, "0 errors").await;
    assert!(c
        .find(Locator::Css("[data-testid=safe-mode]"))
        .await
        .is_err());

    // Let the fix be autosaved (400 ms after the last edit): a second
    // window opened before that would rightly start in safe mode.
    tokio::time::sleep(Duration::from_millis(1200)).await;

    // Two tabs: a save in one makes the other stop autosaving and ask.
    let first = c.window().await.unwrap();
    let second = c.new_window(false).await.unwrap();
    c.switch_to_window(second.handle).await.unwrap();
    c.goto(&format!("{}?editor=plain", browser.base))
        .await
        .unwrap();
    wait_counts(c, "aspects").await;
    load_text(c, "{ flake.aspects.from-second-tab.nixos.x = 1; }").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    c.switch_to_window(first).await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-testid=other-tab]"))
        .await
        .expect("the first tab was told");
    js(
        c,
        "document.querySelectorAll('[data-testid=other-tab] button')[1].click()",
    )
    .await;
    let value = js(c, "return document.querySelector('textarea#source').value").await;
    assert!(
        value.as_str().unwrap().contains("from-second-tab"),
        "{value}"
    );
    browser.close().await;
}

#[tokio::test]
async fn download_as_flake_makes_a_zip_of_a_real_flake() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    c.find(Locator::Css("[data-testid=download-flake]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let notice = eventually("the download notice", WAIT, || async {
        let n = c.find(Locator::Css("[data-testid=notice]")).await.ok()?;
        n.text().await.ok()
    })
    .await;
    assert!(notice.contains("Downloaded aspect-flake.zip"), "{notice}");
    browser.close().await;
}

/// Evaluates `body` (with `N` replaced by `n`) as an aspect's value in a
/// fresh engine worker: "ok", "crash" (the worker died), or the message.
async fn in_fresh_worker(c: &Client, body: &str, n: u32) -> String {
    let script = r#"
const [body, n, done] = arguments;
const text = "-- my/flake.nix --\n{ lib, ... }: { flake.aspects.a.nixos.x = " + body.replace('N', String(n)) + "; }";
const w = new Worker('engine-worker_loader.js');
w.onerror = e => { w.terminate(); done('crash'); };
w.onmessage = e => {
  if (e.data === 'ready') { w.postMessage(JSON.stringify({id: 1, workspace: text, repo: null, conformance: false, max_steps: null})); return; }
  w.terminate();
  const s = e.data; const i = s.indexOf('"message"');
  done(i >= 0 ? s.slice(i, i + 160) : 'ok');
};"#;
    let r = c
        .execute_async(script, vec![Json::from(body), Json::from(n)])
        .await
        .unwrap();
    r.as_str().unwrap_or("no answer").to_string()
}

#[tokio::test]
async fn deep_recursion_evaluates_in_the_worker() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = open(&browser, "?editor=plain").await;
    // The worker's native stack is small (≈1 MB): the evaluator loops on
    // tail positions so that ordinary recursion goes this deep.
    let nested = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f N";
    let tail = "let f = n: if n == 0 then 0 else f (n - 1); in f N";
    for (body, n) in [
        (nested, 1200),
        ("let f = xs: if xs == [ ] then 0 else 1 + f (builtins.tail xs); in f (builtins.genList (i: i) N)", 1200),
        (tail, 9999),
    ] {
        assert_eq!(in_fresh_worker(c, body, n).await, "ok", "{body} at {n}");
    }
    // Past Nix's own limit it is the engine's error, with a message.
    let over = in_fresh_worker(c, tail, 10001).await;
    assert!(over.contains("nested function calls"), "{over}");
    // How deep plain (non-tail) recursion goes, for the notes.
    let (mut lo, mut hi) = (1200u32, 12000u32);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if in_fresh_worker(c, nested, mid).await == "ok" {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    eprintln!("deepest non-tail recursion in the worker: {lo}");
    browser.close().await;
}
