//! The native-only half of the story: everything that runs at build time on the build
//! machine, never in a reader's browser. The prerender renders the app's components to the
//! static page with Yew SSR and writes the static chart images and the CSV
//! ([`prerender`]); the export draws the same charts into images for places that cannot run
//! the app: the share image and thumbnail ([`export`]), the share posters ([`poster`]) and
//! the WeChat article pack ([`pack`]). It depends on the app crate (`wushan`: data, charts,
//! components); nothing depends on it but its binaries and xtask, which runs them.

pub mod export;
pub mod pack;
pub mod poster;
pub mod prerender;
