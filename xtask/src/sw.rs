//! The service worker step of `cargo xtask dist`: `dist/sw.js` from `assets/sw.js`, with
//! this build's edition, build hash and precache list filled in (see assets/sw.js for what
//! the worker does), and `dist/sw-unregister.js`, the kill switch, from
//! `assets/sw-unregister.js`.
//!
//! `WUSHAN_SERVICE_WORKER=off cargo xtask dist` ships the kill switch as `sw.js`: every
//! reader's worker is replaced at their next visit by one that deletes this scope's caches
//! and unregisters itself (README.md, "Publishing").

use std::{fs, path::Path};

use crate::{
    files::{asset, edition_name, files, is_hashed, short_hash, write},
    shell::Result,
};

/// `WUSHAN_SERVICE_WORKER=off` ships the kill switch as sw.js.
pub const ENV: &str = "WUSHAN_SERVICE_WORKER";

/// Files of dist/ the service worker does not precache: other editions and outputs, files
/// for other sites and crawlers (share.png, thumb.png), the share posters (loaded only when a
/// reader opens one), host configuration, and the workers.
fn not_precached(path: &str) -> bool {
    path.starts_with("offline/")
        || path.starts_with("export/")
        // The elder mode's static images (29 KB gzip): only readers who turn the mode on
        // fetch them, so not every reader downloads them at install. Offline, the elder mode
        // shows the live charts (large text); the default static images are precached.
        || path.starts_with("charts-elder/")
        || path.starts_with("posters/")
        || path.ends_with(".gz")
        || path.ends_with(".br")
        || matches!(
            path,
            "sw.js"
                | "sw-unregister.js"
                | "share.png"
                | "thumb.png"
                | "embed-example.html"
                | "embed-parent.js"
                | "_headers"
                | "nginx.conf"
        )
}

/// The service worker's precache list (path, content-hashed?) and the build hash of all of it.
pub fn precache(dir: &Path) -> Result<(String, Vec<(String, bool)>)> {
    let list: Vec<String> = files(dir)?
        .into_iter()
        .filter(|p| !not_precached(p))
        .collect();
    for needed in ["index.html", "embed.html"] {
        if !list.iter().any(|p| p == needed) {
            return Err(format!("dist/{needed} is missing").into());
        }
    }
    let mut all = Vec::new();
    for path in &list {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(short_hash(&fs::read(dir.join(path))?).as_bytes());
    }
    let list = list
        .into_iter()
        .map(|p| {
            let hashed = is_hashed(p.rsplit('/').next().unwrap_or(&p));
            (p, hashed)
        })
        .collect();
    Ok((short_hash(&all), list))
}

/// The edition's name in cache names: the CSV's stem (a plain file name, see
/// `schema::is_file_name`).
fn edition(dir: &Path) -> Result<String> {
    Ok(edition_name(dir)?.trim_end_matches(".html").to_string())
}

/// dist/sw.js and dist/sw-unregister.js; with `WUSHAN_SERVICE_WORKER=off`, sw.js is the kill
/// switch.
pub fn service_worker(dir: &Path) -> Result<()> {
    write_workers(dir, std::env::var(ENV).is_ok_and(|v| v == "off"))
}

fn write_workers(dir: &Path, off: bool) -> Result<()> {
    let (build, list) = precache(dir)?;
    let edition = edition(dir)?;
    let js = fill(&asset("sw.js")?, &edition, &build, &list)?;
    let kill = asset("sw-unregister.js")?;
    write(&dir.join("sw-unregister.js"), &kill)?;
    if off {
        write(&dir.join("sw.js"), &kill)?;
        println!("sw.js: the kill switch ({ENV}=off): deletes this scope's caches and unregisters");
        return Ok(());
    }
    write(&dir.join("sw.js"), js)?;
    let hashed = list.iter().filter(|(_, h)| *h).count();
    println!(
        "sw.js: cache `wushan <scope> {edition}-{build}`, {} files precached ({hashed} content-hashed)",
        list.len()
    );
    Ok(())
}

/// assets/sw.js with its placeholders filled in.
fn fill(template: &str, edition: &str, build: &str, list: &[(String, bool)]) -> Result<String> {
    let mut js = template.to_string();
    for (key, value) in [
        ("'__WUSHAN_EDITION__'", format!("'{edition}'")),
        ("'__WUSHAN_BUILD__'", format!("'{build}'")),
        ("__WUSHAN_PRECACHE__", serde_json::to_string(list)?),
    ] {
        if !js.contains(key) {
            return Err(format!("assets/sw.js has no placeholder {key}").into());
        }
        js = js.replace(key, &value);
    }
    Ok(js)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precache_list_marks_hashed_files_and_leaves_out_other_sites_files() {
        let dir = std::env::temp_dir().join(format!("xtask-sw-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for f in [
            "index.html",
            "embed.html",
            "app-0123456789abcdef_bg.wasm",
            "charts/fig_a.svg",
            "charts-elder/fig_a.svg",
            "data-2019.csv",
            "share.png",
            "posters/fig_a.png",
            "posters/story.png",
            "_headers",
            "nginx.conf",
            "sw-unregister.js",
            "offline/data-2019.html",
        ] {
            write(&dir.join(f), f).unwrap();
        }
        let (build, list) = precache(&dir).unwrap();
        assert_eq!(build.len(), 16);
        let names: Vec<(&str, bool)> = list.iter().map(|(p, h)| (p.as_str(), *h)).collect();
        assert_eq!(
            names,
            [
                ("app-0123456789abcdef_bg.wasm", true),
                ("charts/fig_a.svg", false),
                ("data-2019.csv", false),
                ("embed.html", false),
                ("index.html", false),
            ]
        );
        assert_eq!(edition(&dir).unwrap(), "data-2019");
        let js = fill(&asset("sw.js").unwrap(), "data-2019", &build, &list).unwrap();
        assert!(
            js.contains(r#"const PRECACHE = [["app-0123456789abcdef_bg.wasm",true],"#),
            "{js}"
        );
        assert!(!js.contains("__WUSHAN_"));

        // The kill switch: sw.js is sw-unregister.js, which handles no request.
        let read = |f: &str| fs::read_to_string(dir.join(f)).unwrap();
        write_workers(&dir, false).unwrap();
        assert!(read("sw.js").contains("addEventListener('fetch'"));
        write_workers(&dir, true).unwrap();
        assert_eq!(read("sw.js"), read("sw-unregister.js"));
        assert!(!read("sw.js").contains("addEventListener('fetch'"));
        assert!(read("sw.js").contains("registration.unregister()"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
