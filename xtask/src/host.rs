//! The host configuration that README.md recommends, written by `cargo xtask dist` next to the
//! files it is for, so a newsroom can use it as it is and the e2e layer serves `dist/` with it:
//!
//! - `dist/nginx.conf`: `map`s and a `server` block, to `include` in nginx's `http` block.
//! - `dist/_headers`: the same headers for hosts that read that file (Netlify, Cloudflare
//!   Pages), one rule per path so no two rules set the same header.
//!
//! The headers: each page's Content-Security-Policy (taken from its `<meta>`, so the two never
//! differ) as a real header with `frame-ancestors`; `Cache-Control: public, max-age=31536000,
//! immutable` for content-hashed files and `no-cache` for everything else (HTML, `sw.js`,
//! chart images, the CSV); `application/wasm`; `Access-Control-Allow-Origin: *` on scripts,
//! styles and the wasm, so an embed in a sandboxed iframe (an opaque origin) can load them
//! with their integrity checked; `nosniff` and a referrer policy. nginx compresses text with
//! gzip on the fly, and serves `<file>.gz` instead when one exists (`gzip_static`).

use std::path::Path;

use crate::{
    csp::is_csp_meta,
    files::{files, is_hashed, write},
    html,
    shell::Result,
};

/// Who may frame each page. The story itself only its own site; the embed anyone (it exists
/// to be framed; list your partners' origins instead to be strict).
const FRAME_ANCESTORS: &[(&str, &str)] = &[
    ("index.html", "'self'"),
    ("embed.html", "*"),
    ("embed-example.html", "'self'"),
];

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";
const REFERRER: &str = "strict-origin-when-cross-origin";

/// The policy a page declares in `<meta http-equiv="Content-Security-Policy">`, with its
/// `frame-ancestors` (which a `<meta>` policy cannot carry).
fn page_csp(dir: &Path, page: &str, ancestors: &str) -> Result<String> {
    let path = dir.join(page);
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let meta = html::select(&html, "meta")?
        .into_iter()
        .find(is_csp_meta)
        .and_then(|t| t.attr("content").map(str::to_string))
        .ok_or_else(|| format!("dist/{page} has no Content-Security-Policy <meta>"))?;
    Ok(format!(
        "{}; frame-ancestors {ancestors}",
        meta.trim_end_matches([';', ' '])
    ))
}

/// Scripts, styles and the wasm: what a sandboxed embed fetches in CORS mode.
fn needs_cors(path: &str) -> bool {
    [".js", ".css", ".wasm"].iter().any(|e| path.ends_with(e))
}

/// Escapes a value for a double-quoted nginx string.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes dist/nginx.conf and dist/_headers. Runs after every file of the build exists.
pub fn host_config(dir: &Path) -> Result<()> {
    let mut csp = Vec::new();
    for (page, ancestors) in FRAME_ANCESTORS {
        csp.push((*page, page_csp(dir, page, ancestors)?));
    }
    write(&dir.join("nginx.conf"), nginx(&csp))?;
    write(&dir.join("_headers"), headers(&files(dir)?, &csp))?;
    println!("host: nginx.conf and _headers (CSP with frame-ancestors, caching, CORS for embeds)");
    Ok(())
}

fn nginx(csp: &[(&str, String)]) -> String {
    let mut csp_map = String::new();
    for (page, policy) in csp {
        let stem = page
            .trim_end_matches(".html")
            .replace('.', "\\.")
            .replace('-', "\\-");
        // The page by name, and by its pretty URL (`/embed`); index.html also as `dir/`.
        let pattern = if *page == "index.html" {
            "~(^|/)(index\\.html)?$".to_string()
        } else {
            format!("~(^|/){stem}(\\.html)?$")
        };
        csp_map.push_str(&format!("    {pattern:<36} {};\n", quoted(policy)));
    }
    format!(
        r#"# 巫山民生: the recommended nginx configuration, written by `cargo xtask dist`
# (xtask/src/host.rs). README.md, "Publishing".
#
# Include this file in the `http` block of nginx.conf (the one that includes mime.types), then
# set `listen`, `server_name` and `root` (the folder this file is in). To serve the story
# under a path, put the `location` blocks inside `location /<path>/ {{ … }}` and use `alias`.
# The maps are keyed by the URL path, so they hold for any path prefix.

# The page's Content-Security-Policy, as a header (it also stands in a <meta> in the page,
# but frame-ancestors only works as a header).
map $uri $wushan_csp {{
    default                              "";
{csp_map}}}

# Content-hashed files never change; everything else is revalidated on every use.
map $uri $wushan_cache_control {{
    default                              "{NO_CACHE}";
    "~-[0-9a-f]{{8,16}}(_bg)?\.(js|wasm|css)$" "{IMMUTABLE}";
}}

# A sandboxed iframe has an opaque origin, so the embed fetches its scripts, styles and wasm
# in CORS mode (they carry integrity and crossorigin). They are public, so anyone may read them.
map $uri $wushan_cors {{
    default                              "";
    ~\.(js|css|wasm)$                    "*";
}}

server {{
    listen 8080;
    server_name _;
    root /srv/wushan;
    index index.html;
    server_tokens off;

    charset utf-8;
    charset_types text/css text/javascript application/javascript image/svg+xml text/csv;

    gzip on;
    gzip_static on;
    gzip_vary on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_types text/css text/javascript application/javascript application/wasm image/svg+xml text/csv;

    # No location below sets a header, so every response gets all of these.
    add_header Content-Security-Policy $wushan_csp always;
    add_header Cache-Control $wushan_cache_control always;
    add_header Access-Control-Allow-Origin $wushan_cors always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy {REFERRER} always;

    # This file and _headers are for the host, not for readers.
    location ~ (^|/)(nginx\.conf|_headers)$ {{
        return 404;
    }}

    # mime.types has application/wasm but no CSV type.
    location ~ \.csv$ {{
        types {{ }}
        default_type text/csv;
    }}

    # (site-specific rules)
}}
"#
    )
}

