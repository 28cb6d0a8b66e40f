//! Turns `content/` into Rust data at build time, so the wasm carries no parser.
//! A broken content file stops the build with the file, line and field named.

#[path = "src/data/schema.rs"]
#[allow(dead_code)]
mod schema;

use std::path::Path;

fn main() {
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
