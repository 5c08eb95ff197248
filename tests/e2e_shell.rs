//! End to end: the built page in headless Chromium shows rnix's syntax
//! errors as the user types, and clears them when the text is fixed.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use std::time::Duration;
use support::{eventually, Browser};

#[tokio::test]
async fn typing_shows_and_clears_syntax_errors() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let c = &browser.client;
    c.goto(&browser.base).await.unwrap();

    let editor = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("textarea#source"))
        .await
        .expect("the editor renders");
    assert_eq!(c.title().await.unwrap(), "Aspect Playground");
    let header = c.find(Locator::Css("h1.brand")).await.unwrap();
    assert_eq!(header.text().await.unwrap(), "Aspect Playground");
    // The welcome example parses cleanly.
    let status = c
        .find(Locator::Css("[data-testid=syntax-status]"))
        .await
        .unwrap();
    assert_eq!(status.text().await.unwrap(), "No syntax errors");
    browser.screenshot("welcome").await;

    editor.clear().await.unwrap();
    editor.send_keys("{ a = ; }").await.unwrap();
    let first_error = eventually("a syntax error", Duration::from_secs(5), || async {
        let items = c
            .find_all(Locator::Css("[data-testid=syntax-errors] li"))
            .await
            .ok()?;
        items.first()?.text().await.ok()
    })
    .await;
    assert!(
        first_error.starts_with("line 1, column 7"),
        "unexpected first error: {first_error}"
    );
    assert!(status.text().await.unwrap().contains("syntax error"));
    browser.screenshot("syntax-error").await;

    editor.clear().await.unwrap();
    editor.send_keys("{ a = 1; }").await.unwrap();
    eventually("the error to clear", Duration::from_secs(5), || async {
        let text = status.text().await.ok()?;
        (text == "No syntax errors").then_some(())
    })
    .await;
    let left = c
        .find_all(Locator::Css("[data-testid=syntax-errors] li"))
        .await
        .unwrap();
    assert!(left.is_empty());

    browser.close().await;
}
