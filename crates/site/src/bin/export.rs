//! Image export (native): `export <dir>` writes the WeChat article pack (every chart as SVG
//! and 1080 px PNG, share.png, thumb.png, the share posters, captions.md); `export --share
//! <dist>` writes only share.png and thumb.png, for the page's og:image and thumbnail;
//! `export --posters <dir>` writes the share posters (`<chart id>.png`, `story.png`). Run by
//! `cargo xtask export` and `cargo xtask dist`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, dir] if flag == "--share" => wushan_site::export::write_share(std::path::Path::new(dir)),
        [flag, dir] if flag == "--posters" => wushan_site::poster::write_posters(std::path::Path::new(dir), ""),
        [dir] if !dir.starts_with('-') => wushan_site::pack::write_pack(std::path::Path::new(dir)),
        _ => Err("usage: export <dir> | export --share <dist dir> | export --posters <dir>".to_string()),
    };
    match result {
        Ok(files) => {
            for f in files {
                let px = if f.size.0 > 0 {
                    format!(" {}x{}", f.size.0, f.size.1)
                } else {
                    String::new()
                };
                println!("export: {} ({} B{px})", f.name, f.bytes);
            }
        }
        Err(e) => {
            eprintln!("export failed: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
