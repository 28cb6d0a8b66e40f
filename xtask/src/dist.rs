//! `cargo xtask dist`: the release build in dist/.
//!
//! `trunk build --release` compiles the app, runs wasm-bindgen and wasm-opt
//! (-Oz, see index.html) and writes content-hashed files. Then the
//! [`POST_BUILD`] steps run in order on the finished dist/.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    time::Instant,
};

use flate2::{write::GzEncoder, Compression};

use crate::{
    bundle, embed, host, setup,
    shell::{self, cmd, elapsed, project_root, Result},
    sw,
};

/// What a release build produced.
pub struct Bundle {
    pub dir: PathBuf,
    /// `app-<hash>_bg.wasm`
    pub wasm: PathBuf,
    /// `app-<hash>.js`, the wasm-bindgen glue
    pub js: PathBuf,
}

/// `cargo xtask dist`: setup, then [`build`].
pub fn run() -> Result<Bundle> {
    setup::run(setup::Options { browser: false })?;
    build()
}

/// Release build into dist/, then the post-build steps. Assumes setup ran.
pub fn build() -> Result<Bundle> {
    let started = Instant::now();
    let dir = project_root().join("dist");
    shell::run(
        cmd("trunk")
            .args(["build", "--release"])
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

/// The steps after `trunk build --release`, in order. The static bundle steps
/// (share images, strict CSP and boot script, one-file edition) live in `bundle.rs`, the
/// service worker in `sw.rs`, the host configuration in `host.rs`.
const POST_BUILD: &[(&str, PostBuildStep)] = &[
    ("verify bundle", verify_bundle),
    ("prerender", prerender),
    ("share images", bundle::share_images),
    ("share posters", posters),
    ("strict csp", bundle::strict_csp),
    ("sandboxable embed", embed::sandboxable),
    ("service worker", sw::service_worker),
    ("one-file edition", bundle::one_file_edition),
    ("host configuration", host::host_config),
];

/// Renders the story into dist/index.html with Yew SSR, and writes the static chart
/// images and the CSV (`src/bin/prerender.rs`). Native, so it uses the dev profile.
fn prerender(dir: &Path) -> Result<()> {
    shell::run(shell::cargo().args(["run", "--quiet", "--bin", "prerender", "--"]).arg(dir))
}

/// The share posters in dist/posters/ (`<chart id>.png`, `story.png`; `src/poster.rs`), with
/// a QR code for each chapter when `WUSHAN_PUBLIC_URL` is set. The page's "save image"
/// controls link to them; the service worker does not precache them.
fn posters(dir: &Path) -> Result<()> {
    crate::publish::public_url()?;
    let out = dir.join("posters");
    if out.is_dir() {
        fs::remove_dir_all(&out)?;
    }
    shell::run(shell::cargo().args(["run", "--quiet", "--bin", "export", "--", "--posters"]).arg(&out))
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

/// Finds the one `*_bg.wasm` in `dir` and the JS glue of the same name.
pub(crate) fn find_bundle(dir: &Path) -> Result<Bundle> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let wasm: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| file_name(path).ends_with("_bg.wasm"))
        .collect();
    let [wasm] = &wasm[..] else {
        return Err(format!(
            "expected one *_bg.wasm in {}, found {}",
            dir.display(),
            wasm.len()
        )
        .into());
    };
    let js = dir.join(file_name(wasm).replace("_bg.wasm", ".js"));
    if !js.is_file() {
        return Err(format!("{} is missing", js.display()).into());
    }
    Ok(Bundle {
        dir: dir.to_path_buf(),
        wasm: wasm.clone(),
        js,
    })
}

/// `app-1a2b3c4d5e6f7a8b_bg.wasm`, `app-1a2b3c4d5e6f7a8b.js`: Trunk's
/// content hash is the 64-bit seahash in hex after the last `-`.
pub(crate) fn is_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty()
                && (8..=16).contains(&hash.len())
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder
        .finish()
        .expect("writing to a Vec cannot fail")
        .len() as u64
}

pub fn kib(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} B)", bytes as f64 / 1024.0)
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
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
    fn hashed_names() {
        assert!(is_hashed("app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("app-1a2b3c4d5e6f7a8.js"));
        assert!(is_hashed("my-app-00ff00ff00ff00ff.js"));
        assert!(!is_hashed("app_bg.wasm"));
        assert!(!is_hashed("app.js"));
        assert!(!is_hashed("my-app.js"));
        assert!(!is_hashed("-1a2b3c4d5e6f7a8b.js"));
    }

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

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let bytes = vec![b'a'; 10_000];
        let len = gzip_len(&bytes);
        assert!(len > 10 && len < 100, "{len}");
    }
}
