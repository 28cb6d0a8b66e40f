//! Build-time rendering (native only): the story as HTML through Yew SSR, the static chart
//! images, the CSV of the dataset, and the page's head tags. Used by `crates/site/src/bin/prerender.rs`
//! and by native tests, so what the tests check is what ships.

use wushan::charts::{self, Frame, Measure};
use wushan::data::{format, model::Seg, Para, Qualifier, CHARTS, INDICATORS, STORY};
use wushan::story::{ui, App, AppProps, EmbedApp, ImageSizes};
use std::path::Path;

/// Width at which the static chart images are drawn (they scale down with the page).
pub const STATIC_WIDTH: f64 = 720.0;

/// Width at which the phone edition of each static chart image (`charts/phone/<id>.svg`) is
/// laid out: the narrow layout (below 480 px), so that shown at 280–420 px its smallest
/// label (13 px here) stays at 11 CSS px or more.
pub const PHONE_WIDTH: f64 = 320.0;

/// Widths at which the elder-mode editions of the static images are laid out, with large
/// text (`charts::TextSize::Large`): `charts-elder/phone/<id>.svg` at the narrowest chart
/// (a chart box is 280 px or wider from a 320 px screen up, so the image is never shown
/// smaller than laid out and its labels stay at 16 CSS px or more), and `charts-elder/<id>.svg`
/// at the wide layout's first width (shown a little smaller in two columns, about 0.95×).
/// `assets/elder.js` points the `<picture>` at them in the mode.
pub const ELDER_PHONE_WIDTH: f64 = 280.0;
pub const ELDER_WIDTH: f64 = 480.0;

/// The elder-mode image files of a chart: (`charts-elder/<id>.svg`, `charts-elder/phone/<id>.svg`).
pub fn elder_paths(id: &str) -> (String, String) {
    (format!("charts-elder/{id}.svg"), format!("charts-elder/phone/{id}.svg"))
}

/// The final frame of a chart with large text as SVG (the elder-mode static image).
pub fn elder_chart_svg(id: &str, width: f64, m: &dyn Measure) -> Option<String> {
    let spec = wushan::data::chart(id)?;
    let layout = charts::layout_text(spec, width, m, charts::TextSize::Large);
    Some(charts::svg_of(&layout, &Frame::FINAL))
}

/// The static image files of a chart: (`charts/<id>.svg`, `charts/phone/<id>.svg`), as
/// `story::chart_live` links them (up to 480 px viewport width the phone one).
pub fn static_paths(id: &str) -> (String, String) {
    (format!("charts/{id}.svg"), format!("charts/phone/{id}.svg"))
}

/// The whole story as static HTML (the contents of `#app`). Nothing is hydrated: the
/// browser renders its islands afresh (ARCHITECTURE.md, "Islands"), so the HTML carries no
/// hydration markers.
/// What the prerender gives the page: every chart's static image sizes (see
/// `story::StaticSizes`).
fn page_props() -> AppProps {
    let sizes = CHARTS
        .iter()
        .map(|spec| {
            let sizes = ImageSizes { desktop: static_size_at(spec, STATIC_WIDTH), phone: static_size_at(spec, PHONE_WIDTH) };
            (spec.id, sizes)
        })
        .collect();
    AppProps { sizes: Some(std::rc::Rc::new(sizes)), rendered: None }
}

pub fn render_app() -> String {
    futures::executor::block_on(yew::ServerRenderer::<App>::with_props(page_props).hydratable(false).render())
}

/// Every chart card for embed.html as static HTML (the contents of `#embed`).
pub fn render_embed() -> String {
    futures::executor::block_on(yew::ServerRenderer::<EmbedApp>::with_props(page_props).hydratable(false).render())
}

