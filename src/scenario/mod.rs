//! The scenario engine: control areas from shares (or from user-supplied
//! lines), and the operations of a proposal applied to them.

pub mod borders;
pub mod fit;
