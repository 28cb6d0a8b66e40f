//! Turns `content/` into Rust data at build time, so the wasm carries no parser.
//! A broken content file stops the build with the file, line and field named.

#[path = "src/data/schema.rs"]
#[allow(dead_code)]
mod schema;

use std::path::Path;

/// The browser app's stack: Rust's wasm default is 1 MiB, all of it in the wasm's linear
/// memory from the start. The app's deepest calls (Yew rendering an island, a chart layout)
/// need a small fraction of this; `tests/e2e/` runs every chart and step on it.
const WASM_STACK_BYTES: u32 = 128 * 1024;

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=-zstack-size={WASM_STACK_BYTES}");
    }
    // WUSHAN_CONTENT_DIR builds another edition (or a fixture) from the same code.
    println!("cargo:rerun-if-env-changed=WUSHAN_CONTENT_DIR");
    let dir = match std::env::var_os("WUSHAN_CONTENT_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/data/schema.rs");
    for f in schema::FILES {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    match schema::load(&dir) {
        Ok(content) => {
            let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("content.rs");
            std::fs::write(out, schema::generate(&content)).expect("write generated content");
        }
        Err(errors) => {
            eprintln!("\nThe story's content has {} problem(s):\n", errors.len());
            for e in &errors {
                eprintln!("  {e}");
            }
            eprintln!("\nFix the file(s) above and build again.\n");
            std::process::exit(1);
        }
    }
}
