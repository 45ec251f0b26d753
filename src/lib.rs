//! spo2b2b: move SharePoint Online domain sharing restrictions into the Entra ID B2B allow/deny
//! list, offline, from an administrator's own export files.
//!
//! The crate is a pipeline: `ingest` turns bytes into the plain records of `model`, `domain`
//! gives every domain its one canonical form, `plan` computes the proposal and its ledger,
//! `analyze` runs the checks and the blast radius, `report` assembles a run, and `render` is the
//! only code that writes output. `commands` runs one subcommand over those stages; the binary
//! turns the command line into its request. See ARCHITECTURE.md.
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
