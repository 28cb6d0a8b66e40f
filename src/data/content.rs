//! The dataset and story copy, generated from `content/` by `build.rs`.
use super::model::*;

include!(concat!(env!("OUT_DIR"), "/content.rs"));
