//! The benchmark's plan corpus: a site of any size for planpress
//! ([`corpus::generate`]) and its twin for Hugo ([`corpus::hugo`]), the same
//! words in both.

pub mod corpus;
