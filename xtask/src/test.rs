//! `cargo xtask test`: three layers, each printed by its own runner.
//!
//! - native: `cargo test --workspace` (data, charts, SVG snapshots, xtask)
//! - wasm:   tests/wasm.rs in headless Chromium via wasm-bindgen-test-runner
//! - e2e:    the release dist/ served locally (our Node server, and nginx with the
//!   configuration the build writes), built as for publishing (`WUSHAN_PUBLIC_URL` set),
//!   driven by playwright-core (Chromium), puppeteer-core (Firefox ESR) and WebKitWebDriver
//!   (WebKitGTK's MiniBrowser under xvfb-run) (`node --test tests/e2e/`)
//! - edition: the second edition (`tests/fixtures/edition`, another content folder) built
//!   into `target/edition-dist/` with no code change: the native SSR checks
//!   (crates/site/tests/story_render.rs) and the e2e smoke test (tests/e2e/edition.test.mjs) on it
//!
//! All selected layers run even when one fails; the exit code is non-zero if
//! any failed.

use std::time::Instant;

use crate::{
    dist,
    preconditions::{self, Need},
    publish, setup,
    shell::{self, cmd, elapsed, project_root, Result},
};

pub struct Layers {
    pub native: bool,
    pub wasm: bool,
    pub e2e: bool,
    pub edition: bool,
}

impl Layers {
    /// No flag means every layer.
    pub fn from_flags(flags: &[&str]) -> Layers {
        let all = flags.is_empty();
        let has = |flag| all || flags.contains(&flag);
        Layers {
            native: has("--native"),
            wasm: has("--wasm"),
            e2e: has("--e2e"),
            edition: has("--edition"),
        }
    }
}

pub fn run(layers: &Layers) -> Result<()> {
    setup::run(setup::Options {
        browser: layers.wasm || layers.e2e || layers.edition,
    })?;

    type Layer = fn() -> Result<()>;
    let selected: [(&str, bool, Layer); 4] = [
        ("native", layers.native, native),
        ("wasm", layers.wasm, wasm),
        ("e2e", layers.e2e, e2e),
        ("edition", layers.edition, edition),
    ];
    let mut outcomes = Vec::new();
    let mut failed = Vec::new();
    for (name, _, layer) in selected.iter().filter(|(_, on, _)| *on) {
        println!("\n=== test layer: {name} ===");
        let started = Instant::now();
        let outcome = layer();
        let took = elapsed(started);
        match outcome {
            Ok(()) => outcomes.push(format!("{name} ok ({took})")),
            Err(err) => {
                eprintln!("test layer {name} failed: {err}");
                outcomes.push(format!("{name} FAILED ({took})"));
                failed.push(*name);
            }
        }
    }
    println!("\nxtask test summary: {}", outcomes.join("; "));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("test layers failed: {}", failed.join(", ")).into())
    }
}

fn native() -> Result<()> {
    preconditions::check(Need::Native)?;
    shell::run(shell::cargo().args(["test", "--workspace", "--no-fail-fast"]))
}

/// tests/wasm.rs (`wasm_bindgen_test_configure!(run_in_browser)`) through
/// wasm-bindgen-test-runner, which drives /usr/bin/chromium through
/// chromedriver with the capabilities in webdriver.json.
fn wasm() -> Result<()> {
    if !preconditions::check(Need::Wasm)?.is_empty() {
        println!("wasm layer SKIPPED");
        return Ok(());
    }
    let mut cargo = shell::cargo();
    cargo
        .args(["test", "--target", setup::WASM_TARGET, "--test", "wasm"])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            project_root().join("webdriver.json"),
        )
        // Seconds for the whole test run in the browser (default 20), and for
        // chromedriver to start (default 5); a cold 2-core machine needs more.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30")
        // Make sure the runner picks Chromium, not another installed driver.
        .env_remove("GECKODRIVER")
        .env_remove("SAFARIDRIVER")
        .env_remove("WASM_BINDGEN_USE_BROWSER")
        .env_remove("NO_HEADLESS");
    shell::run(&mut cargo)
}