fn headers(files: &[String], csp: &[(&str, String)]) -> String {
    let mut out = String::from(
        "# 巫山民生: response headers for hosts that read a _headers file, written by\n\
         # `cargo xtask dist` (xtask/src/host.rs). README.md, \"Publishing\". One rule per path,\n\
         # so no two rules set the same header. Paths are from the site root: add your prefix\n\
         # when the story lives under a path.\n\n",
    );
    out.push_str(&format!(
        "/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: {REFERRER}\n\n"
    ));
    let policy = |page: &str| {
        csp.iter()
            .find(|(p, _)| *p == page)
            .map(|(_, c)| c.as_str())
    };
    let mut rule = |path: &str, file: &str| {
        out.push_str(&format!("/{path}\n"));
        if let Some(c) = policy(file) {
            out.push_str(&format!("  Content-Security-Policy: {c}\n"));
        }
        let name = file.rsplit('/').next().unwrap_or(file);
        let cache = if is_hashed(name) { IMMUTABLE } else { NO_CACHE };
        out.push_str(&format!("  Cache-Control: {cache}\n"));
        if needs_cors(file) {
            out.push_str("  Access-Control-Allow-Origin: *\n");
        }
        if file.ends_with(".wasm") {
            out.push_str("  Content-Type: application/wasm\n");
        }
        out.push('\n');
    };
    rule("", "index.html");
    for file in files {
        if matches!(file.as_str(), "_headers" | "nginx.conf") || file.starts_with("export/") {
            continue;
        }
        rule(file, file);
        if let Some(pretty) = file
            .strip_suffix(".html")
            .filter(|p| *p != "index" && !p.ends_with("/index"))
        {
            rule(pretty, file);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csp() -> Vec<(&'static str, String)> {
        vec![
            (
                "index.html",
                "default-src 'self'; frame-ancestors 'self'".to_string(),
            ),
            (
                "embed.html",
                "default-src 'self'; frame-ancestors *".to_string(),
            ),
        ]
    }

    #[test]
    fn headers_file_has_one_rule_per_path() {
        let files: Vec<String> = [
            "app-0123456789abcdef_bg.wasm",
            "boot-0123456789abcdef.js",
            "charts/a.svg",
            "embed.html",
            "index.html",
            "sw.js",
        ]
        .map(String::from)
        .to_vec();
        let h = headers(&files, &csp());
        assert!(h.contains("/app-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n  Access-Control-Allow-Origin: *\n  Content-Type: application/wasm\n"), "{h}");
        assert!(
            h.contains("/sw.js\n  Cache-Control: no-cache\n  Access-Control-Allow-Origin: *\n"),
            "{h}"
        );
        assert!(h.contains("/embed\n  Content-Security-Policy: default-src 'self'; frame-ancestors *\n  Cache-Control: no-cache\n"), "{h}");
        assert!(
            h.contains(
                "/\n  Content-Security-Policy: default-src 'self'; frame-ancestors 'self'\n"
            ),
            "{h}"
        );
        assert!(
            h.contains("/charts/a.svg\n  Cache-Control: no-cache\n\n"),
            "{h}"
        );
        // No path has two rules.
        let paths: Vec<&str> = h.lines().filter(|l| l.starts_with('/')).collect();
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(paths.len(), unique.len(), "{paths:?}");
    }

    #[test]
    fn nginx_conf_maps_each_page_to_its_policy() {
        let conf = nginx(&csp());
        assert!(conf.contains(r#"~(^|/)embed(\.html)?$"#), "{conf}");
        assert!(
            conf.contains(r#""default-src 'self'; frame-ancestors *";"#),
            "{conf}"
        );
        assert!(conf.contains("add_header Content-Security-Policy $wushan_csp always;"));
        assert_eq!(
            conf.matches('{').count(),
            conf.matches('}').count(),
            "{conf}"
        );
    }

    /// `nginx -t` accepts the file as written (when nginx is installed: `setup --test`).
    #[test]
    fn nginx_accepts_the_conf() {
        let nginx_bin = crate::setup::NGINX;
        if !Path::new(nginx_bin).exists() {
            eprintln!("skipped: {nginx_bin} is not installed (cargo xtask setup --test)");
            return;
        }
        let dir = std::env::temp_dir().join(format!("xtask-host-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir.join("site.conf"), nginx(&csp())).unwrap();
        let main = format!(
            "pid {d}/nginx.pid;\nevents {{}}\nhttp {{\n include /etc/nginx/mime.types;\n include {d}/site.conf;\n}}\n",
            d = dir.display()
        );
        write(&dir.join("main.conf"), main).unwrap();
        let out = std::process::Command::new(nginx_bin)
            .arg("-t")
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("main.conf"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
