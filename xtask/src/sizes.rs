//! Sizes of a build: gzip lengths, and what a first visit of the web edition downloads
//! (the one-file edition's step prints itself against it).

use std::{collections::BTreeMap, fs, io::Write, path::Path};

use flate2::{write::GzEncoder, Compression};

use crate::{
    files::{files, is_hashed},
    shell::Result,
};

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

/// What a first visit of index.html downloads, gzipped: the page, the files it links with
/// integrity (CSS, boot, glue, wasm), every chart image and illustration and the CSV.
pub fn web_first_visit_gzip(dir: &Path) -> Result<u64> {
    let mut sizes = BTreeMap::new();
    for path in files(dir)? {
        let name = path.rsplit('/').next().unwrap_or(&path);
        let counted = path == "index.html"
            || path.starts_with("charts/")
            || path.starts_with("illustrations/")
            || (!path.contains('/') && path.ends_with(".csv"))
            || (!path.contains('/') && is_hashed(name) && !name.starts_with("embed-"));
        if counted {
            sizes.insert(path.clone(), gzip_len(&fs::read(dir.join(&path))?));
        }
    }
    Ok(sizes.values().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let bytes = vec![b'a'; 10_000];
        let len = gzip_len(&bytes);
        assert!(len > 10 && len < 100, "{len}");
    }
}
