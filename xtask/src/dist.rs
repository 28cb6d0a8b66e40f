//! `cargo xtask dist`: the release build in dist/.
//!
//! `trunk build --release` compiles the app, runs wasm-bindgen and wasm-opt
//! (-Oz, see index.html) and writes content-hashed files. Then the
//! [`POST_BUILD`] steps run in order on the finished dist/.

use std::{
    fs,
    path::{Path, PathBuf},
    time::Instant,
};

pub use crate::files::Bundle;
use crate::{
    embed,
    files::{file_name, find_bundle, is_hashed},
    host, offline, pages, setup, share,
    shell::{self, cmd, elapsed, project_root, Result},
    sizes::{gzip_len, kib},
    sw,
};

/// `cargo xtask dist`: setup, then [`build`].
pub fn run() -> Result<Bundle> {
    setup::run(setup::Options { browser: false })?;
    build()
}

/// Where the build goes: `dist/`, or `$WUSHAN_DIST_DIR` (relative to the project root), so
/// that another edition (`WUSHAN_CONTENT_DIR`) can be built beside the first one.
pub const DIST_ENV: &str = "WUSHAN_DIST_DIR";

pub fn dist_dir() -> PathBuf {
    std::env::var_os(DIST_ENV).map_or_else(|| project_root().join("dist"), |d| project_root().join(d))
}

/// Release build into [`dist_dir`], then the post-build steps. Assumes setup ran.
pub fn build() -> Result<Bundle> {
    let started = Instant::now();
    let dir = dist_dir();
    shell::run(
        cmd("trunk")
            .args(["build", "--release", "--dist"])
            .arg(&dir)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", remap_paths()),
    )?;
    let bundle = post_build(&dir)?;

    let wasm = fs::read(&bundle.wasm)?;
    println!(
        "dist: {} is {} raw, {} gzip -9 (built in {})",
        relative(&bundle.wasm),
        kib(wasm.len() as u64),
        kib(gzip_len(&wasm)),
        elapsed(started),
    );
    Ok(bundle)
}

/// rustc flags that shorten the build machine's paths in the wasm's panic locations to
/// `crates/…`, `rustc/…` and `./…` (about 6 KB of the wasm), and keep them out of what ships.
fn remap_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let registry = cargo_home.join("registry").join("src");
    // When prefixes overlap, the later flag wins: the general ones first.
    let mut flags = vec![
        format!("--remap-path-prefix={}=c", registry.display()),
        format!("--remap-path-prefix={}=.", project_root().display()),
    ];
    // Each registry's folder (`index.<host>-<hash>`) to a short name.
    for dir in std::fs::read_dir(&registry).into_iter().flatten().flatten() {
        flags.push(format!("--remap-path-prefix={}=c", dir.path().display()));
    }
    let verbose = std::process::Command::new("rustc").arg("-vV").output().ok();
    let hash = verbose
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.lines().find_map(|l| l.strip_prefix("commit-hash: ").map(str::to_string)));
    if let Some(hash) = hash {
        flags.push(format!("--remap-path-prefix=/rustc/{hash}=rustc"));
    }
    flags.join(" ")
}

/// One step run on the finished dist/ after `trunk build`.
type PostBuildStep = fn(&Path) -> Result<()>;

/// The steps after `trunk build --release`, in order, one module each: `share.rs`,
/// `pages.rs` (strict CSP and boot script, checked by `csp.rs`), `embed.rs`, `sw.rs`,
/// `offline.rs` (one-file edition), `host.rs`. None of them imports this module.
const POST_BUILD: &[(&str, PostBuildStep)] = &[
    ("verify bundle", verify_bundle),
    ("prerender", prerender),
    ("minify glue", minify_glue),
    ("short import names", short_import_names),
    ("minify illustrations", minify_illustrations),
    ("share images", share::share_images),
    ("share posters", posters),
    ("strict csp", pages::strict_csp),
    ("sandboxable embed", embed::sandboxable),
    ("service worker", sw::service_worker),
    ("one-file edition", offline::one_file_edition),
    ("host configuration", host::host_config),
];

/// Renders the story into dist/index.html with Yew SSR, and writes the static chart
/// images and the CSV (`crates/site/src/bin/prerender.rs`). Native, so it uses the dev profile.
fn prerender(dir: &Path) -> Result<()> {
    shell::run(shell::cargo().args(["run", "--quiet", "-p", "wushan-site", "--bin", "prerender", "--"]).arg(dir))
}

