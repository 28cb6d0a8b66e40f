//! The share poster sheet: each chart card's "save image" link
//! ([`poster_link`]) points at its poster PNG (`posters/<chart id>.png`, written by
//! `cargo xtask dist`, see `crates/site/src/poster.rs`), so it works without any script. `assets/poster.js`
//! turns the link into a button that opens the page's one [`PosterSheet`] with the poster as a
//! plain `<img>` (its `src` set only then), to long-press and save or send. The sheet is a
//! modal dialog: focus stays in it, Esc, its close button and the back gesture close it, and
//! focus returns to the link.
//!
//! The one-file edition and embed.html have no posters: embed.html renders no link and no
//! sheet, and the one-file edition's bundle step drops both (`xtask/src/offline.rs`).

#[cfg(not(target_arch = "wasm32"))]
use super::ui;
use yew::prelude::*;

/// The sheet's element id, which `assets/poster.js` looks up.
pub const SHEET_ID: &str = "poster-sheet";

/// The file stem of the story's poster (`posters/story.png`); a chart id never has this name.
pub const STORY_POSTER: &str = "story";

/// The poster of a chart (by id), or of the story ([`STORY_POSTER`]), relative to the page.
pub fn poster_href(name: &str) -> String {
    format!("posters/{name}.png")
}

/// The "save image" link to a chart's poster, or with [`STORY_POSTER`] to the story's. Only
/// the prerendered page has posters: the development server (`cargo xtask serve`, which
/// renders the page in the browser) has none, so there the link is not rendered, and the
/// wasm carries none of the posters' words (`Ui`'s `poster_*` fields are native only).
pub fn poster_link(name: &str) -> Html {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let label = if name == STORY_POSTER { ui().poster_save_story } else { ui().poster_save };
        html! {
            <a class="poster-open" href={poster_href(name)} data-poster={name.to_string()}>{label}</a>
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = name;
        Html::default()
    }
}

/// The sheet, hidden until `assets/poster.js` opens it. Its image has no `src` in the page, so
/// no poster is downloaded before a reader asks for one.
#[component]
pub fn PosterSheet() -> Html {
    #[cfg(target_arch = "wasm32")]
    return Html::default();
    #[cfg(not(target_arch = "wasm32"))]
    html! {
        <section id={SHEET_ID} class="poster-sheet" role="dialog" aria-modal="true"
            aria-labelledby="poster-sheet-h" aria-describedby="poster-sheet-hint" hidden=true>
            <div class="poster-sheet-panel">
                <h2 id="poster-sheet-h" class="poster-sheet-title">{ui().poster_sheet_label}</h2>
                <img class="poster-img" alt="" />
                <p id="poster-sheet-hint" class="poster-hint">{ui().poster_hint}</p>
                <button type="button" class="poster-close">{ui().poster_close}</button>
            </div>
        </section>
    }
}
