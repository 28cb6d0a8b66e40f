//! Scales: value to pixel, and "nice" axis steps. Geometry only: nothing here is printed
//! except gauge tick numbers, which are axis positions, not published figures.

/// A linear map from a value domain to a pixel range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        Linear {
            d0: domain.0,
            d1: domain.1,
            r0: range.0,
            r1: range.1,
        }
    }

    /// The pixel for `v`, clamped to the range.
    pub fn map(&self, v: f64) -> f64 {
        if self.d1 == self.d0 || !v.is_finite() {
            return self.r0;
        }
        let t = clamp((v - self.d0) / (self.d1 - self.d0), 0.0, 1.0);
        self.r0 + t * (self.r1 - self.r0)
    }
}

/// The 1-2-5 step that splits `0..max` into at most `max_ticks` intervals.
pub fn nice_step(max: f64, max_ticks: usize) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / max_ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag)
}

/// The smallest multiple of a 1-2-5 step at or above `v` (a round axis end).
pub fn nice_ceil(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= v - 1e-9)
        .unwrap_or(10.0 * mag)
}

/// Tick positions 0, step, 2·step … up to `max`.
pub fn ticks(max: f64, step: f64) -> Vec<f64> {
    let n = (max / step + 1e-9).floor() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// `v` limited to `lo..=hi`. Not `f64::clamp`: its check that `lo <= hi` panics with a message
/// that prints both floats, and that one message linked Rust's float formatting (about 10 KB
/// of code) into the wasm. With `lo > hi` this gives `hi`; with NaN, `lo`.
pub fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// `v` with `decimals` digits after the point, by integer arithmetic, so that the wasm needs no
/// float formatting (about 10 KB of code): `fixed(2.5, 1)` = "2.5", `fixed(-0.05, 2)` = "-0.05".
pub fn fixed(v: f64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let n = (v * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (int, frac) = (n.unsigned_abs() / scale as u64, n.unsigned_abs() % scale as u64);
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    let frac = frac.to_string();
    format!("{sign}{int}.{}{frac}", "0".repeat(decimals as usize - frac.len()))
}

/// A tick number with as many decimals as the step needs: `0`, `2.5`, `10`.
pub fn tick_text(v: f64, step: f64) -> String {
    let decimals = (0..=4usize)
        .find(|d| {
            let x = step * 10f64.powi(*d as i32);
            (x - x.round()).abs() < 1e-6
        })
        .unwrap_or(4);
    let s = fixed(v, decimals as u32);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_and_clamps() {
        let s = Linear::new((0.0, 100.0), (10.0, 210.0));
        assert_eq!(s.map(0.0), 10.0);
        assert_eq!(s.map(50.0), 110.0);
        assert_eq!(s.map(100.0), 210.0);
        assert_eq!(s.map(150.0), 210.0);
        assert_eq!(s.map(-1.0), 10.0);
        assert_eq!(Linear::new((0.0, 0.0), (5.0, 9.0)).map(3.0), 5.0);
    }

    #[test]
    fn nice_steps_are_1_2_5() {
        assert_eq!(nice_step(5.0, 5), 1.0);
        assert_eq!(nice_step(100.0, 4), 25.0);
        assert_eq!(nice_step(10.0, 4), 2.5);
        assert_eq!(nice_step(4000.0, 4), 1000.0);
        assert_eq!(nice_step(0.8, 4), 0.2);
    }

    #[test]
    fn nice_ceil_rounds_up_to_a_round_number() {
        assert_eq!(nice_ceil(4.5), 5.0);
        assert_eq!(nice_ceil(3.0), 3.0);
        assert_eq!(nice_ceil(144.0), 150.0);
        assert_eq!(nice_ceil(0.07), 0.08);
    }

    #[test]
    fn fixed_matches_std_formatting() {
        for v in [0.0, 0.05, 0.4, 1.75, 2.5, 10.0, 99.7, 1234.5678, -0.5, -12.25, 2.625, 1.3333334] {
            for d in 0..=4usize {
                let want = format!("{v:.d$}");
                // std rounds half to even on exact binary ties; only compare where it is unambiguous.
                if ((v * 10f64.powi(d as i32)).fract().abs() - 0.5).abs() > 1e-9 {
                    assert_eq!(fixed(v, d as u32), want, "{v} with {d} decimals");
                }
            }
        }
    }

    #[test]
    fn ticks_and_their_text() {
        assert_eq!(ticks(5.0, 1.0), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(tick_text(2.5, 2.5), "2.5");
        assert_eq!(tick_text(10.0, 2.5), "10");
        assert_eq!(tick_text(0.4, 0.2), "0.4");
        assert_eq!(tick_text(3.0, 1.0), "3");
    }
}
