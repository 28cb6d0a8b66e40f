//! The prerendered page, checked natively: what Yew SSR renders is what ships in dist/.

use wushan::data::{format, INDICATORS, STORY, CHARTS};
use wushan_site::prerender;
use wushan::story::known_anchor;

fn page() -> &'static str {
    use std::sync::OnceLock;
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(prerender::render_app)
}

#[test]
fn every_indicator_is_rendered_somewhere() {
    let html = page();
    let missing: Vec<&str> = INDICATORS
        .iter()
        .filter(|i| !html.contains(&format::figure(i)))
        .map(|i| i.id)
        .collect();
    assert!(missing.is_empty(), "indicators not rendered anywhere on the page: {missing:?}");
}

#[test]
fn the_data_table_has_one_row_per_indicator() {
    let html = page();
    for i in INDICATORS {
        assert_eq!(html.matches(&format!("id=\"row-{}\"", i.id)).count(), 1, "row for {}", i.id);
    }
    assert_eq!(html.matches("id=\"row-").count(), INDICATORS.len());
}

#[test]
fn chapters_data_and_glossary_have_their_anchors() {
    let html = page();
    assert!(!STORY.themes.is_empty());
    for t in STORY.themes {
        assert!(html.contains(&format!("<section id=\"{}\"", t.id)), "chapter #{}", t.id);
    }
    // The poster sheet is a section too (a dialog, hidden until opened).
    assert_eq!(html.matches("<section id=\"poster-sheet\"").count(), 1, "the poster sheet");
    assert_eq!(html.matches("<section id=").count() - 4, STORY.themes.len(), "one section per chapter, plus data, glossary, credits and the poster sheet");
    for a in ["data", "glossary", "top", "credits"] {
        assert!(html.contains(&format!("id=\"{a}\"")), "anchor #{a}");
    }
}

#[test]
fn every_chart_has_a_static_image_a_text_alternative_and_a_table() {
    let html = page();
    for c in CHARTS {
        assert!(html.contains(&format!("src=\"charts/{}.svg\"", c.id)), "static image of {}", c.id);
        assert!(html.contains(&format!("<figure id=\"{}\"", c.id)), "figure of {}", c.id);
        let at = html.find(&format!("<figure id=\"{}\"", c.id)).unwrap();
        let end = at + html[at..].find("</figure>").unwrap();
        let fig = &html[at..end];
        assert!(fig.contains("<table>") && fig.contains("<caption>"), "table in {}", c.id);
        assert!(fig.contains(&format!("alt=\"{}\"", c.alt)), "alt of {}", c.id);
    }
}

#[test]
fn headings_do_not_skip_levels() {
    let html = page();
    let mut last = 1;
    assert_eq!(html.matches("<h1").count(), 1, "exactly one h1");
    for (i, _) in html.match_indices("<h") {
        let level = html.as_bytes()[i + 2];
        if !level.is_ascii_digit() {
            continue;
        }
        let level = (level - b'0') as i32;
        assert!(level <= last + 1, "heading jumps from h{last} to h{level} at byte {i}");
        last = level;
    }
}

#[test]
fn the_headline_and_intro_come_from_content() {
    let html = page();
    assert!(html.contains(STORY.headline));
    for p in STORY.intro {
        assert!(html.contains(&html_escape(&prerender::plain(p)).replace("&quot;", "\"")) || intro_segments_present(html, p));
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn intro_segments_present(html: &str, p: wushan::data::Para) -> bool {
    p.iter().all(|s| match s {
        wushan::data::model::Seg::Text(t) => html.contains(&html_escape(t)),
        wushan::data::model::Seg::Fig(id) => html.contains(&format::figure(wushan::data::indicator(id).unwrap())),
        wushan::data::model::Seg::Glossary(w) => html.contains(&html_escape(w)),
    })
}

#[test]
fn csv_has_a_bom_a_header_and_every_indicator_exactly() {
    let csv_text = prerender::csv();
    assert!(csv_text.starts_with('\u{feff}'), "UTF-8 BOM for Excel and WPS");
    let mut r = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, value, figure) = (col("id"), col("value"), col(wushan::story::ui().col_value));
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), INDICATORS.len());
    for (row, ind) in rows.iter().zip(INDICATORS) {
        assert_eq!(&row[id], ind.id);
        assert_eq!(&row[value], ind.value, "value of {} keeps its published digits", ind.id);
        assert_eq!(&row[figure], format::figure(ind));
    }
}

