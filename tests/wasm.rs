//! Browser tests (headless Chromium through wasm-bindgen-test-runner): the chart code on a
//! real canvas, and a Yew component mounted in the page.
#![cfg(target_arch = "wasm32")]

use plotters::prelude::*;
use wushan::story::web::canvas::Canvas;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use wushan::charts::{self, Frame, Measure};
use wushan::data::CHARTS;
use wushan::story::{ChartCard, ChartCardProps, ChartLive, ChartLiveProps};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64).unwrap().data();
    data.chunks(4).filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200)).count()
}

struct Approx;
impl Measure for Approx {
    fn width(&self, text: &str, px: f64) -> f64 {
        text.chars().map(|c| if (c as u32) < 0x2E80 { 0.56 } else { 1.0 }).sum::<f64>() * px
    }
}

/// Mirrors the native snapshot tests: every chart, drawn by the same code on a canvas.
#[wasm_bindgen_test]
fn every_chart_draws_ink_on_a_canvas() {
    for spec in CHARTS {
        let layout = charts::layout(spec, 360.0, &Approx);
        let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
        canvas.set_width((layout.width * 2.0) as u32);
        canvas.set_height((layout.height * 2.0) as u32);
        let area = Canvas::new(canvas.clone()).unwrap().into_drawing_area();
        let frame = Frame { progress: 1.0, highlight: &[], focus: None, dark: false };
        charts::draw(&area, &layout, &frame, 2.0).unwrap();
        area.present().unwrap();
        assert!(inked_pixels(&canvas) > 200, "chart {} left the canvas blank", spec.id);
    }
}

/// The canvas backend writes colours as CSS text without float formatting: a half-transparent
/// fill comes out half-transparent, a one-pixel horizontal line covers one row (not two half
/// rows), and text is drawn at the size asked for.
#[wasm_bindgen_test]
fn canvas_backend_colours_lines_and_text() {
    let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(40);
    canvas.set_height(40);
    let mut backend = Canvas::new(canvas.clone()).unwrap();
    backend.draw_line((0, 20), (40, 20), &RGBColor(0, 0, 255).stroke_width(1)).unwrap();
    let area = backend.into_drawing_area();
    area.draw(&Rectangle::new([(0, 0), (10, 10)], RGBAColor(255, 0, 0, 0.5).filled())).unwrap();
    area.draw(&Text::new("M", (20, 30), ("sans-serif", 10.5).into_font().color(&BLACK))).unwrap();
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let px = |x: f64, y: f64| ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data().to_vec();
    let fill = px(5.0, 5.0);
    assert_eq!(fill[0], 255, "red fill: {fill:?}");
    assert!((fill[3] as i32 - 128).abs() <= 1, "alpha 0.5 gives a half-transparent pixel: {fill:?}");
    assert_eq!(px(20.0, 19.0)[3], 255, "the line fills the row above y = 20 entirely");
    assert_eq!(px(20.0, 20.0)[3], 0, "and nothing of the row below");
    assert_eq!(ctx.font(), "10.5px sans-serif", "the font is set with its fractional size");

    // Rotated text sets its colour between save() and restore(); the backend must not
    // believe that colour is still set afterwards.
    let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(40);
    canvas.set_height(40);
    let area = Canvas::new(canvas.clone()).unwrap().into_drawing_area();
    let blue = RGBColor(0, 0, 255);
    area.draw(&Rectangle::new([(0, 0), (10, 10)], RED.filled())).unwrap();
    let turned = ("sans-serif", 10.0).into_font().transform(FontTransform::Rotate90).color(&blue);
    area.draw(&Text::new("M", (30, 0), turned)).unwrap();
    area.draw(&Rectangle::new([(0, 20), (10, 30)], blue.filled())).unwrap();
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let after = ctx.get_image_data(5.0, 25.0, 1.0, 1.0).unwrap().data().to_vec();
    assert_eq!(&after[..3], &[0, 0, 255], "a fill after rotated text has its own colour: {after:?}");
}

/// A Yew component in the browser: the chart card mounts, sizes its backing store to
/// CSS size × devicePixelRatio, draws, and a click on a mark writes its figure in the readout.
#[wasm_bindgen_test]
async fn chart_card_draws_crisp_and_answers_a_tap() {
    let host = document().create_element("div").unwrap();
    host.set_attribute("style", "width:360px").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let spec = CHARTS.iter().find(|c| c.kind == wushan::data::ChartKind::Bars).unwrap_or(&CHARTS[0]);
    yew::Renderer::<ChartCard>::with_root_and_props(host.clone(), ChartCardProps { spec, active: true, anchor: true, poster: false, sizes: None }).render();
    sleep(50).await;
    // The card is static; its chart box is the island, rendered as the page runtime does.
    let chart_box = host.query_selector(".chart-box [data-island]").unwrap().expect("the card has an island box");
    let live = ChartLiveProps { spec, highlight: &[], instant: true, hidden: false };
    yew::Renderer::<ChartLive>::with_root_and_props(chart_box, live).render();
    sleep(300).await;

    let title = host.query_selector("h3").unwrap().unwrap().text_content().unwrap();
    assert_eq!(title, spec.title);
    let canvas: HtmlCanvasElement = host.query_selector("canvas").unwrap().unwrap().unchecked_into();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    let css_w = canvas.get_bounding_client_rect().width();
    let box_w = host.query_selector(".chart-box").unwrap().unwrap().client_width() as f64;
    assert!((css_w - box_w.max(280.0)).abs() < 0.5, "canvas laid out at its box's width {box_w}, got {css_w}");
    assert!((canvas.width() as f64 - (css_w * dpr).round()).abs() <= 1.0, "backing store = CSS × DPR");
    assert!(inked_pixels(&canvas) > 200, "the card drew its chart");
    assert!(host.query_selector(".chart-box.is-live").unwrap().is_some(), "static image swapped for the canvas");

    // Tap the first mark: its exact figure appears in the readout.
    let layout = charts::layout(spec, css_w, &Approx);
    let m = &layout.marks[0];
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((canvas.get_bounding_client_rect().left() + m.x + m.w / 2.0) as i32);
    init.set_client_y((canvas.get_bounding_client_rect().top() + m.y + m.h / 2.0) as i32);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    canvas.dispatch_event(&click).unwrap();
    sleep(50).await;
    let readout = host.query_selector(".readout").unwrap().unwrap().text_content().unwrap();
    let first = wushan::data::indicator(m.id).unwrap();
    assert!(readout.contains(&wushan::data::format::figure(first)), "readout was {readout:?}");
}
