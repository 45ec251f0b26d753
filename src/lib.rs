//! spo2b2b: move SharePoint Online domain sharing restrictions into the Entra ID B2B allow/deny
//! list, offline, from an administrator's own export files.
//!
//! The crate is a pipeline: `ingest` turns bytes into the plain records of `model`, `domain`
//! gives every domain its one canonical form, `analyze` and `plan` compute findings, the
//! proposal and its blast radius, and `render` is the only code that writes output.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod commands;
pub mod config;
pub mod diag;
pub mod domain;
pub mod ingest;
pub mod model;
pub mod options;
pub mod output;
pub mod plan;
pub mod render;
pub mod report;
