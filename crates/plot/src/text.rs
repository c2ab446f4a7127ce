//! The one font of every picture: DejaVu Sans, shipped inside the crate and registered with
//! plotters under [`FONT_FAMILY`], so text renders the same on any machine.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle};

use crate::MapError;

/// Family name the shipped font is registered under; also the SVG `font-family` list.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../data/DejaVuSans.ttf");
/// DejaVu Sans (ascent − descent) / em.
pub(crate) const HEIGHT_PER_EM: f64 = 2384.0 / 2048.0;
/// DejaVu Sans cap height / (ascent − descent).
pub(crate) const CAP_PER_HEIGHT: f64 = 1493.0 / 2384.0;

/// Registers the shipped font once; call before drawing any text.
pub fn ensure_font() -> Result<(), MapError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(MapError::Font(
            "embedded DejaVuSans.ttf did not load".into(),
        ))
    }
}

/// The shipped font at `size` drawing pixels (ascent to descent).
pub fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
}

/// Advance width of `text` in the shipped font at `size` drawing pixels (an estimate if
/// the font cannot measure it).
pub fn text_width(text: &str, size: f64) -> f64 {
    font(size)
        .box_size(text)
        .map(|(w, _)| f64::from(w))
        .unwrap_or(text.chars().count() as f64 * size * 0.55)
}