/// embed.html from Trunk's page shell: the chart cards in `#embed` instead of the story, the
/// headline as title, not indexed, and without the page's WeChat thumbnail.
pub fn embed_page(index_html: &str, embed_html: &str) -> Result<String, String> {
    const ROOT: &str = "<div id=\"app\"></div>";
    if !index_html.contains(ROOT) {
        return Err(format!("index.html has no empty {ROOT} to fill"));
    }
    let mut out = index_html.replacen(ROOT, &format!("<div id=\"embed\">{embed_html}</div>"), 1);
    if let (Some(a), Some(b)) = (out.find("<title>"), out.find("</title>")) {
        let head = format!("<title>{}</title>\n<meta name=\"robots\" content=\"noindex\">", escape(STORY.headline));
        out.replace_range(a..b + "</title>".len(), &head);
    }
    if let Some(a) = out.find("<div class=\"wechat-thumb\"") {
        if let Some(len) = out[a..].find("</div>") {
            out.replace_range(a..a + len + "</div>".len(), "");
        }
    }
    Ok(out)
}

/// Plain text of a paragraph, figures printed from the dataset.
pub fn plain(para: Para) -> String {
    para.iter()
        .map(|s| match *s {
            Seg::Text(t) | Seg::Glossary(t) => t.to_string(),
            Seg::Fig(id) => wushan::data::indicator(id).map(format::figure).unwrap_or_default(),
        })
        .collect()
}

/// The dataset as CSV: UTF-8 with a byte-order mark so that Excel and WPS read the Chinese.
pub fn csv() -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id", ui().col_label, ui().col_value, ui().col_unit, ui().col_qualifier, ui().col_period,
        ui().col_note, ui().col_source, "theme", "kind", "value", "value_high",
    ];
    w.write_record(header).expect("csv header");
    for i in INDICATORS {
        let q = if i.qualifier == Qualifier::None { "" } else { i.qualifier.text() };
        w.write_record([
            i.id,
            i.label,
            &format::figure(i),
            i.unit,
            q,
            i.period,
            i.note,
            i.source,
            i.theme,
            kind_name(i.kind),
            i.value,
            i.value_high.unwrap_or(""),
        ])
        .expect("csv row");
    }
    let body = String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8");
    format!("\u{feff}{body}")
}

fn kind_name(k: wushan::data::Kind) -> &'static str {
    use wushan::data::Kind::*;
    match k {
        Count => "count",
        Money => "money",
        Rate => "rate",
        Ratio => "ratio",
        Age => "age",
        Area => "area",
    }
}

/// The text measurer of every native layout: the committed CJK font (`assets/fonts/`).
pub fn measure() -> Box<dyn Measure> {
    Box::new(charts::FontMeasure::committed())
}

/// The CSS size (width, height) of a chart's static image, for its `<img>` attributes, so the
/// browser reserves its space before the SVG arrives. Lays the chart out once per id.
pub fn static_size(spec: &wushan::data::ChartSpec) -> (u32, u32) {
    static_size_at(spec, STATIC_WIDTH)
}

