//! Turns `content/` into Rust data at build time, so the wasm carries no parser.
//! A broken content file stops the build with the file, line and field named.
//! The loading, checks and code generation are the `wushan-content` crate (`crates/content`).

use std::path::{Path, PathBuf};

/// The browser app's stack: Rust's wasm default is 1 MiB, all of it in the wasm's linear
/// memory from the start. The app's deepest calls (Yew rendering an island, a chart layout)
/// need a small fraction of this; `tests/e2e/` runs every chart and step on it.
const WASM_STACK_BYTES: u32 = 128 * 1024;

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=-zstack-size={WASM_STACK_BYTES}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // WUSHAN_CONTENT_DIR builds another edition (or a fixture) from the same code; a relative
    // path is taken from the project root.
    println!("cargo:rerun-if-env-changed=WUSHAN_CONTENT_DIR");
    let dir = match std::env::var_os("WUSHAN_CONTENT_DIR") {
        Some(d) => root.join(PathBuf::from(d)),
        None => root.join("content"),
    };
    let art = root.join("assets/illustrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", art.display());
    for f in wushan_content::FILES {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    let loaded = wushan_content::load(&dir).and_then(|content| {
        let errors = wushan_content::check_illustrations(&content, &art);
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(errors)
        }
    });
    match loaded {
        Ok(content) => {
            let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
            std::fs::write(out.join("vocab.rs"), wushan_content::vocabulary()).expect("write generated vocabulary");
            std::fs::write(out.join("content.rs"), wushan_content::generate(&content)).expect("write generated content");
        }
        Err(errors) => {
            eprintln!("\nThe story's content ({}) has {} problem(s):\n", dir.display(), errors.len());
            for e in &errors {
                eprintln!("  {e}");
            }
            eprintln!("\nFix the file(s) above and build again.\n");
            std::process::exit(1);
        }
    }
}
