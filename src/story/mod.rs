//! Story components.