/// The CSS size of a chart's static image laid out at `width` (STATIC_WIDTH or PHONE_WIDTH).
/// Lays the chart out once per id and width.
pub fn static_size_at(spec: &wushan::data::ChartSpec, width: f64) -> (u32, u32) {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static SIZES: OnceLock<Mutex<BTreeMap<(&'static str, u64), (u32, u32)>>> = OnceLock::new();
    let sizes = SIZES.get_or_init(|| Mutex::new(BTreeMap::new()));
    let key = (spec.id, width.to_bits());
    if let Some(s) = sizes.lock().unwrap().get(&key) {
        return *s;
    }
    let layout = charts::layout(spec, width, measure().as_ref());
    let size = (layout.width.round() as u32, layout.height.round() as u32);
    sizes.lock().unwrap().insert(key, size);
    size
}

/// The final frame of a chart as SVG, light mode, as the static page shows it.
pub fn chart_svg(id: &str, width: f64, m: &dyn Measure) -> Option<String> {
    let spec = wushan::data::chart(id)?;
    let frame = Frame { progress: 1.0, highlight: &[], focus: None, dark: false };
    Some(charts::svg(spec, width, m, &frame))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Where the story will be published, from `WUSHAN_PUBLIC_URL` at build time (with a
/// trailing `/`). Crawlers need absolute URLs for `og:image`; without it they stay relative.
pub fn public_url() -> Option<String> {
    checked_public_url(&std::env::var("WUSHAN_PUBLIC_URL").ok()?)
}

/// An http(s) URL safe to put in an attribute, ending in `/`; anything else is refused.
pub fn checked_public_url(url: &str) -> Option<String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(['"', '<', '>', ' ']) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// `<title>`, description and Open Graph tags from the content.
pub fn head_tags() -> String {
    let title = escape(STORY.headline);
    let desc = escape(&STORY.intro.first().map(|p| plain(p)).unwrap_or_default());
    let site = escape(ui().site_name);
    let base = public_url().unwrap_or_default();
    let canonical = if base.is_empty() { String::new() } else { format!("<link rel=\"canonical\" href=\"{base}\">\n<meta property=\"og:url\" content=\"{base}\">\n") };
    format!(
        "<title>{title}</title>\n\
         <meta name=\"description\" content=\"{desc}\">\n\
         <meta property=\"og:type\" content=\"article\">\n\
         <meta property=\"og:site_name\" content=\"{site}\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:description\" content=\"{desc}\">\n\
         <meta property=\"og:image\" content=\"{base}share.png\">\n\
         <meta property=\"og:image:width\" content=\"1200\">\n\
         <meta property=\"og:image:height\" content=\"630\">\n\
         <meta name=\"twitter:card\" content=\"summary_large_image\">\n{canonical}\
         <style>{chapters}</style>\n",
        chapters = wushan::data::chapter_css(),
    )
}

/// Put the rendered story and the head tags into Trunk's `index.html`.
pub fn inject(index_html: &str, app_html: &str) -> Result<String, String> {
    const ROOT: &str = "<div id=\"app\"></div>";
    if !index_html.contains(ROOT) {
        return Err(format!("index.html has no empty {ROOT} to fill"));
    }
    let mut out = index_html.replacen(ROOT, &format!("<div id=\"app\">{app_html}</div>"), 1);
    // Replace the placeholder title with the real head tags.
    if let (Some(a), Some(b)) = (out.find("<title>"), out.find("</title>")) {
        out.replace_range(a..b + "</title>".len(), &head_tags());
    } else {
        return Err("index.html has no <title> to replace".into());
    }
    Ok(out)
}

/// Everything the prerender writes into `dist`.
pub fn run(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let page = inject(&html, &render_app())?;
    std::fs::write(&index, page).map_err(|e| e.to_string())?;
    let embed = embed_page(&html, &render_embed())?;
    std::fs::write(dist.join("embed.html"), embed).map_err(|e| e.to_string())?;

    let m = measure();
    let dir = dist.join("charts");
    std::fs::create_dir_all(dir.join("phone")).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dist.join("charts-elder").join("phone")).map_err(|e| e.to_string())?;
    for spec in CHARTS {
        let (desktop, phone) = static_paths(spec.id);
        for (path, width) in [(desktop, STATIC_WIDTH), (phone, PHONE_WIDTH)] {
            let svg = chart_svg(spec.id, width, m.as_ref()).expect("chart exists");
            std::fs::write(dist.join(path), svg).map_err(|e| e.to_string())?;
        }
        let (wide, phone) = elder_paths(spec.id);
        for (path, width) in [(wide, ELDER_WIDTH), (phone, ELDER_PHONE_WIDTH)] {
            let svg = elder_chart_svg(spec.id, width, m.as_ref()).expect("chart exists");
            std::fs::write(dist.join(path), svg).map_err(|e| e.to_string())?;
        }
    }
    std::fs::write(dist.join(ui().csv_filename), csv()).map_err(|e| e.to_string())?;
    println!(
        "prerendered index.html, embed.html, {} chart images (desktop and phone, default and elder) and {}",
        CHARTS.len() * 4,
        ui().csv_filename
    );
    Ok(())
}
