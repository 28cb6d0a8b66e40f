//! The WeChat article pack (`cargo xtask export` → `dist/export/`, native only): every
//! chart's article image from [`export`], the share image and thumbnail, the share posters
//! from [`poster`], and `captions.md`. The layer above both: neither imports it.

use wushan::data::{CHARTS, STORY};
use crate::export::{
    article_svg, checked_png, fonts, read_more_url, write, write_share, Written, ARTICLE_SCALE,
    ARTICLE_WIDTH, SHARE_SIZE, THUMB_SIZE,
};
use crate::{poster, prerender};
use std::fmt::Write as _;
use std::path::Path;

/// File names of the share posters in the article pack: `poster-<chart id>.png`,
/// `poster-story.png` (in `dist/posters/` they are `<chart id>.png`, `story.png`).
pub const POSTER_PREFIX: &str = "poster-";

/// The WeChat article pack into `dir`: `<chart id>.svg` and `.png` (1080 px wide) for every
/// chart, `share.png`, `thumb.png`, the share posters ([`crate::poster`]) and `captions.md`.
pub fn write_pack(dir: &Path) -> Result<Vec<Written>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let m = prerender::measure();
    let fonts = fonts();
    let mut out = Vec::new();
    for spec in CHARTS {
        let svg = article_svg(spec, ARTICLE_WIDTH, m.as_ref());
        write(
            dir,
            &format!("{}.svg", spec.id),
            svg.as_bytes(),
            (0, 0),
            &mut out,
        )?;
        let name = format!("{}.png", spec.id);
        let (bytes, size) = checked_png(&name, &svg, ARTICLE_SCALE, &fonts)?;
        write(dir, &name, &bytes, size, &mut out)?;
    }
    out.extend(write_share(dir)?);
    out.extend(poster::write_posters(dir, POSTER_PREFIX)?);
    write(
        dir,
        "captions.md",
        captions_md().as_bytes(),
        (0, 0),
        &mut out,
    )?;
    Ok(out)
}

/// `captions.md`: for each image its caption (the chart title), alt text, source line, and
/// the "read the original" link placeholder.
pub fn captions_md() -> String {
    let mut out = format!("# {}\n\n", STORY.headline);
    for spec in CHARTS {
        let _ = write!(
            out,
            "## {title}\n\n![{alt}]({id}.png)\n\n- caption: {title}\n- alt: {alt}\n- source: {prefix}{source}\n- files: `{id}.png` (1080 px wide), `{id}.svg`\n\n",
            title = spec.title,
            alt = spec.alt,
            id = spec.id,
            prefix = wushan::story::ui().chart_source_prefix,
            source = spec.source,
        );
    }
    let _ = write!(
        out,
        "## share.png, thumb.png, posters\n\n- share.png: {w}×{h}, og:image\n- thumb.png: {t}×{t}, cover thumbnail\n- {p}<chart id>.png, {p}{story}.png: share posters, {pw} px wide, with a QR code for the chapter (or the story) when WUSHAN_PUBLIC_URL is set\n\n{label}: {url}\n",
        p = POSTER_PREFIX,
        story = poster::STORY_POSTER,
        pw = poster::WIDTH as u32 * poster::SCALE as u32,
        w = SHARE_SIZE.0,
        h = SHARE_SIZE.1,
        t = THUMB_SIZE,
        label = wushan::story::ui().read_original,
        url = read_more_url(),
    );
    out
}