/// The public URL of the e2e build, unless `WUSHAN_PUBLIC_URL` is already set: the browser
/// tests run against a publishing build (absolute og:image, og:url and canonical).
const E2E_PUBLIC_URL: &str = "https://story.example/wushan/";

/// The release build, served by tests/e2e/lib.mjs and driven by playwright-core, with the
/// core subset also in Firefox ESR and WebKitGTK.
fn e2e() -> Result<()> {
    if publish::public_url()?.is_none() {
        // Single-threaded here; the prerender and the page check read it.
        std::env::set_var(publish::ENV, E2E_PUBLIC_URL);
    }
    let bundle = dist::build()?;
    let mut failed = Vec::new();
    for (server, suites) in E2E_RUNS {
        println!("\n--- e2e: {suites:?} served by {server} ---");
        let mut node = cmd("node");
        node.arg("--test")
            .args(suites.iter().map(|s| format!("tests/e2e/{s}")))
            .env("DIST_DIR", &bundle.dir)
            .env("CHROMIUM", setup::CHROMIUM)
            .env("FIREFOX", setup::FIREFOX)
            // WebKitGTK: WebKitWebDriver drives MiniBrowser under xvfb-run (tests/e2e/webkit*.mjs).
            // Under CI=true a missing engine fails the run instead of skipping.
            .env("WEBKIT_DRIVER", setup::WEBKIT_DRIVER)
            .env("XVFB_RUN", setup::XVFB_RUN)
            // puppeteer-core drives the system Firefox; it must never fetch a browser.
            .env("PUPPETEER_SKIP_DOWNLOAD", "1")
            .env("NGINX", setup::NGINX)
            .env("E2E_SERVER", server);
        if let Err(err) = shell::run(&mut node) {
            eprintln!("e2e with {server} failed: {err}");
            failed.push(*server);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("e2e failed with: {}", failed.join(", ")).into())
    }
}

/// The second edition's content folder and where its build goes (under target/, never
/// shipped).
const EDITION_CONTENT: &str = "tests/fixtures/edition";
const EDITION_DIST: &str = "target/edition-dist";

/// The second edition, from its content folder alone: the native SSR checks built with it,
/// then its release build and the e2e smoke test (hydrates, every chart draws, the tables
/// and the CSV hold every figure, the one-file edition works).
fn edition() -> Result<()> {
    // Single-threaded here; cargo, trunk and the prerender read them. The build script
    // reruns when WUSHAN_CONTENT_DIR changes, so the next plain build is the first edition.
    std::env::set_var("WUSHAN_CONTENT_DIR", EDITION_CONTENT);
    std::env::set_var(dist::DIST_ENV, EDITION_DIST);
    let outcome = (|| -> Result<()> {
        shell::run(shell::cargo().args(["test", "-p", "wushan-site", "--test", "story_render"]))?;
        shell::run(shell::cargo().args(["test", "-p", "wushan", "--test", "content_validation"]))?;
        let bundle = dist::build()?;
        shell::run(
            cmd("node")
                .args(["--test", "tests/e2e/edition.test.mjs"])
                .env("DIST_DIR", &bundle.dir)
                .env("CHROMIUM", setup::CHROMIUM)
                .env("E2E_SERVER", "node"),
        )
    })();
    std::env::remove_var("WUSHAN_CONTENT_DIR");
    std::env::remove_var(dist::DIST_ENV);
    outcome
}

/// Every suite with the small Node server; then the static, offline and embed suites with
/// nginx and the configuration `dist` wrote (tests/e2e/lib.mjs, `serveNginx`), and the
/// offline suite once more on a host that redirects `index.html` to `/` (pretty URLs).
const E2E_RUNS: &[(&str, &[&str])] = &[
    ("node", &[""]),
    (
        "nginx",
        &["static.test.mjs", "offline.test.mjs", "embed.test.mjs"],
    ),
    ("nginx-pretty", &["offline.test.mjs"]),
];
