//! attrib-core: Attrib's annotation model, exact offsets, file formats,
//! opening files, span matching, quote suggestions, assignments and
//! scoring against an answer key. Pure Rust with no browser dependency, so it is
//! tested natively and shared by the web app and the `attrib` CLI.

pub mod adjudicate;
pub mod agree;
pub mod assignment;
pub mod corpus;
pub mod excerpt;
pub mod formats;
pub mod limits;
pub mod matching;
pub mod model;
pub mod schema_diff;
pub mod score;
pub mod sort;
pub mod style;
pub mod suggest;
#[cfg(test)]
mod test_fixtures;
pub mod text;
pub mod validate;
pub mod workspace;

pub use model::{
    AnnotatedDocument, Annotation, DocStatus, Kind, LabelSet, Metadata, Schema, Span, Speaker,
    Stance, StanceTarget,
};
pub use text::{Document, OffsetIndex};
