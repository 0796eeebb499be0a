//! The writers: a resolved map or its numbers turned into text that users
//! open, each format in one file. They serialise what earlier stages made;
//! none computes geometry or numbers of its own.

pub mod gallery;
pub mod geojson;
pub(crate) mod geojson_text;
pub mod svg;
pub mod tables;