#[test]
fn inject_fills_the_root_and_the_head() {
    let shell = "<html><head><title>x</title></head><body><div id=\"app\"></div></body></html>";
    let out = prerender::inject(shell, "<main>story</main>").unwrap();
    assert!(out.contains("<div id=\"app\"><main>story</main></div>"));
    assert!(out.contains("og:title"));
    assert!(out.contains(&format!("<title>{}</title>", STORY.headline)));
    assert!(prerender::inject("<body></body>", "x").is_err());
}

#[test]
fn only_known_anchors_pass() {
    for t in STORY.themes {
        assert_eq!(known_anchor(&format!("#{}", t.id)), Some(t.id));
        for bad in [format!("#{}<script>", t.id), format!("#{}", t.id.to_uppercase())] {
            assert_eq!(known_anchor(&bad), None, "{bad}");
        }
    }
    assert_eq!(known_anchor("#data"), Some("data"));
    for bad in ["#<img src=x onerror=alert(1)>", "#", "", "#../../etc"] {
        assert_eq!(known_anchor(bad), None, "{bad}");
    }
    assert_eq!(known_anchor(&format!("#{}", "a".repeat(10_000))), None);
}

#[test]
fn static_chart_images_draw_every_chart_with_its_figures() {
    let m = prerender::measure();
    for c in CHARTS {
        for width in [prerender::STATIC_WIDTH, prerender::PHONE_WIDTH] {
            let svg = prerender::chart_svg(c.id, width, m.as_ref()).unwrap();
            assert!(svg.starts_with("<svg"), "{}", c.id);
            for id in c.indicators.iter().chain(c.pair) {
                let ind = wushan::data::indicator(id).unwrap();
                let (_, num, _) = format::parts(ind);
                assert!(svg.contains(&num), "chart {} at {width} px shows {}", c.id, num);
            }
        }
    }
}

#[test]
fn a_public_url_must_be_http_and_attribute_safe() {
    use prerender::checked_public_url as u;
    assert_eq!(u("https://news.example/wushan").as_deref(), Some("https://news.example/wushan/"));
    assert_eq!(u("https://news.example/wushan/").as_deref(), Some("https://news.example/wushan/"));
    assert_eq!(u("javascript:alert(1)"), None);
    assert_eq!(u("https://x\"><script>"), None);
    assert_eq!(u(""), None);
}

#[test]
fn static_images_are_sized_like_their_svg() {
    let html = page();
    let m = prerender::measure();
    for c in CHARTS {
        let (desktop, phone) = prerender::static_paths(c.id);
        for (path, width, tag_name, url_attr) in
            [(desktop, prerender::STATIC_WIDTH, "<img", "src"), (phone, prerender::PHONE_WIDTH, "<source", "srcset")]
        {
            let svg = prerender::chart_svg(c.id, width, m.as_ref()).unwrap();
            let attr = |doc: &str, name: &str| -> String {
                let at = doc.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                doc[at..at + doc[at..].find('"').unwrap()].to_string()
            };
            let root = &svg[..svg.find('>').unwrap()];
            let at = html.find(&format!("{url_attr}=\"{path}\"")).unwrap_or_else(|| panic!("{path} on the page"));
            let start = html[..at].rfind('<').unwrap();
            assert!(html[start..].starts_with(tag_name), "{path} is linked by a {tag_name}>");
            let tag = &html[start..start + html[start..].find('>').unwrap()];
            let num = |s: String| s.trim_end_matches("px").parse::<f64>().unwrap().round() as i64;
            assert_eq!(num(attr(tag, "width")), num(attr(root, "width")), "width of {path}");
            assert_eq!(num(attr(tag, "height")), num(attr(root, "height")), "height of {path}");
        }
    }
}