/// Minifies the wasm-bindgen glue in place with terser (npm, pinned in package.json):
/// 52 KB to about 23 KB raw, 8.8 to 6.9 KB gzip. Exported names are kept (`--module` mangles
/// only what the module does not export), so the boot script's `default` import still
/// works. Trunk's own minification cannot do this one: it would also minify the page shell
/// that the prerender fills. Before the strict CSP step, which writes the glue's integrity.
fn minify_glue(dir: &Path) -> Result<()> {
    let js = find_bundle(dir)?.js;
    let before = fs::metadata(&js)?.len();
    fs::write(&js, crate::minify::minify_js(&fs::read_to_string(&js)?, true)?)?;
    let after = fs::metadata(&js)?.len();
    println!("minify glue: {} {} -> {} raw", relative(&js), kib(before), kib(after));
    Ok(())
}

/// Every import the wasm takes from its glue gets a short name, in the wasm and in the glue
/// alike ([`crate::imports`]). Before the strict CSP step, which writes both files' integrity.
fn short_import_names(dir: &Path) -> Result<()> {
    let bundle = find_bundle(dir)?;
    let wasm = fs::read(&bundle.wasm)?;
    let (short, renamed) = crate::imports::shorten(&wasm, crate::imports::GLUE_MODULE)?;
    if renamed.is_empty() {
        return Err(format!(
            "the wasm imports nothing from {}: has wasm-bindgen renamed its glue's module?",
            crate::imports::GLUE_MODULE
        )
        .into());
    }
    let glue = fs::read_to_string(&bundle.js)?;
    let glue_short = crate::imports::rename_in_glue(&glue, &renamed)?;
    fs::write(&bundle.wasm, &short)?;
    fs::write(&bundle.js, &glue_short)?;
    println!(
        "short import names: {} imports; {} {} -> {}, {} {} -> {} raw",
        renamed.len(),
        relative(&bundle.wasm),
        kib(wasm.len() as u64),
        kib(short.len() as u64),
        relative(&bundle.js),
        kib(glue.len() as u64),
        kib(glue_short.len() as u64),
    );
    Ok(())
}

/// The drawings in dist/illustrations/ (the hero's is inlined into the page later, the
/// chapters' are files) without comments and indentation: [`crate::minify::minify_svg`].
fn minify_illustrations(dir: &Path) -> Result<()> {
    let (mut before, mut after) = (0, 0);
    for entry in fs::read_dir(dir.join("illustrations"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = fs::read_to_string(&path)?;
            let min = crate::minify::minify_svg(&svg);
            before += svg.len();
            after += min.len();
            fs::write(&path, min)?;
        }
    }
    println!("minify illustrations: {before} -> {after} B raw");
    Ok(())
}

/// The share posters in dist/posters/ (`<chart id>.png`, `story.png`; `crates/site/src/poster.rs`), with
/// a QR code for each chapter when `WUSHAN_PUBLIC_URL` is set. The page's "save image"
/// controls link to them; the service worker does not precache them.
fn posters(dir: &Path) -> Result<()> {
    crate::publish::public_url()?;
    let out = dir.join("posters");
    if out.is_dir() {
        fs::remove_dir_all(&out)?;
    }
    shell::run(shell::cargo().args(["run", "--quiet", "-p", "wushan-site", "--bin", "export", "--", "--posters"]).arg(&out))
}

fn post_build(dir: &Path) -> Result<Bundle> {
    for (name, step) in POST_BUILD {
        step(dir).map_err(|e| format!("dist post-build step `{name}` failed: {e}"))?;
    }
    find_bundle(dir)
}

/// dist/index.html exists and loads a content-hashed wasm and JS glue.
fn verify_bundle(dir: &Path) -> Result<()> {
    let bundle = find_bundle(dir)?;
    let html = fs::read_to_string(dir.join("index.html"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("index.html").display()))?;
    for file in [&bundle.wasm, &bundle.js] {
        let name = file_name(file);
        if !is_hashed(&name) {
            return Err(
                format!("{name} has no content hash; set `filehash = true` in Trunk.toml").into(),
            );
        }
        if !html.contains(&name) {
            return Err(format!("dist/index.html does not reference {name}").into());
        }
    }
    Ok(())
}

fn relative(path: &Path) -> String {
    let root = project_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_verifies_a_bundle() {
        let dir = std::env::temp_dir().join(format!("xtask-dist-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        fs::write(dir.join("app-0123456789abcdef.js"), b"export default 1").unwrap();
        fs::write(
            dir.join("index.html"),
            "<script type=module>import init from './app-0123456789abcdef.js';\
             init('./app-0123456789abcdef_bg.wasm')</script>",
        )
        .unwrap();
        let bundle = find_bundle(&dir).unwrap();
        assert_eq!(file_name(&bundle.js), "app-0123456789abcdef.js");
        verify_bundle(&dir).unwrap();

        fs::write(dir.join("index.html"), "<p>no script</p>").unwrap();
        let err = verify_bundle(&dir).unwrap_err().to_string();
        assert!(
            err.contains("does not reference app-0123456789abcdef"),
            "{err}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
