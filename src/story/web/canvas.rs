//! A plotters `DrawingBackend` on a `<canvas>` 2D context, for the live charts.
//!
//! It does what `plotters-canvas`'s `CanvasBackend` does, with one difference that matters
//! for the wasm: colours and fonts are written as CSS text by integer arithmetic
//! (`charts::fixed`), never by `format!` on an `f64`. plotters-canvas formats an `f64` for
//! every colour it sets, and that alone linked Rust's float printing (Grisu, Dragon and
//! their tables) into the wasm; see ARCHITECTURE.md, "Wasm size".
//!
//! Like plotters-canvas, horizontal and vertical lines are moved half a pixel, so that a
//! one-pixel line covers one row of pixels instead of blurring over two.

use crate::charts::{clamp, fixed};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::FontTransform;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The browser refused a drawing call (it never does for the calls made here; plotters needs
/// an error type).
#[derive(Debug)]
pub struct CanvasError;

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("canvas error")
    }
}

impl std::error::Error for CanvasError {}

type Result = std::result::Result<(), DrawingErrorKind<CanvasError>>;

pub struct Canvas {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The fill, stroke and font last set on the context by this backend: a chart sets the
    /// same few many times per frame, and each set crosses into JS and parses CSS.
    fill: Option<ColorKey>,
    stroke: Option<ColorKey>,
    font: String,
}

impl Canvas {
    /// `None` when the browser gives no 2D context (some privacy modes refuse it).
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Canvas {
            canvas,
            ctx,
            fill: None,
            stroke: None,
            font: String::new(),
        })
    }

    fn fill(&mut self, color: BackendColor) {
        let key = Some(key(color));
        if key != self.fill {
            self.ctx.set_fill_style_str(&css_color(color));
            self.fill = key;
        }
    }

    fn stroke(&mut self, style: &impl BackendStyle) {
        let key = Some(key(style.color()));
        if key != self.stroke {
            self.ctx.set_stroke_style_str(&css_color(style.color()));
            self.stroke = key;
        }
        self.ctx.set_line_width(style.stroke_width() as f64);
    }

    fn trace(&self, path: impl IntoIterator<Item = BackendCoord>) -> bool {
        let mut path = path.into_iter();
        self.ctx.begin_path();
        let Some((x, y)) = path.next() else {
            return false;
        };
        self.ctx.move_to(x as f64, y as f64);
        for (x, y) in path {
            self.ctx.line_to(x as f64, y as f64);
        }
        true
    }
}

/// `rgba(r,g,b,a)` with the alpha to three decimals: CSS text without float formatting.
/// A colour as compared: the CSS text is only written when the colour changes.
type ColorKey = ((u8, u8, u8), u64);

fn key(c: BackendColor) -> ColorKey {
    (c.rgb, c.alpha.to_bits())
}

fn css_color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", fixed(clamp(c.alpha, 0.0, 1.0), 3))
}

fn cast(_: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError)
}

/// Half-pixel offsets for horizontal and vertical lines (see the module comment).
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if a.0 == b.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if a.1 == b.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result {
        if color.alpha > 0.0 {
            self.fill(color);
            self.ctx.fill_rect(x as f64, y as f64, 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 {
            let (a, b) = crisp(from, to);
            self.stroke(style);
            self.ctx.begin_path();
            self.ctx.move_to(a.0, a.1);
            self.ctx.line_to(b.0, b.1);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha > 0.0 {
            let (x, y, w, h) = (
                ul.0 as f64,
                ul.1 as f64,
                (br.0 - ul.0) as f64,
                (br.1 - ul.1) as f64,
            );
            if fill {
                self.fill(style.color());
                self.ctx.fill_rect(x, y, w, h);
            } else {
                self.stroke(style);
                self.ctx.stroke_rect(x, y, w, h);
            }
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 && self.trace(path) {
            self.stroke(style);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 && self.trace(path) {
            self.ctx.close_path();
            self.fill(style.color());
            self.ctx.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.ctx.begin_path();
        self.ctx
            .arc(
                c.0 as f64,
                c.1 as f64,
                radius as f64,
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(cast)?;
        if fill {
            self.fill(style.color());
            self.ctx.fill();
        } else {
            self.stroke(style);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        let quarter_turns = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 1,
            FontTransform::Rotate180 => 2,
            FontTransform::Rotate270 => 3,
        };
        let (x, y) = if quarter_turns == 0 {
            (x as f64, y as f64)
        } else {
            self.ctx.save();
            self.ctx.translate(x as f64, y as f64).map_err(cast)?;
            self.ctx
                .rotate(quarter_turns as f64 * std::f64::consts::FRAC_PI_2)
                .map_err(cast)?;
            (0.0, 0.0)
        };
        let anchor = style.anchor();
        self.ctx.set_text_baseline(match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.ctx.set_text_align(match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.fill(color);
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            fixed(style.size(), 2),
            style.family().as_str()
        );
        if font != self.font {
            self.ctx.set_font(&font);
            self.font = font;
        }
        self.ctx.fill_text(text, x, y).map_err(cast)?;
        if quarter_turns != 0 {
            self.ctx.restore();
            // restore() brought back the fill and font from before save().
            self.fill = None;
            self.font.clear();
        }
        Ok(())
    }
}
