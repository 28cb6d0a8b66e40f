//! Charts: filled in by the charts work.