#[test]
fn phones_get_the_phone_image_through_picture() {
    let html = page();
    for c in CHARTS {
        let (desktop, phone) = prerender::static_paths(c.id);
        let at = html.find(&format!("src=\"{desktop}\"")).unwrap();
        let start = html[..at].rfind("<picture>").unwrap();
        let end = at + html[at..].find("</picture>").unwrap();
        let picture = &html[start..end];
        let source = format!("<source media=\"(max-width: 480px)\" srcset=\"{phone}\"");
        assert!(picture.contains(&source), "{} has no {source}: {picture}", c.id);
        assert!(picture.find("<source").unwrap() < picture.find("<img").unwrap(), "{}: source before img", c.id);
        assert!(picture.contains("class=\"chart-static\""), "{}", c.id);
    }
}

/// Every chapter of content, with its own words, drawing and colour: the nav links to it, its
/// head shows its kicker and illustration, and the page's head carries its colour in a
/// `<style>` (the CSP forbids style attributes).
#[test]
fn every_chapter_comes_from_content_with_its_kicker_art_and_colour() {
    let html = page();
    let head = prerender::head_tags();
    assert_eq!(html.matches("class=\"nav-link\"").count(), STORY.themes.len(), "one nav link per chapter");
    for t in STORY.themes {
        assert!(html.contains(&format!("href=\"#{}\" class=\"nav-link\">{}</a>", t.id, t.nav)), "nav link to {}", t.id);
        let at = html.find(&format!("<section id=\"{}\"", t.id)).unwrap();
        let section = &html[at..at + html[at..].find("</section>").unwrap()];
        assert!(section.contains(&format!("src=\"illustrations/{}\"", t.illustration)), "{} draws {}", t.id, t.illustration);
        assert!(section.contains(&format!("<p class=\"chapter-kicker\">{}</p>", t.kicker)), "{} kicker", t.id);
        assert!(section.contains(&format!("class=\"chapter chapter-{}\"", t.id)), "{} class", t.id);
        assert!(head.contains(&format!(".chapter-{}{{--chapter:{}}}", t.id, t.color)), "{} colour in the head: {head}", t.id);
        assert!(t.color.len() == 7 && t.color.starts_with('#') && !t.color.bytes().any(|b| b.is_ascii_uppercase()), "{}", t.color);
        for c in t.plan.charts {
            assert!(section.contains(&format!("<figure id=\"{c}\"")), "{} shows chart {c}", t.id);
        }
    }
    assert!(!html.contains(" style=\""), "no style attribute");
}

/// The app holds exactly the content folder it was built from (`WUSHAN_CONTENT_DIR`, another
/// edition, or `content/`): the same chapters in the same order, every figure and chart. Run
/// with the variable set, every check in this file is a check of that edition.
#[test]
fn the_page_is_built_from_the_content_folder_it_names() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let dir = std::env::var_os("WUSHAN_CONTENT_DIR").map_or(root.join("content"), |d| root.join(d));
    let content = wushan_content::load(&dir).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
    let ids: Vec<&str> = STORY.themes.iter().map(|t| t.id).collect();
    assert_eq!(ids, content.chapter_ids(), "chapters of {}", dir.display());
    let figures: Vec<&str> = INDICATORS.iter().map(|i| i.id).collect();
    let want: Vec<&str> = content.indicators.iter().map(|i| i.id.get_ref().as_str()).collect();
    assert_eq!(figures, want);
    let charts: Vec<&str> = CHARTS.iter().map(|c| c.id).collect();
    let want: Vec<&str> = content.charts.iter().map(|c| c.id.get_ref().as_str()).collect();
    assert_eq!(charts, want);
}
