//! The story's content folder (`content/`, or another edition's folder): its on-disk shape
//! (serde types at the edge, [`raw`]), loading ([`load`]), validation with file/line/field
//! messages worded for the journalist who edits it ([`validate`]), and the code generation
//! that turns it into `'static` Rust data for the app ([`codegen`]).
//!
//! The app's `build.rs` uses this crate as a build-dependency, so a broken content file fails
//! the build and the wasm carries no parser; tests use it as a dev-dependency. The words a
//! journalist can use (units, kinds, chart kinds, interface keys) are in [`vocab`].

pub mod codegen;
pub mod load;
pub mod raw;
pub mod validate;
pub mod vocab;

pub use codegen::{generate, vocabulary};
pub use load::{check_illustrations, load, FILES};
pub use raw::Content;
pub use validate::validate;
pub use vocab::*;

use std::fmt;
use toml::Spanned;

/// One problem in a content file, worded for the journalist who edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: field `{}`: {}", self.file, self.line, self.field, self.message)
    }
}

/// A text file with its name, for turning byte spans into line numbers.
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn line_of(&self, byte: usize) -> usize {
        self.text[..byte.min(self.text.len())].matches('\n').count() + 1
    }

    /// An error at the line where `at` stands.
    pub fn err<T>(&self, at: &Spanned<T>, field: &str, message: impl Into<String>) -> ContentError {
        ContentError {
            file: self.name.clone(),
            line: self.line_of(at.span().start),
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// An error about the file as a whole (something missing), at line 0.
    pub fn err_file(&self, field: &str, message: impl Into<String>) -> ContentError {
        ContentError { file: self.name.clone(), line: 0, field: field.to_string(), message: message.into() }
    }
}
